"""Forms for workstreams, their participants and sponsorship, and organisation updates."""

from django import forms

from anchors.forms.base import VersionedMixin
from anchors.forms.fields import DATE_WIDGET, GovukFieldsMixin, PeopleChoiceField, date_field
from anchors.models import Participation, Person, Workstream


class WorkstreamForm(VersionedMixin, GovukFieldsMixin, forms.ModelForm):
    class Meta:
        model = Workstream
        fields = ["name", "purpose", "objectives", "next_workshop_on"]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "objectives": forms.Textarea(attrs={"rows": 5}),
            "next_workshop_on": forms.DateInput(attrs=dict(DATE_WIDGET), format="%Y-%m-%d"),
        }

    widths = {"name": "govuk-!-width-three-quarters"}

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
            self.style_fields()

    def validate_unique(self):
        """Names are checked by the service, which knows the collaborative."""


class WorkstreamStatusForm(VersionedMixin, GovukFieldsMixin, forms.Form):
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


class ParticipationForm(VersionedMixin, GovukFieldsMixin, forms.ModelForm):
    class Meta:
        model = Participation
        fields = ["lead", "sponsor", "staff_days_per_quarter", "funding", "joined_on"]
        widgets = {
            "joined_on": forms.DateInput(attrs=dict(DATE_WIDGET), format="%Y-%m-%d"),
        }
        labels = {"funding": "Money committed (£)"}
        help_texts = {
            "staff_days_per_quarter": "Staff time the organisation gives this work, in days a "
            "quarter. Leave blank if none is committed.",
            "funding": "In pounds. Leave blank if none is committed.",
        }

    widths = {
        "staff_days_per_quarter": "govuk-input--width-5",
        "funding": "govuk-input--width-10",
    }

    def __init__(self, *args, collaborative=None, adding=False, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = (
            Person.objects.filter(collaborative=collaborative)
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        for name in ("lead", "sponsor"):
            self.fields[name] = PeopleChoiceField(
                queryset=people,
                required=False,
                label=self.fields[name].label,
                help_text=self.fields[name].help_text,
                empty_label="Nobody yet",
            )
        self.fields["sponsor"].label = "Senior sponsor"
        self.fields["staff_days_per_quarter"].widget.attrs["inputmode"] = "decimal"
        self.fields["funding"].widget.attrs["inputmode"] = "decimal"
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
        self.style_fields()

    def validate_unique(self):
        """The service checks an organisation joins a workstream once."""


class SponsorshipForm(VersionedMixin, GovukFieldsMixin, forms.Form):
    sponsorship = forms.ChoiceField(
        label="Where does senior sponsorship stand?",
        choices=Participation.Sponsorship.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose where sponsorship stands."},
    )
    sponsorship_date = date_field(
        "Since",
        what="the date sponsorship reached this state",
        required=False,
        help_text="The date it reached this state. Blank: today.",
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
            self.fields["sponsor"].queryset = (
                Person.objects.filter(collaborative=collaborative)
                .select_related("organisation")
                .order_by("organisation__name", "name")
            )
        else:
            del self.fields["sponsor"]


class UpdateForm(VersionedMixin, GovukFieldsMixin, forms.Form):
    organisation = forms.ChoiceField(
        label="Update from", error_messages={"required": "Choose your organisation."}
    )
    date = date_field(
        "Date", what="the date of the update", required=False, help_text="Blank: today."
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
