"""Forms for apprenticeship programmes and their apprentices (pseudonymous references only)."""

from crispy_forms_gds.layout import Field
from django import forms

from anchors.common.forms import GovukModelForm, VersionedMixin
from anchors.forms.fields import FilterForm, filter_field
from anchors.models import Organisation
from workforce.models import Apprentice, ApprenticeshipProgramme

LEVEL_CHOICES = [("", "Any")] + [(str(n), f"Level {n}") for n in range(2, 8)]


class ProgrammeForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = ApprenticeshipProgramme
        fields = [
            "organisation",
            "standard_name",
            "level",
            "occupation",
            "places",
            "start_date",
            "duration_months",
            "training_provider",
            "funding",
            "transfer_from",
            "transfer_amount",
            "status",
        ]
        help_texts = {
            "standard_name": "As published by the Institute for Apprenticeships and Technical "
            "Education, like Senior Healthcare Support Worker.",
            "level": "From 2 (intermediate) to 7 (master's degree).",
            "transfer_from": "Only for a levy transfer: the organisation that gave the levy.",
            "transfer_amount": "Only for a levy transfer, in pounds.",
        }

    def __init__(self, *args, organisations, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = None if organisations.count() == 1 else ""
        self.fields["transfer_from"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        self.fields["level"].widget.attrs["class"] = "govuk-input govuk-input--width-2"

    def layout(self):
        return [
            "organisation",
            "standard_name",
            "level",
            "occupation",
            "places",
            "start_date",
            "duration_months",
            "training_provider",
            Field.radios("funding", small=True, legend_size="s"),
            "transfer_from",
            "transfer_amount",
            "status",
        ]

    def _post_clean(self):
        pass  # the service checks the organisation and the levy transfer, naming the field


class ProgrammeFilterForm(FilterForm):
    q = forms.CharField(label="Standard, occupation or provider", required=False, max_length=200)
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="Any",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=[("", "Any"), *ApprenticeshipProgramme.Status.choices],
        required=False,
    )
    level = forms.TypedChoiceField(
        label="Level", choices=LEVEL_CHOICES, required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        ).order_by("name")

    def layout(self):
        return [
            filter_field("q"),
            filter_field("organisation"),
            filter_field("status"),
            filter_field("level"),
        ]


class ApprenticeForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Apprentice
        fields = ["reference", "start_date", "expected_end_date", "outcome", "home_lsoa"]
        labels = {"reference": "Apprentice reference", "home_lsoa": "Home area (LSOA code)"}
        help_texts = {
            "reference": "A code your organisation keeps the key to, like ELFT-A-07. Never a "
            "name, date of birth or address.",
            "home_lsoa": "Optional. The Lower Layer Super Output Area where the apprentice lives, "
            "like E01001808, so the collaborative can see whether apprenticeships reach the most "
            "deprived areas. Not a postcode or address.",
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        self.instance.collaborative_id = programme.collaborative_id
        for name in ("reference", "home_lsoa"):
            self.fields[name].widget.attrs.update(
                {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
            )
        self.fields["home_lsoa"].widget.attrs["autocomplete"] = "off"

    def layout(self):
        return [
            "reference",
            "start_date",
            "expected_end_date",
            Field.radios("outcome", small=True, legend_size="s"),
            "home_lsoa",
        ]

    def _post_clean(self):
        pass  # the service checks the reference, the dates and the LSOA, naming the field
