"""Forms for new starters (a row, or counts), the starters file, and the workforce settings."""

from crispy_forms_gds.layout import Field
from django import forms
from django.template.defaultfilters import filesizeformat

from anchors.common.forms import DateField, GovukForm, GovukModelForm, IntegerField, VersionedMixin
from metrics.imports.files import MAX_BYTES
from metrics.models import ReportingPeriod
from workforce.deprivation import NO_LOOKUP
from workforce.models import Route, WorkforceSettings
from workforce.models.hiring import Band


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


def _open_periods(collaborative):
    return ReportingPeriod.objects.filter(
        collaborative=collaborative, state=ReportingPeriod.State.OPEN
    ).order_by("-financial_year", "-quarter")


class StarterForm(GovukForm):
    """A pseudonymous starter: no name, date of birth or address, ever."""

    submit_label = "Save starter"

    period = PeriodChoiceField(
        label="Reporting period", queryset=ReportingPeriod.objects.none(), empty_label=None
    )
    start_date = DateField(label="Start date", help_text="For example, 14 4 2026.")
    role_band = forms.ChoiceField(label="Role band", choices=[("", "")] + Band.choices)
    route = forms.ChoiceField(
        label="Route into work", choices=Route.choices, widget=forms.RadioSelect
    )
    home_lsoa = forms.CharField(
        label="Home LSOA (optional)",
        required=False,
        max_length=12,
        help_text="The Lower-layer Super Output Area of the starter’s home, like E01001808 — "
        "not the address. Leave blank if not known.",
    )
    home_postcode = forms.CharField(
        label="Or the home postcode (optional)",
        required=False,
        max_length=10,
        help_text="Looked up to find the LSOA, then forgotten: the postcode is not stored.",
    )

    def __init__(self, *args, collaborative, lookup_loaded, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = _open_periods(collaborative)
        self.fields["home_lsoa"].widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        )
        postcode = self.fields["home_postcode"]
        postcode.widget.attrs.update({"class": "govuk-input govuk-input--width-10"})
        self.lookup_loaded = lookup_loaded
        if not lookup_loaded:
            postcode.disabled = True
            postcode.help_text = NO_LOOKUP

    def clean(self):
        data = super().clean()
        # A disabled field ignores what is posted: a postcode sent anyway is refused, not dropped.
        if (
            not self.lookup_loaded
            and (self.data.get(self.add_prefix("home_postcode")) or "").strip()
        ):
            self.add_error("home_postcode", NO_LOOKUP)
        return data

    def layout(self):
        return [
            "period",
            "start_date",
            "role_band",
            Field.radios("route", small=True, legend_size="s"),
            "home_lsoa",
            "home_postcode",
        ]


class StarterCountForm(VersionedMixin, GovukForm):
    """Starters counted for a period and route, where an anchor will not share rows."""

    submit_label = "Save counts"

    period = PeriodChoiceField(
        label="Reporting period", queryset=ReportingPeriod.objects.none(), empty_label=None
    )
    route = forms.ChoiceField(
        label="Route into work", choices=Route.choices, widget=forms.RadioSelect
    )
    starters = IntegerField(label="New starters", min_value=0)
    resident_in_area = IntegerField(
        label="Of whom living in the collaborative’s boroughs", min_value=0
    )
    from_deprived_deciles = IntegerField(
        label="Of whom from the most deprived deciles", min_value=0
    )

    def __init__(self, *args, collaborative, cutoff, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = _open_periods(collaborative)
        self.fields["from_deprived_deciles"].label = f"Of whom living in IMD deciles 1 to {cutoff}"
        self.fields["from_deprived_deciles"].help_text = (
            f"Deciles of the {edition.name}, by home LSOA." if edition else ""
        )
        for name in ("starters", "resident_in_area", "from_deprived_deciles"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-5"

    def saved_fields(self):
        """What is saved now, shown when a save is refused because someone saved first."""
        return ["period", "route", "starters", "resident_in_area", "from_deprived_deciles"]

    def layout(self):
        return [
            "period",
            Field.radios("route", small=True, legend_size="s"),
            "starters",
            "resident_in_area",
            "from_deprived_deciles",
            "version",
        ]


class StarterFilterForm(GovukForm):
    submit_label = "Show"
    period = PeriodChoiceField(
        label="Reporting period",
        queryset=ReportingPeriod.objects.none(),
        required=False,
        empty_label="Every period",
    )

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(
            collaborative=collaborative
        ).order_by("-financial_year", "-quarter")


class StarterImportForm(GovukForm):
    submit_label = "Check the file"

    file = forms.FileField(
        label="Starters file",
        help_text=f"A .csv or .xlsx file up to {filesizeformat(MAX_BYTES)}, one starter a row. "
        "Nothing is saved until you have checked the preview and confirmed.",
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )


class WorkforceSettingsForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = WorkforceSettings
        fields = ["area_districts", "deprived_decile_cutoff"]
        help_texts = {
            "deprived_decile_cutoff": "Starters living in deciles 1 to this number of the "
            "English Indices of Deprivation count as from the most deprived areas (2 means the "
            "20% most deprived neighbourhoods in England)."
        }
