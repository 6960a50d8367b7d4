"""Forms for the framework, periods, targets, the submission grid, review and import."""

from decimal import Decimal

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from anchors.common.forms import (
    DateField,
    DecimalField,
    GovukForm,
    GovukModelForm,
    IntegerField,
    NumberInput,
    VersionedMixin,
)
from anchors.common.forms.widgets import make_lean
from anchors.common.locking import version_of
from anchors.models import Theme
from metrics.formatting import format_figure
from metrics.imports.reading import MAX_BYTES
from metrics.models import Metric, Outcome, ReportingPeriod
from metrics.models.framework import DECIMAL_PLACES, MAX_DIGITS
from metrics.models.periods import financial_year_label
from metrics.rules import (
    EVIDENCE_EXTENSIONS,
    VALUE_NEGATIVE,
    evidence_file_error,
    evidence_missing,
    figure_errors,
    figure_shape,
    number_messages,
)
from metrics.services import Entry, GridError


class MetricForm(VersionedMixin, GovukModelForm):
    version_note = forms.CharField(
        label="Version note",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What changed in the framework and why. Everyone sees it on the framework page.",
        max_length=1000,
    )

    class Meta:
        model = Metric
        fields = [
            "code",
            "name",
            "definition",
            "outcome",
            "themes",
            "unit",
            "kind",
            "over_time",
            "direction",
            "numerator_label",
            "denominator_label",
            "allow_negative",
            "proxy_value",
            "proxy_source",
            "proxy_year",
            "evidence_required",
            "active",
            "order",
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "unit": forms.RadioSelect,
            "kind": forms.RadioSelect,
            "over_time": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 4}),
            "evidence_required": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "over_time": "Over a year",
            "proxy_source": "Source of the proxy value",
            "proxy_year": "Year of the proxy value",
            "active": "Collected now (untick to retire the metric, keeping its values)",
        }

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative or getattr(self.instance, "collaborative", None)
        self.fields["outcome"].queryset = Outcome.objects.filter(
            collaborative=self.instance.collaborative
        )
        self.fields["themes"].queryset = Theme.objects.filter(
            collaborative=self.instance.collaborative
        ).order_by("name")
        self.fields["themes"].required = False


class OutcomeForm(GovukForm):
    submit_label = "Add outcome"
    name = forms.CharField(max_length=200, label="Outcome")
    description = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="What it means"
    )


def year_choices(periods=None, around=None):
    years = sorted({p.financial_year for p in periods or []} | set(around or []))
    return [(y, financial_year_label(y)) for y in years]


class TargetForm(GovukForm):
    submit_label = "Save target"
    organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        empty_label="Collective: all anchors together",
        label="Whose target",
    )
    financial_year = forms.TypedChoiceField(coerce=int, label="Financial year")
    value = DecimalField(
        max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES, min_value=0, label="Target"
    )
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    def __init__(self, *args, metric, organisations, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["financial_year"].choices = years
        if metric.is_ratio:
            self.fields["value"].help_text = "A percentage, like 30 for 30%."
        elif metric.over_time == Metric.OverTime.STOCK:
            self.fields[
                "value"
            ].help_text = f"The position to reach by the year end, in {metric.get_unit_display()}."
        else:
            self.fields[
                "value"
            ].help_text = f"The total for the whole year, in {metric.get_unit_display()}."


class PeriodForm(GovukForm):
    submit_label = "Add period"
    financial_year = IntegerField(
        min_value=2000,
        max_value=2100,
        label="Financial year",
        help_text="The year it starts: 2025 means April 2025 to March 2026.",
    )
    quarter = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (1, "Q1: April to June"),
            (2, "Q2: July to September"),
            (3, "Q3: October to December"),
            (4, "Q4: January to March"),
        ],
        widget=forms.RadioSelect,
    )
    deadline = DateField(
        required=False,
        label="Submission deadline (optional)",
        help_text="For example, 30 7 2025. Leave empty for 30 days after the quarter ends.",
    )


class PeriodEditForm(VersionedMixin, GovukForm):
    deadline = DateField(label="Submission deadline")
    state = forms.ChoiceField(
        choices=ReportingPeriod.State.choices,
        widget=forms.RadioSelect,
        help_text="Closed periods take no new values or changes.",
    )

    def saved_values(self, period):
        return [
            ("Submission deadline", f"{period.deadline.day} {period.deadline:%B %Y}"),
            ("State", period.get_state_display()),
        ]


class ReturnForm(VersionedMixin, GovukForm):
    submit_label = "Return for revision"
    reason = forms.CharField(
        label="Why are you returning it?",
        help_text="The anchor sees this and is emailed it. Say what to fix.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,  # the service refuses a blank reason with its own message
    )

    def saved_values(self, value):
        return [("Value", value.display), ("State", value.get_state_display())]


class ImportForm(GovukForm):
    submit_label = "Check the file"
    file = forms.FileField(
        label="Upload a CSV or Excel file",
        help_text=f"A .csv or .xlsx file up to {filesizeformat(MAX_BYTES)}, in the template’s "
        "layout. Nothing is saved until you have checked the preview and confirmed.",
        allow_empty_file=True,  # the importer explains an empty file itself
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xlsm"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the largest accepted is "
                f"{filesizeformat(MAX_BYTES)}. Split it into smaller files."
            )
        return upload


def check_evidence_file(upload):
    if message := evidence_file_error(upload):
        raise forms.ValidationError(message)
    return upload


def _figure_field(label, *, name, allow_negative=True):
    """A figure cell; every message names the cell, because the summary lists the whole grid.

    Its limits and messages are the import's too (``metrics.rules``): one shape, one wording.
    """
    max_digits, decimal_places = figure_shape("value")
    messages = number_messages("value")

    def _in_cell(message):
        return f"{name}: {message[0].lower()}{message[1:]}"

    return DecimalField(
        label=label,
        required=False,
        max_digits=max_digits,
        decimal_places=decimal_places,
        min_value=None if allow_negative else Decimal(0),
        error_messages={
            "invalid": _in_cell(messages["not_a_number"]),
            "max_digits": _in_cell(messages["too_large"]),
            "max_decimal_places": _in_cell(messages["too_many_places"]),
            "max_whole_digits": _in_cell(messages["too_large"]),
            "min_value": _in_cell(VALUE_NEGATIVE),
        },
        widget=NumberInput(
            attrs={"class": "govuk-input govuk-input--width-10", "autocomplete": "off"}
        ),
    )


class SubmissionForm(forms.Form):
    """The whole grid for one organisation and period: a row of fields per editable metric.

    Field names are ``m<metric id>-<part>``; parts are value (amounts), numerator and denominator
    (ratios), evidence_note, evidence_file and version.
    """

    def __init__(self, *args, rows, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        self.submitting = submitting
        for row in rows:
            if not row.editable:
                continue
            metric, value = row.metric, row.value
            prefix = f"m{metric.pk}"
            if metric.is_ratio:
                self.fields[f"{prefix}-numerator"] = _figure_field(
                    f"{metric.code} numerator: {metric.numerator_label}",
                    name=f"{metric.code} numerator",
                )
                self.fields[f"{prefix}-denominator"] = _figure_field(
                    f"{metric.code} denominator: {metric.denominator_label}",
                    name=f"{metric.code} denominator",
                )
            else:
                self.fields[f"{prefix}-value"] = _figure_field(
                    f"{metric.code} value ({metric.get_unit_display()})",
                    name=metric.code,
                    allow_negative=metric.allow_negative,
                )
            self.fields[f"{prefix}-evidence_note"] = forms.CharField(
                label=f"{metric.code} evidence note",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
                error_messages={
                    "max_length": f"{metric.code}: keep the evidence note under 2,000 characters"
                },
            )
            self.fields[f"{prefix}-evidence_file"] = forms.FileField(
                label=f"{metric.code} evidence file (optional)",
                required=False,
                widget=forms.FileInput(
                    attrs={
                        "class": "govuk-file-upload",
                        "accept": ",".join(EVIDENCE_EXTENSIONS),
                    }
                ),
            )
            self.fields[f"{prefix}-version"] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            if value is not None:
                self.initial.update(
                    {
                        f"{prefix}-value": value.value,
                        f"{prefix}-numerator": value.numerator,
                        f"{prefix}-denominator": value.denominator,
                        f"{prefix}-evidence_note": value.evidence_note,
                    }
                )
                self.initial[f"{prefix}-version"] = version_of(value)
        for field in self.fields.values():  # hundreds of inputs: written without templates
            make_lean(field)

    def clean(self):
        data = super().clean()
        for name in list(self.fields):
            if name.endswith("-evidence_file") and data.get(name):
                try:
                    check_evidence_file(data[name])
                except forms.ValidationError as error:
                    self.add_error(name, error)
        # The metric's own rules (numerator within denominator, both halves of a ratio) are
        # checked here too, so every problem in the grid shows at once; the service checks again.
        for row in self.rows:
            if not row.editable:
                continue
            prefix = f"m{row.metric.pk}"
            names = {part: f"{prefix}-{part}" for part in ("value", "numerator", "denominator")}
            present = [n for n in names.values() if n in self.fields]
            if any(n in self.errors for n in present):
                continue
            figures = {part: data.get(n) for part, n in names.items()}
            if all(v is None for v in figures.values()):
                continue
            for part, message in figure_errors(row.metric, **figures):
                self.add_cell_error(row.metric.pk, part, message)
            if self.submitting and evidence_missing(
                note=data.get(f"{prefix}-evidence_note"),
                new_file=data.get(f"{prefix}-evidence_file"),
                saved=row.value,
            ):
                self.add_cell_error(
                    row.metric.pk, "evidence_note", "describe the evidence before submitting"
                )
        return data

    def bound_row(self, row):
        """The bound fields for one grid row, by part."""
        prefix = f"m{row.metric.pk}"
        parts = ("value", "numerator", "denominator", "evidence_note", "evidence_file", "version")
        return {
            part: self[f"{prefix}-{part}"] for part in parts if f"{prefix}-{part}" in self.fields
        }

    def entries(self):
        out = []
        for row in self.rows:
            if not row.editable:
                continue
            prefix = f"m{row.metric.pk}"
            data = self.cleaned_data
            out.append(
                Entry(
                    metric_id=row.metric.pk,
                    value=data.get(f"{prefix}-value"),
                    numerator=data.get(f"{prefix}-numerator"),
                    denominator=data.get(f"{prefix}-denominator"),
                    evidence_note=data.get(f"{prefix}-evidence_note") or "",
                    evidence_file=data.get(f"{prefix}-evidence_file"),
                    version=data.get(f"{prefix}-version") or "",
                )
            )
        return out

    def add_cell_error(self, metric_id, part, message):
        """An error on one cell, its message starting with the metric code."""
        code = next((r.metric.code for r in self.rows if r.metric.pk == metric_id), "")
        if code and not message.startswith(code):
            message = f"{code}: {message[0].lower()}{message[1:]}"
        name = f"m{metric_id}-{part}"
        self.add_error(name if name in self.fields else None, message)

    def add_service_error(self, error):
        """The service's refusal: an error on each cell at fault, and for each cell someone else
        changed meanwhile, what is saved now (the form then carries its new version)."""
        self.stale_cells = []
        if not isinstance(error, GridError):
            self.add_error(None, error.message)
            return
        for metric_id, part, message in error.errors:
            self.add_cell_error(metric_id, part, message)
        self.data = self.data.copy()
        for cell in error.stale:
            metric, current = cell.metric, cell.current
            yours = _entry_display(metric, cell.entry)
            if current is None:
                message = (
                    f"Someone else removed the saved {metric.code} value after you opened this "
                    f"page. Yours: {yours}. Nothing has been saved; save again to keep yours."
                )
            else:
                who = current.entered_by.get_full_name() if current.entered_by else "someone else"
                when = timezone.localtime(current.updated_at)
                message = (
                    f"{who} changed {metric.code} after you opened this page. Saved now: "
                    f"{current.display} ({current.get_state_display().lower()}, "
                    f"{when:%-d %b %Y %H:%M}). Yours: {yours}. Nothing has been saved; save "
                    "again to replace the saved value with yours."
                )
            part = "numerator" if metric.is_ratio else "value"
            self.add_cell_error(metric.pk, part, message)
            self.data[f"m{metric.pk}-version"] = version_of(current) if current else ""
            self.stale_cells.append({"metric": metric, "current": current, "yours": yours})


def _entry_display(metric, entry):
    if metric.is_ratio:
        if entry.numerator is None and entry.denominator is None:
            return "empty"
        return f"{entry.numerator} of {entry.denominator}"
    return format_figure(entry.value, metric.unit) if entry.value is not None else "empty"
