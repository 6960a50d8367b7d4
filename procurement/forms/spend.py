"""Spend uploads: the file and its period, the lead's column mapping, the order of the dates."""

from crispy_forms_gds.layout import Field
from django import forms
from django.template.defaultfilters import filesizeformat

from anchors.common.forms import GovukForm
from anchors.models import Organisation
from metrics.imports.files import MAX_BYTES, column_label
from metrics.models import ReportingPeriod
from procurement.models import DateOrder
from procurement.spend import columns

NOT_IN_FILE = ("", "Not in this file")


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class SpendUploadForm(GovukForm):
    submit_label = "Check the file"

    organisation = forms.ModelChoiceField(
        label="Whose spend is it?", queryset=Organisation.objects.none(), empty_label=None
    )
    period = PeriodChoiceField(
        label="Reporting period",
        queryset=ReportingPeriod.objects.none(),
        empty_label=None,
        help_text="Every payment in the file must be dated within this quarter.",
    )
    file = forms.FileField(
        label="Spend file",
        help_text=f"A .csv or .xlsx file up to {filesizeformat(MAX_BYTES)}, as your finance "
        "team publishes it (“spend over £500”, “over £25,000”): titles above the headings and "
        "your own column names are fine. Nothing is saved until you have checked the preview "
        "and confirmed.",
        allow_empty_file=True,  # the reader explains an empty file itself
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xlsm"}),
    )

    def __init__(self, *args, organisations, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["period"].queryset = periods

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the largest accepted is "
                f"{filesizeformat(MAX_BYTES)}. Split it into smaller files."
            )
        return upload


class SpendColumnsForm(GovukForm):
    """One question a field: which of the file's columns holds it."""

    submit_label = "Save the columns"

    def __init__(self, *args, headings, mapping, date_order="", **kwargs):
        initial = {name: str(position) for name, position in mapping.items()}
        initial["date_order"] = date_order
        super().__init__(*args, initial=initial, **kwargs)
        choices = [NOT_IN_FILE] + [
            (str(i), column_label(h, i)) for i, h in enumerate(headings) if str(h).strip()
        ]
        for name, label in columns.FIELDS.items():
            required = name in columns.REQUIRED
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices if not required else choices[1:],
                required=required,
            )
        self.fields["date_order"] = forms.ChoiceField(
            label="How are the dates written?",
            choices=[("", "Work it out from the dates"), *DateOrder.choices],
            required=False,
            widget=forms.RadioSelect,
            help_text="Only needed when every date could be read either way, like 04/05/2025.",
        )

    def layout(self):
        return [*columns.FIELDS, Field.radios("date_order", small=True, legend_size="s")]

    def mapping(self) -> dict:
        return {
            name: int(self.cleaned_data[name])
            for name in columns.FIELDS
            if self.cleaned_data.get(name) not in (None, "")
        }


class SpendDateOrderForm(GovukForm):
    submit_label = "Confirm the date order"

    date_order = forms.ChoiceField(
        label="How are the dates in this file written?",
        choices=DateOrder.choices,
        widget=forms.RadioSelect,
    )

    def layout(self):
        return [Field.radios("date_order", small=True, legend_size="m")]
