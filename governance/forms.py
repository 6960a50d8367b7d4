"""Governance forms."""

from django import forms

from anchors.common.forms import DateField, DecimalField, GovukForm, GovukModelForm, VersionedMixin
from anchors.models import Organisation, Person, Role, Workstream
from governance.models import (
    AuthorityKind,
    Barrier,
    Condition,
    DelegatedAuthority,
    Escalation,
    GovernanceSettings,
    Group,
    Objective,
    Recommendation,
)
from metrics.models import Metric


# --- Part A: structure, escalations, registers, self-assessment ---------------------------------
def _people(collaborative):
    return Person.objects.filter(collaborative=collaborative).select_related("organisation")


def _sponsors(collaborative):
    return _people(collaborative).filter(memberships__role=Role.SENIOR_SPONSOR).distinct()


def _organisations(collaborative):
    return Organisation.objects.filter(collaborative=collaborative, active=True)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.short_name})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.short_name})"


class EscalationForm(GovukForm):
    submit_label = "Raise the escalation"
    title = forms.CharField(max_length=200, label="Title", help_text="In a few words.")
    ask = forms.ChoiceField(
        choices=Escalation.Ask.choices, label="What do you ask for?", widget=forms.RadioSelect
    )
    detail = forms.CharField(
        label="What is needed and why", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    impact = forms.CharField(
        label="Impact if nothing is done", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    needed_by = DateField(label="Date needed", error_label="date needed")
    addressed_group = forms.ModelChoiceField(
        queryset=None,
        label="Addressed to",
        empty_label=None,
        help_text="Usually the group above the one where the problem sits.",
    )
    addressed_sponsor = PersonChoiceField(
        queryset=None,
        required=False,
        label="Named senior sponsor (optional)",
        empty_label="No one by name",
    )
    asks_organisation = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label="Organisation asked to commit (optional)",
        empty_label="None",
    )
    authority_needed = forms.ChoiceField(
        choices=[("", "None"), *AuthorityKind.choices],
        required=False,
        label="Authority needed (optional)",
    )
    amount = DecimalField(
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        label="Amount in pounds (optional)",
        help_text="For spend: how much is asked for.",
    )

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["addressed_group"].queryset = Group.objects.filter(collaborative=collaborative)
        self.fields["addressed_sponsor"].queryset = _sponsors(collaborative)
        self.fields["asks_organisation"].queryset = _organisations(collaborative)


class AcknowledgeForm(VersionedMixin, GovukForm):
    submit_label = "Acknowledge"


class DecideForm(VersionedMixin, GovukForm):
    submit_label = "Record the decision"
    what = forms.CharField(
        label="What was decided", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    authority = forms.CharField(
        label="Under whose authority",
        max_length=300,
        help_text="For example the group, or the delegation the decision rests on.",
    )
    follow_up = forms.CharField(
        label="Follow-up action (optional)",
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    follow_up_owner = PersonChoiceField(
        queryset=None, required=False, label="Who does it", empty_label="Choose a person"
    )
    follow_up_due = DateField(label="Due date", required=False, error_label="due date")

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow_up_owner"].queryset = _people(collaborative)

    def clean(self):
        data = super().clean()
        if data.get("follow_up"):
            if not data.get("follow_up_owner"):
                self.add_error("follow_up_owner", "Choose who does the follow-up action.")
            if not data.get("follow_up_due"):
                self.add_error("follow_up_due", "Enter the follow-up action's due date.")
        return data

    def follow_ups(self):
        data = self.cleaned_data
        if not data.get("follow_up"):
            return []
        return [
            {
                "description": data["follow_up"],
                "owner": data["follow_up_owner"],
                "due_date": data["follow_up_due"],
            }
        ]


class CloseForm(VersionedMixin, GovukForm):
    submit_label = "Close the escalation"
    state = forms.ChoiceField(
        label="How did it end?",
        widget=forms.RadioSelect,
        choices=[
            (Escalation.State.RESOLVED, "Resolved without a decision"),
            (Escalation.State.WITHDRAWN, "Withdrawn"),
        ],
    )
    note = forms.CharField(label="Why", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = [c for c in self.fields["state"].choices if c[0] in states]


class GroupForm(VersionedMixin, GovukModelForm):
    chair = PersonChoiceField(queryset=None, required=False, empty_label="No chair yet")
    members = PeopleChoiceField(queryset=None, required=False, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Group
        fields = [
            "name",
            "kind",
            "parent",
            "workstream",
            "chair",
            "members",
            "cadence",
            "terms_of_reference",
        ]
        widgets = {"terms_of_reference": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        groups = Group.objects.filter(collaborative=collaborative)
        if self.instance.pk:
            groups = groups.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = groups
        self.fields["workstream"].queryset = Workstream.objects.filter(collaborative=collaborative)
        self.fields["chair"].queryset = _people(collaborative)
        self.fields["members"].queryset = _people(collaborative)


class SettingsForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = GovernanceSettings
        fields = ["acknowledge_within_days"]


class AuthorityForm(VersionedMixin, GovukModelForm):
    person = PersonChoiceField(queryset=None)

    class Meta:
        model = DelegatedAuthority
        fields = ["organisation", "person", "kind", "spend_limit", "note", "reviewed_on"]
        widgets = {"kind": forms.RadioSelect}

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _organisations(collaborative)
        self.fields["person"].queryset = _people(collaborative)
        self.fields["kind"].choices = AuthorityKind.choices


class BarrierForm(VersionedMixin, GovukModelForm):
    owner = PersonChoiceField(queryset=None, required=False, empty_label="No owner yet")

    class Meta:
        model = Barrier
        fields = [
            "title",
            "description",
            "category",
            "workstreams",
            "organisations",
            "mitigation",
            "owner",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "mitigation": forms.Textarea(attrs={"rows": 3}),
            "workstreams": forms.CheckboxSelectMultiple,
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstreams"].queryset = Workstream.objects.filter(collaborative=collaborative)
        self.fields["organisations"].queryset = _organisations(collaborative)
        self.fields["owner"].queryset = _people(collaborative)


class RecommendationForm(VersionedMixin, GovukModelForm):
    owner = PersonChoiceField(queryset=None, required=False, empty_label="No owner yet")

    class Meta:
        model = Recommendation
        fields = ["owner", "status", "next_step", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _people(collaborative)


class ObjectiveForm(VersionedMixin, GovukModelForm):
    class Meta:
        model = Objective
        fields = ["title", "description", "metrics", "position"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "metrics": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, collaborative, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metrics"].queryset = Metric.objects.filter(collaborative=collaborative)


class AssessmentForm(GovukForm):
    """One core anchor's ratings of the five conditions for one quarter."""

    submit_label = "Save the ratings"
    organisation = forms.ModelChoiceField(queryset=None, label="For", empty_label=None)
    period = forms.ModelChoiceField(queryset=None, label="Quarter", empty_label=None)

    def __init__(self, *args, organisations, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["period"].queryset = periods
        for value, label in Condition.choices:
            self.fields[value] = forms.TypedChoiceField(
                label=f"{label}: your rating",
                choices=[(n, str(n)) for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text="1 is not in place at all, 5 is fully in place.",
            )
            self.fields[f"{value}_comment"] = forms.CharField(
                label=f"{label}: comment (optional)",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def ratings(self):
        data = self.cleaned_data
        return {
            value: (data[value], data.get(f"{value}_comment", "")) for value in Condition.values
        }


# --- Part B: the quarterly HWB report ----------------------------------------------------------
class ReportCreateForm(GovukForm):
    submit_label = "Start the draft"
    period = forms.ModelChoiceField(queryset=None, label="Reporting period", empty_label=None)

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods


class ReportEditForm(VersionedMixin, GovukForm):
    """The title, the narrative beside each section and the answers to the board's questions."""

    submit_label = "Save the draft"
    title = forms.CharField(max_length=200, label="Title")

    def __init__(self, *args, sections, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for key, heading in sections:
            self.fields[key] = forms.CharField(
                required=False,
                max_length=5000,
                label=f"Narrative: {heading} (optional)",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        for number, question, key in questions:
            self.fields[f"q{number}"] = forms.CharField(
                required=False,
                max_length=5000,
                label=f"Answer to question {number} (optional)",
                help_text=f"{question} The figures come from the section “{dict(sections)[key]}”.",
                widget=forms.Textarea(attrs={"rows": 3}),
            )
