"""Forms for actions: the facilitator's full form, the owner's progress form, the filters."""

from crispy_forms_gds.layout import Div, Field
from django import forms

from anchors.common.forms import GovukForm, GovukModelForm, VersionedMixin, share_choices
from anchors.forms.choices import WorkChoices
from anchors.forms.fields import FilterForm, filter_field
from anchors.models import Action, Organisation


class ActionForm(VersionedMixin, GovukModelForm):
    """Every field of an action: the facilitator's form."""

    submit_label = "Save action"

    class Meta:
        model = Action
        fields = ["description", "owner", "organisation", "due_date", "state", "note"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "state": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, collaborative=None, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.instance.owner_id if self.instance else None
        # People of active organisations, and the owner now whatever their organisation, as
        # plain choices grouped by organisation (the workshop form's list, not 500 records).
        self.choices = WorkChoices(collaborative, keep_people=[owner] if owner else [])
        self.fields["owner"] = forms.ChoiceField(label="Owner")
        share_choices(self.fields["owner"], self.choices.owner_choices())
        self.fields["organisation"].queryset = Organisation.objects.filter(
            collaborative=collaborative
        ).order_by("name")
        self.order_fields(self.Meta.fields)

    def clean_owner(self):
        chosen = self.choices.person_by_id.get(self.cleaned_data["owner"])
        if chosen is None:
            raise forms.ValidationError(self.fields["owner"].error_messages["invalid_choice"])
        return self.choices.person_records([chosen])[chosen.pk]


class ActionProgressForm(VersionedMixin, GovukForm):
    """What an owner may change: open or done, and a note on progress."""

    submit_label = "Save action"
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


class ActionFilterForm(FilterForm):
    owner = forms.ChoiceField(required=False)
    organisation = forms.ChoiceField(required=False)
    workstream = forms.ChoiceField(required=False)
    state = forms.ChoiceField(required=False, choices=[("", "Any state"), *Action.State.choices])
    overdue = forms.BooleanField(label="Only overdue actions", required=False)

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        super().__init__(*args, **kwargs)
        share_choices(self.fields["owner"], choices.owner_choices("Anyone"))
        share_choices(
            self.fields["organisation"], choices.organisation_choices("All organisations")
        )
        self.fields["workstream"].choices = [("", "All workstreams")] + [
            (str(w.pk), w.name) for w in choices.workstreams
        ]

    def layout(self):
        return [
            Div(
                *map(filter_field, ("owner", "organisation", "workstream")),
                css_class="govuk-grid-row",
            ),
            Div(
                filter_field("state"),
                Div(
                    Field.checkbox("overdue", small=True),
                    css_class="govuk-grid-column-one-third govuk-!-padding-top-6",
                ),
                css_class="govuk-grid-row",
            ),
        ]
