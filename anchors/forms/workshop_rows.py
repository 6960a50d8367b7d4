"""The repeating rows of the workshop form: speakers, new attendees, updates and actions.

A row left blank is ignored, not an error; "Add another" grows a section by one row without
JavaScript, re-rendered from what was typed.
"""

from django import forms
from django.forms.utils import ErrorList

from anchors.common.forms import DateField, GovukForm, share_choices
from anchors.forms.choices import WorkChoices


class RowForm(GovukForm):
    """One row of a repeating section; a row left blank is ignored, not an error."""

    submit_label = None
    filled_fields: tuple = ()
    noun = "row"

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)

    @property
    def number(self):
        return int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1

    def is_filled(self):
        """Anything typed in the row, valid or not, makes it a row to save (or to correct)."""
        if not self.is_bound:
            return False
        return any(str(self._raw_value(name) or "").strip() for name in self.filled_fields)

    def _raw_value(self, name):
        field = self.fields[name]
        value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
        if isinstance(value, list | tuple):
            return "".join(str(v or "") for v in value)
        return value

    def _require(self, name, message):
        if not (getattr(self, "cleaned_data", None) or {}).get(name) and name not in self._errors:
            self.add_error(name, message)

    def row(self):
        return {"row": self.number - 1, **self.cleaned_data}


class SpeakerForm(RowForm):
    filled_fields = ("name", "organisation", "role")
    name = forms.CharField(label="Name", max_length=200, required=False)
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    role = forms.CharField(label="Role", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if self.is_filled():
            self._require("name", f"Enter the name of speaker {self.number}.")
        return data


class NewPersonForm(RowForm):
    filled_fields = ("name", "job_title", "organisation", "email")
    name = forms.CharField(label="Name", max_length=200, required=False)
    job_title = forms.CharField(label="Job title", max_length=200, required=False)
    organisation = forms.ChoiceField(label="Organisation", required=False)
    email = forms.EmailField(
        label="Email (optional)",
        required=False,
        error_messages={"invalid": "Enter an email address like name@example.org."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_choices(self.fields["organisation"], self.choices.organisation_choices("Choose one"))

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        return self.choices.organisation_by_id.get(value) if value else None

    def clean(self):
        data = super().clean()
        if self.is_filled():
            self._require("name", f"Enter the name of new attendee {self.number}.")
            self._require(
                "organisation", f"Choose the organisation new attendee {self.number} is from."
            )
        return data


class UpdateRowForm(RowForm):
    """One organisation's round-robin update: what it focuses on, its challenges and successes."""

    filled_fields = ("current_focus", "challenges", "successes")
    organisation = forms.ChoiceField(label="Organisation", required=False)
    current_focus = forms.CharField(
        label="Current focus", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    challenges = forms.CharField(
        label="Challenges", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    successes = forms.CharField(
        label="Successes", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_choices(self.fields["organisation"], self.choices.organisation_choices("Choose one"))

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        return self.choices.organisation_by_id.get(value) if value else None

    def clean(self):
        data = super().clean()
        if self.is_filled():
            self._require("organisation", f"Choose which organisation gave update {self.number}.")
        return data


class ActionRowForm(RowForm):
    filled_fields = ("description", "owner", "due_date", "id")
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    description = forms.CharField(
        label="What needs doing", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ChoiceField(label="Owner", required=False)
    organisation = forms.ChoiceField(label="For organisation", required=False)
    due_date = DateField(label="Due date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        share_choices(self.fields["owner"], self.choices.owner_choices())
        share_choices(self.fields["organisation"], self.choices.organisation_choices("Owner’s own"))
        self.fields["due_date"].error_label = f"Action {self.number}’s due date"

    def clean_owner(self):
        value = self.cleaned_data["owner"]
        return self.choices.person_by_id.get(value) if value else None

    def clean_organisation(self):
        value = self.cleaned_data["organisation"]
        return self.choices.organisation_by_id.get(value) if value else None

    def clean(self):
        data = super().clean()
        if self.is_filled():
            self._require("description", f"Describe what action {self.number} is.")
            self._require("owner", f"Choose who owns action {self.number}.")
            self._require("due_date", f"Enter the date action {self.number} is due.")
        return data


class RowFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Validate every row, even one typed to match its initial values: a blank row is
        # skipped by the rows' own rules, not by Django's has_changed().
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def filled_rows(self):
        return [form.row() for form in self.forms if form.is_filled()]

    def quiet(self):
        self._errors = []
        self._non_form_errors = ErrorList()
        for form in self.forms:
            form.quiet()
        return self
