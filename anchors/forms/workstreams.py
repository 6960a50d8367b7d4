"""Forms for workstreams, their participants and sponsorship, and organisation updates."""

from django import forms

from anchors.common.forms import DateField, GovukForm, GovukModelForm, VersionedMixin
from anchors.forms.fields import PeopleChoiceField
from anchors.models import Participation, Person, Workstream


def _people(collaborative):
    return (
        Person.objects.filter(collaborative=collaborative)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


class WorkstreamForm(VersionedMixin, GovukModelForm):
    submit_label = "Save workstream"

    class Meta:
        model = Workstream
        fields = ["name", "purpose", "objectives", "next_workshop_on"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "govuk-!-width-three-quarters"}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, creating=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Enter the workstream’s name."
        if creating:
            self.fields["status"] = forms.ChoiceField(
                label="Status to start with",
                choices=Workstream.Status.choices,
                initial=Workstream.Status.PROPOSED,
                widget=forms.RadioSelect,
            )
            self.fields["reason"] = forms.CharField(
                label="Why it starts in this status (optional)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def validate_unique(self):
        """Names are checked by the service, which knows the collaborative."""


class WorkstreamStatusForm(VersionedMixin, GovukForm):
    submit_label = "Change status"
    status = forms.ChoiceField(
        label="New status",
        choices=Workstream.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the new status."},
    )
    reason = forms.CharField(
        label="Reason for the change",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Everyone sees this in the workstream’s status history.",
        error_messages={"required": "Enter the reason for changing the status."},
    )

    class Meta:
        fields = ["status"]

    def __init__(self, *args, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            self.fields["status"].choices = [
                (value, label) for value, label in Workstream.Status.choices if value != current
            ]

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for changing the status.")
        return reason


class ParticipationForm(VersionedMixin, GovukModelForm):
    submit_label = "Save"

    class Meta:
        model = Participation
        fields = ["lead", "sponsor", "staff_days_per_quarter", "funding", "joined_on"]
        widgets = {
            "staff_days_per_quarter": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            "funding": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        }
        labels = {"funding": "Money committed (£)"}
        help_texts = {
            "staff_days_per_quarter": "Staff time the organisation gives this work, in days a "
            "quarter. Leave blank if none is committed.",
            "funding": "In pounds. Leave blank if none is committed.",
        }

    def __init__(self, *args, collaborative=None, adding=False, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "sponsor"):
            self.fields[name] = PeopleChoiceField(
                queryset=_people(collaborative),
                required=False,
                label=self.fields[name].label,
                help_text=self.fields[name].help_text,
                empty_label="Nobody yet",
            )
        self.fields["sponsor"].label = "Senior sponsor"
        if adding:
            self.fields["organisation"] = forms.ModelChoiceField(
                queryset=organisations,
                label="Organisation",
                empty_label="Choose an organisation",
                error_messages={"required": "Choose the organisation that takes part."},
            )
            self.fields["sponsorship"] = forms.ChoiceField(
                label="Sponsorship",
                choices=Participation.Sponsorship.choices,
                initial=Participation.Sponsorship.NOT_SOUGHT,
                widget=forms.RadioSelect,
            )
            self.order_fields(["organisation"])

    def validate_unique(self):
        """The service checks an organisation joins a workstream once."""


class SponsorshipForm(VersionedMixin, GovukForm):
    submit_label = "Save sponsorship"
    sponsorship = forms.ChoiceField(
        label="Where does senior sponsorship stand?",
        choices=Participation.Sponsorship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where sponsorship stands."},
    )
    sponsorship_date = DateField(
        label="Since",
        required=False,
        help_text="The date it reached this state, for example 27 3 2025. Blank: today.",
    )
    sponsor = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Senior sponsor",
        empty_label="Nobody named",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example what is needed before sponsorship can be given.",
    )

    class Meta:
        fields = ["sponsorship", "sponsorship_date", "sponsor", "sponsorship_note"]

    def __init__(self, *args, collaborative=None, can_name_sponsor=True, **kwargs):
        super().__init__(*args, **kwargs)
        if can_name_sponsor:
            self.fields["sponsor"].queryset = _people(collaborative)
        else:
            del self.fields["sponsor"]


class UpdateForm(VersionedMixin, GovukForm):
    submit_label = "Save update"
    organisation = forms.ChoiceField(
        label="Update from",
        error_messages={
            "required": "Choose your organisation.",
            "invalid_choice": "Choose your own organisation: updates are posted for it only.",
        },
    )
    date = DateField(
        label="Date", required=False, help_text="For example, 27 3 2025. Blank: today."
    )
    current_focus = forms.CharField(
        label="Current focus", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    challenges = forms.CharField(
        label="Challenges", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    successes = forms.CharField(
        label="Successes", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        fields = ["date", "current_focus", "challenges", "successes"]

    def __init__(self, *args, organisations=None, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations or []}
        if editing:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].choices = [
                (pk, o.name) for pk, o in self.organisations.items()
            ]
            if len(self.organisations) > 1:
                self.fields["organisation"].choices.insert(0, ("", "Choose an organisation"))

    def clean_organisation(self):
        return self.organisations[self.cleaned_data["organisation"]]

    def clean(self):
        data = super().clean()
        if not any((data.get(name) or "").strip() for name in self.Meta.fields[1:]):
            self.add_error(
                "current_focus", "Write at least one of current focus, challenges or successes."
            )
        return data
