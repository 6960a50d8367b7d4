"""Forms for actions: the facilitator's full form, the owner's progress form, the filters."""

from django import forms

from anchors.forms.base import VersionedMixin
from anchors.forms.choices import WorkChoices
from anchors.forms.fields import DATE_WIDGET, FilterMixin, GovukFieldsMixin, PeopleChoiceField
from anchors.models import Action, Organisation, Person


class ActionForm(VersionedMixin, GovukFieldsMixin, forms.ModelForm):
    """Every field of an action: the facilitator's form."""

    class Meta:
        model = Action
        fields = ["description", "owner", "organisation", "due_date", "state", "note"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": forms.DateInput(attrs=dict(DATE_WIDGET), format="%Y-%m-%d"),
            "state": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"] = PeopleChoiceField(
            queryset=Person.objects.filter(collaborative=collaborative)
            .select_related("organisation")
            .order_by("organisation__name", "name"),
            label="Owner",
        )
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        self.order_fields(self.Meta.fields)
        self.style_fields()


class ActionProgressForm(VersionedMixin, GovukFieldsMixin, forms.Form):
    """What an owner may change: open or done, and a note on progress."""

    state = forms.ChoiceField(
        label="State",
        choices=[(Action.State.OPEN, "Open"), (Action.State.DONE, "Done")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Progress note", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    class Meta:
        fields = ["state", "note"]


class ActionFilterForm(FilterMixin, forms.Form):
    owner = forms.ChoiceField(required=False)
    organisation = forms.ChoiceField(required=False)
    workstream = forms.ChoiceField(required=False)
    state = forms.ChoiceField(required=False, choices=[("", "Any state"), *Action.State.choices])
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = choices.owner_choices("Anyone")
        self.fields["organisation"].choices = choices.organisation_choices("All organisations")
        self.fields["workstream"].choices = [("", "All workstreams")] + [
            (str(w.pk), w.name) for w in choices.workstreams
        ]
