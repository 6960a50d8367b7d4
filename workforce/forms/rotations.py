"""Forms for rotating apprenticeships: the rotation, a host, the cohort, a placement, the state
(with its reason) and accepting a proposal."""

from crispy_forms_gds.layout import Field
from django import forms

from anchors.common.forms import GovukForm, GovukModelForm, VersionedMixin
from anchors.models import Organisation
from workforce.models import Placement, Rotation, RotationHost


class RotationForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Rotation
        fields = [
            "name",
            "description",
            "start_date",
            "end_date",
            "placement_weeks",
            "max_gap_weeks",
            "min_employer_weeks",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.collaborative = collaborative
        for name in ("placement_weeks", "max_gap_weeks", "min_employer_weeks"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-3"

    def _post_clean(self):
        pass


class HostForm(VersionedMixin, GovukModelForm):
    organisation = forms.ModelChoiceField(
        label="Host organisation", queryset=Organisation.objects.none()
    )

    class Meta:
        model = RotationHost
        fields = ["organisation", "capacity", "available_from", "available_to", "supervisor"]
        labels = {
            "available_from": "Available from (optional)",
            "available_to": "Available to (optional)",
        }

    def __init__(self, *args, rotation, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.rotation = rotation
        self.instance.collaborative_id = rotation.collaborative_id
        if organisations is None:  # changing a host: its organisation stays
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        self.fields["capacity"].widget.attrs["class"] = "govuk-input govuk-input--width-3"

    def _post_clean(self):
        pass


class MemberForm(GovukForm):
    submit_label = "Add to the cohort"

    apprentice = forms.ModelChoiceField(
        label="Apprentice",
        queryset=None,
        help_text="Apprentices in learning on the hosts' programmes, by reference.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["apprentice"].queryset = candidates
        self.fields["apprentice"].label_from_instance = lambda a: (
            f"{a.reference} ({a.programme.standard_name}, {a.programme.organisation.short_name})"
        )


class PlacementForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Placement
        fields = [
            "apprentice",
            "host",
            "start_date",
            "end_date",
            "supervisor",
            "learning_objectives",
        ]
        labels = {"host": "Host organisation"}
        help_texts = {
            "supervisor": "A job title, like Deputy Director of Nursing: not a name.",
        }
        widgets = {"learning_objectives": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, rotation, hosts, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.rotation = rotation
        self.instance.collaborative_id = rotation.collaborative_id
        self.fields["host"].queryset = RotationHost.objects.filter(
            pk__in=[h.pk for h in hosts]
        ).select_related("organisation")
        self.fields["host"].label_from_instance = lambda h: h.organisation.name
        self.fields["host"].empty_label = None if len(hosts) == 1 else "Choose a host"
        self.fields["apprentice"].queryset = members
        self.fields["apprentice"].label_from_instance = lambda a: a.reference
        self.fields["apprentice"].empty_label = "Choose an apprentice"

    def _post_clean(self):
        pass  # the service checks the plan and refuses a clash, naming it


class StateForm(VersionedMixin, GovukForm):
    submit_label = "Change the state"

    state = forms.ChoiceField(label="New state", choices=Rotation.State.choices)
    reason = forms.CharField(
        label="Reason",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the rotation's history, and shown on its page.",
    )

    def layout(self):
        return [Field.radios("state", small=True, legend_size="s"), "reason", "version"]


class AcceptProposalForm(GovukForm):
    submit_label = "Accept this proposal and replace the placements"

    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=20000)
