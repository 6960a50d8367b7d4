"""Forms for routes into work: a programme or partnership, and a period's counts."""

from crispy_forms_gds.layout import Field
from django import forms

from anchors.common.forms import GovukForm, GovukModelForm, IntegerField, VersionedMixin
from anchors.models import Organisation
from workforce.forms.hiring import PeriodChoiceField, _open_periods
from workforce.models import RouteProgramme


class RouteProgrammeForm(VersionedMixin, GovukModelForm):
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=Organisation.objects.none()
    )

    class Meta:
        model = RouteProgramme
        fields = ["organisation", "kind", "partner", "activity", "active"]
        widgets = {"kind": forms.RadioSelect}
        labels = {"partner": "Partner (a school, college or organisation — not a person)"}
        help_texts = {
            "activity": "What the programme does, like work experience for year 12 students.",
        }

    def __init__(self, *args, organisations, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if editing:
            del self.fields["organisation"]

    def layout(self):
        names = ["organisation"] if "organisation" in self.fields else []
        return [
            *names,
            Field.radios("kind", small=True, legend_size="s"),
            "partner",
            "activity",
            "active",
            "version",
        ]


class RouteActivityForm(GovukForm):
    submit_label = "Save counts"

    period = PeriodChoiceField(label="Reporting period", queryset=None, empty_label=None)
    people_reached = IntegerField(label="People reached", min_value=0)
    progressions = IntegerField(label="Progressions into employment", min_value=0)

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = _open_periods(collaborative)
        for name in ("people_reached", "progressions"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-5"
