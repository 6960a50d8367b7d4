"""An organisation's status row: every theme and opportunity in one form, one save."""

from django import forms

from anchors.common.forms import GovukForm
from anchors.common.locking import version_of
from procurement.models import Maturity

LEVEL_CHOICES = [("", "Not recorded yet")] + [
    (value, f"{value} – {label}") for value, label in Maturity.choices
]


class StatusRowForm(GovukForm):
    """Four fields and a version per cell, named ``<kind>-<pk>-<field>``."""

    submit_label = "Save all positions"

    def __init__(self, data=None, *, cells, **kwargs):
        super().__init__(data, **kwargs)
        self.cells = cells
        for cell in cells:
            column, status = cell.column, cell.status
            name = column.name
            prefix = column.key
            self.fields[f"{prefix}-level"] = forms.TypedChoiceField(
                label=f"Maturity for {name}",
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=status is not None,
                initial=status.level if status else "",
            )
            self.fields[f"{prefix}-narrative"] = forms.CharField(
                label=f"Where you are on {name}",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                initial=status.narrative if status else "",
            )
            self.fields[f"{prefix}-next_step"] = forms.CharField(
                label=f"Next step on {name}",
                required=False,
                max_length=300,
                widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                initial=status.next_step if status else "",
            )
            self.fields[f"{prefix}-evidence_url"] = forms.URLField(
                label=f"Evidence link for {name}",
                required=False,
                max_length=500,
                assume_scheme="https",
                widget=forms.URLInput(attrs={"class": "govuk-input", "spellcheck": "false"}),
                initial=status.evidence_url if status else "",
            )
            self.fields[f"{prefix}-version"] = forms.CharField(
                required=False,
                widget=forms.HiddenInput,
                initial=version_of(status) if status else "",
            )
            self.fields[f"{prefix}-level"].widget.attrs["class"] = "govuk-select"
        self.fields["confirm"] = forms.BooleanField(
            label="Positions I have not changed are still current",
            required=False,
        )

    def show_saved(self, instance):
        """After a refused stale save: what the other person saved in that cell, and its version
        carried by the form, so a second save replaces it knowingly."""
        name = str(instance.subject)
        self.current_values = [
            (f"{name}: maturity", f"{instance.level} {instance.get_level_display()}"),
            (f"{name}: where you are", instance.narrative or "—"),
            (f"{name}: next step", instance.next_step or "—"),
            (f"{name}: evidence link", instance.evidence_url or "—"),
        ]
        self.data = self.data.copy()
        self.data[f"{instance.subject_key}-version"] = version_of(instance)

    def rows(self):
        """(cell, {field: bound field}) in column order, for the template."""
        return [
            (
                cell,
                {
                    name: self[f"{cell.column.key}-{name}"]
                    for name in ("level", "narrative", "next_step", "evidence_url", "version")
                },
            )
            for cell in self.cells
        ]

    def entries(self):
        """(column, data) per cell, for the service."""
        data = self.cleaned_data
        return [
            (
                cell.column,
                {
                    name: data.get(f"{cell.column.key}-{name}")
                    for name in ("level", "narrative", "next_step", "evidence_url", "version")
                },
            )
            for cell in self.cells
        ]

    def clean(self):
        data = super().clean()
        for cell in self.cells:
            prefix = cell.column.key
            written = any(
                data.get(f"{prefix}-{name}") for name in ("narrative", "next_step", "evidence_url")
            )
            if written and not data.get(f"{prefix}-level") and f"{prefix}-level" not in self.errors:
                self.add_error(f"{prefix}-level", f"Select a maturity level for {cell.column.name}")
        return data
