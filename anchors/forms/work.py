"""Forms for workstreams, sponsorship, the workshop log, updates, actions and their filters.

The pages render these fields with GOV.UK markup from ``templates/anchors/workstream_field.html``:
ids stay Django's own (``id_<prefix>-<row>-<name>``, ``id_<name>_<n>`` for each option) so every
link in the error summary lands on its field. Everything works without JavaScript: the workshop
form grows by one row per "Add another" press, re-rendered from what was typed, saving nothing.
"""

from django import forms
from django.forms.utils import ErrorDict, ErrorList
from django.utils.functional import cached_property
from django.utils.html import format_html

from anchors.forms.base import VersionedMixin
from anchors.models import Action, Organisation, Participation, Person, Workstream
from anchors.selectors import work as selectors
from anchors.services.common import version_of

DATE_WIDGET = {"type": "date", "class": "govuk-input govuk-input--width-10"}
BASE_CLASSES = {
    "textinput": ("govuk-input", "govuk-input--error"),
    "emailinput": ("govuk-input", "govuk-input--error"),
    "numberinput": ("govuk-input", "govuk-input--error"),
    "urlinput": ("govuk-input", "govuk-input--error"),
    "dateinput": ("govuk-input", "govuk-input--error"),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "radioselect": ("govuk-radios__input", None),
    "checkboxselectmultiple": ("govuk-checkboxes__input", None),
    "checkboxinput": ("govuk-checkboxes__input", None),
}
GROUPED_WIDGETS = ("radioselect", "checkboxselectmultiple")


def _widget_type(widget):
    return type(widget).__name__.lower()


def date_field(label, *, what, **kwargs):
    """A date box (the browser's date picker where it has one); ``what`` names it in errors."""
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=dict(DATE_WIDGET), format="%Y-%m-%d"),
        error_messages={"invalid": f"Enter {what} as a real date, like 14/03/2025."},
        **kwargs,
    )


class GovukFieldsMixin:
    """GOV.UK classes on every widget; error classes and aria-describedby follow the errors."""

    widths: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self):
        """Add the classes; forms that add fields after __init__ call it again."""
        for name, field in self.fields.items():
            widget = field.widget
            kind = _widget_type(widget)
            base, _ = BASE_CLASSES.get(kind, (None, None))
            classes = widget.attrs.get("class", "").split()
            for extra in [base, self.widths.get(name)]:
                if extra and extra not in classes:
                    classes.append(extra)
            if classes:
                widget.attrs["class"] = " ".join(classes)
            if field.help_text and kind not in GROUPED_WIDGETS:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in list(self._errors or {}):
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            kind = _widget_type(widget)
            _, error_class = BASE_CLASSES.get(kind, (None, None))
            if error_class and error_class not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}".strip()
            if kind not in GROUPED_WIDGETS:
                described = widget.attrs.get("aria-describedby", "").split()
                error_id = f"{self[name].auto_id}-error"
                if error_id not in described:
                    widget.attrs["aria-describedby"] = " ".join([*described, error_id])

    def add_service_error(self, error):
        field = error.field if error.field in self.fields else None
        if field and self.fields[field].widget.is_hidden:
            field = None
        self.add_error(field, error.message)

    def quiet(self):
        """Show the form as typed without running its validation (used when adding a row)."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        return self


def person_label(person, *, with_organisation=False):
    label = person.name + (f", {person.job_title}" if person.job_title else "")
    if with_organisation:
        return format_html(
            '{}<span class="govuk-visually-hidden"> ({})</span>', label, person.organisation.name
        )
    return label


class WorkChoices:
    """The people, organisations, workstreams and themes forms offer: one query for each list a
    page uses, however many rows (and select boxes) show it."""

    def __init__(self, collaborative):
        self.collaborative = collaborative

    @cached_property
    def people(self):
        return selectors.people_by_organisation(collaborative=self.collaborative)

    @cached_property
    def organisations(self):
        return selectors.organisations_for_choices(collaborative=self.collaborative)

    @cached_property
    def workstreams(self):
        return selectors.workstreams_for_choices(collaborative=self.collaborative)

    @cached_property
    def themes(self):
        return selectors.themes_for_choices(collaborative=self.collaborative)

    @cached_property
    def person_by_id(self):
        return {str(p.pk): p for p in self.people}

    @cached_property
    def organisation_by_id(self):
        return {str(o.pk): o for o in self.organisations}

    @cached_property
    def workstream_by_id(self):
        return {str(w.pk): w for w in self.workstreams}

    @cached_property
    def theme_by_id(self):
        return {str(t.pk): t for t in self.themes}

    def people_groups(self, *, with_organisation=False):
        groups, current = [], None
        for person in self.people:
            if current is None or current[0] != person.organisation.name:
                current = (person.organisation.name, [])
                groups.append(current)
            current[1].append(
                (str(person.pk), person_label(person, with_organisation=with_organisation))
            )
        return groups

    def owner_choices(self, blank="Choose a person"):
        return [("", blank), *self.people_groups()]

    def organisation_choices(self, blank="Choose an organisation", *, short=True):
        return [("", blank)] + [
            (str(o.pk), o.short_name if short else o.name) for o in self.organisations
        ]

    def workstream_choices(self, blank="Choose a workstream"):
        return [("", blank)] + [
            (str(w.pk), f"{w.name} ({w.get_status_display().lower()})") for w in self.workstreams
        ]

    def theme_choices(self):
        return [(str(t.pk), t.name) for t in self.themes]

    def core_anchors(self):
        return [
            o for o in self.organisations if o.role == o.CollaborativeRole.CORE_ANCHOR and o.active
        ]


# Workshop log --------------------------------------------------------------------------------


class WorkshopAboutForm(VersionedMixin, GovukFieldsMixin, forms.Form):
    date = date_field("Date", what="the date of the workshop")
    workstream = forms.ChoiceField(label="Workstream")
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example “Workshop 7: social value metrics”.",
        error_messages={"required": "Enter a title for the workshop."},
    )
    deep_dive_topic = forms.CharField(
        label="Deep-dive topic",
        max_length=200,
        required=False,
        help_text="The topic the group chose to explore in depth, if any.",
    )
    themes = forms.MultipleChoiceField(
        label="Themes discussed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    widths = {
        "title": "govuk-!-width-three-quarters",
        "deep_dive_topic": "govuk-!-width-three-quarters",
    }

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)
        self.fields["date"].error_messages["required"] = "Enter the date of the workshop."
        self.fields["workstream"].choices = choices.workstream_choices()
        self.fields["workstream"].error_messages["required"] = "Choose the workstream."
        self.fields["themes"].choices = choices.theme_choices()

    def clean_workstream(self):
        return self.choices.workstream_by_id[self.cleaned_data["workstream"]]

    def clean_themes(self):
        return [self.choices.theme_by_id[pk] for pk in self.cleaned_data["themes"]]


class WorkshopAttendeesForm(GovukFieldsMixin, forms.Form):
    attendees = forms.MultipleChoiceField(
        label="Who attended",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who took part. People are listed under their organisation.",
    )

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)
        self.fields["attendees"].choices = choices.people_groups(with_organisation=True)

    def clean_attendees(self):
        return [self.choices.person_by_id[pk] for pk in self.cleaned_data["attendees"]]

    def groups(self):
        """(organisation name, [checkbox widgets]) in the order the choices list them."""
        widgets = list(self["attendees"])
        groups, start = [], 0
        for label, options in self.fields["attendees"].choices:
            groups.append((label, widgets[start : start + len(options)]))
            start += len(options)
        return groups


class WorkshopNotesForm(GovukFieldsMixin, forms.Form):
    decisions = forms.CharField(
        label="Decisions noted",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the group agreed, one decision a line.",
    )
    reflections_worked = forms.CharField(
        label="What worked",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reflections_change = forms.CharField(
        label="What to change next time",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)


class RowForm(GovukFieldsMixin, forms.Form):
    """One row of a repeating section; a row left blank is ignored, not an error."""

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
        return any(str(self[name].data or "").strip() for name in self.filled_fields)

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
        self.fields["organisation"].choices = self.choices.organisation_choices("Choose one")

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
        self.fields["organisation"].choices = self.choices.organisation_choices("Choose one")

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
    due_date = date_field("Due date", what="the due date", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = self.choices.owner_choices()
        self.fields["organisation"].choices = self.choices.organisation_choices("Owner’s own")
        self.fields["due_date"].error_messages["invalid"] = (
            f"Enter action {self.number}’s due date as a real date, like 14/03/2025."
        )

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


ROW_FORMS = {
    "speakers": SpeakerForm,
    "new_people": NewPersonForm,
    "updates": UpdateRowForm,
    "actions": ActionRowForm,
}


class WorkshopRecordForms:
    """Every part of the workshop log in page order, bound or unbound together.

    ``add_rows`` (the "Add another" buttons) re-renders with one more row in that section and
    everything as typed; nothing is validated or saved.
    """

    def __init__(self, *, collaborative, data=None, workshop=None, initial_workstream=None):
        self.choices = WorkChoices(collaborative)
        self.workshop = workshop
        self.added = None
        if data is not None:
            data = data.copy()
            add = data.get("add_rows")
            if add in ROW_FORMS:
                key = f"{add}-TOTAL_FORMS"
                try:
                    data[key] = str(min(int(data.get(key, 0)), 200) + 1)
                except ValueError:
                    data[key] = "1"
                self.added = add
        initial = self._initial(workshop, initial_workstream)
        kw = {"choices": self.choices}
        self.about = WorkshopAboutForm(data, initial=initial["about"], **kw)
        self.attendees = WorkshopAttendeesForm(data, initial=initial["attendees"], **kw)
        self.notes = WorkshopNotesForm(data, initial=initial["notes"], **kw)
        self.formsets = {}
        for prefix, form_class in ROW_FORMS.items():
            rows = initial[prefix]
            extra = {"speakers": 1, "new_people": 1, "updates": 1, "actions": 2}[prefix]
            factory = forms.formset_factory(
                form_class, formset=RowFormSet, extra=extra, max_num=250, absolute_max=250
            )
            self.formsets[prefix] = factory(
                data, initial=rows or None, prefix=prefix, form_kwargs=kw
            )
        if self.added:
            self.quiet()

    def _initial(self, workshop, initial_workstream):
        if workshop is None:
            return {
                "about": {"workstream": initial_workstream} if initial_workstream else {},
                "attendees": {},
                "notes": {},
                "speakers": [],
                "new_people": [],
                "updates": [{"organisation": str(o.pk)} for o in self.choices.core_anchors()],
                "actions": [],
            }
        return {
            "about": {
                "date": workshop.date,
                "workstream": str(workshop.workstream_id),
                "title": workshop.title,
                "deep_dive_topic": workshop.deep_dive_topic,
                "themes": [str(t.pk) for t in workshop.themes.all()],
                "version": version_of(workshop),
            },
            "attendees": {"attendees": [str(a.person_id) for a in workshop.attendances.all()]},
            "notes": {
                "decisions": workshop.decisions,
                "reflections_worked": workshop.reflections_worked,
                "reflections_change": workshop.reflections_change,
            },
            "speakers": [
                {"name": s.name, "organisation": s.organisation, "role": s.role}
                for s in workshop.speakers.all()
            ],
            "new_people": [],
            "updates": [
                {
                    "organisation": str(u.organisation_id),
                    "current_focus": u.current_focus,
                    "challenges": u.challenges,
                    "successes": u.successes,
                }
                for u in workshop.updates.all()
            ],
            "actions": [
                {
                    "id": a.pk,
                    "description": a.description,
                    "owner": str(a.owner_id),
                    "organisation": str(a.organisation_id),
                    "due_date": a.due_date,
                }
                for a in workshop.actions.all()
            ],
        }

    @property
    def plain_forms(self):
        return [self.about, self.attendees, self.notes]

    def in_page_order(self):
        f = self.formsets
        return [
            self.about,
            f["speakers"],
            self.attendees,
            f["new_people"],
            f["updates"],
            f["actions"],
            self.notes,
        ]

    def is_valid(self):
        if self.added:
            return False
        results = [form.is_valid() for form in self.in_page_order()]
        return all(results)

    def quiet(self):
        for part in self.in_page_order():
            part.quiet()

    def service_kwargs(self):
        about = self.about.cleaned_data
        data = {name: about[name] for name in ("date", "workstream", "title", "deep_dive_topic")}
        data["themes"] = about["themes"]
        data.update(self.notes.cleaned_data)
        return {
            "data": data,
            "speakers": self.formsets["speakers"].filled_rows(),
            "attendees": self.attendees.cleaned_data["attendees"],
            "new_people": self.formsets["new_people"].filled_rows(),
            "updates": self.formsets["updates"].filled_rows(),
            "actions": self.formsets["actions"].filled_rows(),
        }

    @property
    def version(self):
        return self.about.cleaned_data.get("version")

    def attach(self, error):
        """Put a service error (or each of a WorkshopInvalid's errors) on the field at fault."""
        for field, message in getattr(error, "errors", None) or [(error.field, error.message)]:
            self._attach(field, message)

    def _attach(self, field, message):
        parts = (field or "").split("-")
        if len(parts) == 3 and parts[0] in self.formsets and parts[1].isdigit():
            forms_ = self.formsets[parts[0]].forms
            index = int(parts[1])
            if index < len(forms_) and parts[2] in forms_[index].fields:
                forms_[index].add_error(parts[2], message)
                return
        for form in self.plain_forms:
            if field in form.fields and not form.fields[field].widget.is_hidden:
                form.add_error(field, message)
                return
        self.about.add_error(None, message)

    def has_errors(self):
        return any(
            (part.total_error_count() if isinstance(part, forms.BaseFormSet) else part.errors)
            for part in self.in_page_order()
        )


# Workstreams and participation ---------------------------------------------------------------


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


class PeopleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.organisation.short_name})"


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


# Organisation updates and actions ------------------------------------------------------------


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


# Filters -------------------------------------------------------------------------------------


class FilterMixin(GovukFieldsMixin):
    def filters(self):
        return self.cleaned_data if self.is_valid() else {}


class WorkshopFilterForm(FilterMixin, forms.Form):
    workstream = forms.ChoiceField(required=False)
    theme = forms.ChoiceField(required=False)
    organisation = forms.ChoiceField(label="Organisation attending", required=False)
    date_from = date_field("From", what="the earliest date", required=False)
    date_to = date_field("To", what="the latest date", required=False)

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].choices = [("", "All workstreams")] + [
            (str(w.pk), w.name) for w in choices.workstreams
        ]
        self.fields["theme"].choices = [("", "All themes"), *choices.theme_choices()]
        self.fields["organisation"].choices = choices.organisation_choices("All organisations")


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
