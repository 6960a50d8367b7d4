"""The workshop log form, every part in page order, and the workshop list's filters.

Everything works without JavaScript: the workshop form grows by one row per "Add another" press,
re-rendered from what was typed, saving nothing.
"""

from crispy_forms_gds.layout import HTML, Div, Field
from django import forms
from django.utils.choices import normalize_choices

from anchors.common.errors import StaleEditError
from anchors.common.forms import DateField, GovukForm, VersionedMixin, share_choices
from anchors.common.locking import version_of
from anchors.forms.choices import WorkChoices
from anchors.forms.fields import FilterForm, filter_field
from anchors.forms.workshop_rows import (
    ActionRowForm,
    NewPersonForm,
    RowFormSet,
    SpeakerForm,
    UpdateRowForm,
)


class WorkshopAboutForm(VersionedMixin, GovukForm):
    submit_label = None
    date = DateField(
        label="Date",
        error_label="The date of the workshop",
        error_messages={"required": "Enter the date of the workshop."},
    )
    workstream = forms.ChoiceField(
        label="Workstream", error_messages={"required": "Choose the workstream."}
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="For example “Workshop 7: social value metrics”.",
        error_messages={"required": "Enter a title for the workshop."},
        widget=forms.TextInput(attrs={"class": "govuk-!-width-three-quarters"}),
    )
    deep_dive_topic = forms.CharField(
        label="Deep-dive topic",
        max_length=200,
        required=False,
        help_text="The topic the group chose to explore in depth, if any.",
        widget=forms.TextInput(attrs={"class": "govuk-!-width-three-quarters"}),
    )
    themes = forms.MultipleChoiceField(
        label="Themes discussed",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)
        self.fields["workstream"].choices = choices.workstream_choices()
        self.fields["themes"].choices = choices.theme_choices()

    def layout(self):
        return [
            "version",
            "date",
            "workstream",
            "title",
            "deep_dive_topic",
            Field.checkboxes("themes", small=True, legend_size="s"),
        ]

    def clean_workstream(self):
        return self.choices.workstream_by_id[self.cleaned_data["workstream"]]

    def clean_themes(self):
        return [self.choices.theme_by_id[pk] for pk in self.cleaned_data["themes"]]


class WorkshopAttendeesForm(GovukForm):
    """Who attended: the people of the collaborative's active organisations, grouped by
    organisation; "Find" narrows the list to the names asked for (without JavaScript: the form
    comes back with everything typed kept), and people already ticked stay listed and ticked."""

    submit_label = None
    find = forms.CharField(
        label="Find people",
        required=False,
        max_length=100,
        help_text="Part of a name or an organisation. People you have ticked stay ticked.",
        widget=forms.TextInput(attrs={"data-enter-presses": "find-people"}),
    )
    attendees = forms.MultipleChoiceField(
        label="Who attended",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick everyone who took part. People are listed under their organisation.",
    )

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        self.choices = choices
        super().__init__(*args, **kwargs)
        self.found = (self.data.get(self.add_prefix("find")) or "").strip()[:100]
        if not self.found:
            # Every person, normalised once a page (setting ``choices`` normalised the five
            # hundred twice more: the field's setter, then its widget's).
            share_choices(self.fields["attendees"], choices.person_choices())
            return
        groups = choices.people_groups()
        ticked = set(self.data.getlist(self.add_prefix("attendees")))
        words = self.found.lower().split()
        groups = [
            (
                group,
                [
                    (pk, label)
                    for pk, label in options
                    if pk in ticked or all(w in f"{label} {group}".lower() for w in words)
                ],
            )
            for group, options in groups
        ]
        groups = [(group, options) for group, options in groups if options]
        share_choices(self.fields["attendees"], normalize_choices(groups))

    def layout(self):
        return [
            Div(
                Field.text("find", field_width=20),
                HTML(
                    '<button type="submit" name="add_rows" value="find_people" id="find-people" '
                    'formaction="#attendance" class="govuk-button govuk-button--secondary" '
                    'data-module="govuk-button">Find</button>'
                    + (
                        ' <button type="submit" name="add_rows" value="find_everyone" '
                        'formaction="#attendance" class="govuk-button govuk-button--secondary" '
                        'data-module="govuk-button">Show everyone</button>'
                        if self.found
                        else ""
                    )
                ),
                css_class="app-find",
            ),
            Field.checkboxes("attendees", small=True, legend_size="m"),
        ]

    def clean_attendees(self):
        return [self.choices.person_by_id[pk] for pk in self.cleaned_data["attendees"]]


class WorkshopNotesForm(GovukForm):
    submit_label = None
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

    def layout(self):
        return [
            "decisions",
            HTML('<h3 class="govuk-heading-m">Reflections and learning</h3>'),
            "reflections_worked",
            "reflections_change",
        ]


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
        keep = []
        if workshop is not None:
            rows = workshop.form_rows
            keep = [*rows.attendee_ids, *(a["owner_id"] for a in rows.actions)]
        self.choices = WorkChoices(collaborative, keep_people=keep)
        self.workshop = workshop
        self.added = None
        if data is not None:
            data = data.copy()
            add = data.get("add_rows")
            if add in ("find_people", "find_everyone"):
                if add == "find_everyone":
                    data["find"] = ""
                self.added = add
            elif add in ROW_FORMS:
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

    # Up to this many anchors, a new workshop offers an update row for each; beyond, for those
    # taking part in the workstream it is recorded for (rows can always be added).
    UPDATE_ROWS_FOR_EVERY_ANCHOR = 10

    def _expected_updates(self, initial_workstream):
        anchors = self.choices.core_anchors()
        if len(anchors) <= self.UPDATE_ROWS_FOR_EVERY_ANCHOR:
            return anchors
        if initial_workstream:
            taking_part = self.choices.participant_ids(initial_workstream)
            return [o for o in anchors if o.pk in taking_part]
        return []

    def _initial(self, workshop, initial_workstream):
        if workshop is None:
            return {
                "about": {"workstream": initial_workstream} if initial_workstream else {},
                "attendees": {},
                "notes": {},
                "speakers": [],
                "new_people": [],
                "updates": [
                    {"organisation": str(o.pk)} for o in self._expected_updates(initial_workstream)
                ],
                "actions": [],
            }
        rows = workshop.form_rows  # (selectors.workshop_for_edit)
        return {
            "about": {
                "date": workshop.date,
                "workstream": str(workshop.workstream_id),
                "title": workshop.title,
                "deep_dive_topic": workshop.deep_dive_topic,
                "themes": [str(pk) for pk in rows.theme_ids],
                "version": version_of(workshop),
            },
            "attendees": {"attendees": [str(pk) for pk in rows.attendee_ids]},
            "notes": {
                "decisions": workshop.decisions,
                "reflections_worked": workshop.reflections_worked,
                "reflections_change": workshop.reflections_change,
            },
            "speakers": [dict(s) for s in rows.speakers],
            "new_people": [],
            "updates": [
                {
                    "organisation": str(u["organisation_id"]),
                    "current_focus": u["current_focus"],
                    "challenges": u["challenges"],
                    "successes": u["successes"],
                }
                for u in rows.updates
            ],
            "actions": [
                {
                    "id": a["id"],
                    "description": a["description"],
                    "owner": str(a["owner_id"]),
                    "organisation": str(a["organisation_id"]),
                    "due_date": a["due_date"],
                }
                for a in rows.actions
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
        attendees = self.attendees.cleaned_data["attendees"]
        actions = self.formsets["actions"].filled_rows()
        # The choices are light (PersonChoice); the services take the people's records.
        records = self.choices.person_records([*attendees, *(row["owner"] for row in actions)])
        for row in actions:
            if row["owner"] is not None:
                row["owner"] = records[row["owner"].pk]
        return {
            "data": data,
            "speakers": self.formsets["speakers"].filled_rows(),
            "attendees": [records[person.pk] for person in attendees],
            "new_people": self.formsets["new_people"].filled_rows(),
            "updates": self.formsets["updates"].filled_rows(),
            "actions": actions,
        }

    @property
    def cleaned_data(self):
        """What the workshop services take: the about and notes fields, and every filled row."""
        return {**self.service_kwargs(), "version": self.about.cleaned_data.get("version")}

    def add_service_error(self, error):
        """Put a service error (or each of a WorkshopInvalid's errors) on the field at fault;
        after a stale save, the form carries the saved version so a second save replaces it."""
        for field, message in getattr(error, "errors", None) or [(error.field, error.message)]:
            self._attach(field, message)
        if isinstance(error, StaleEditError) and error.current is not None:
            self.about.data = self.about.data.copy()
            self.about.data["version"] = version_of(error.current)

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


class WorkshopFilterForm(FilterForm):
    workstream = forms.ChoiceField(required=False)
    theme = forms.ChoiceField(required=False)
    organisation = forms.ChoiceField(label="Organisation attending", required=False)
    date_from = DateField(label="From", required=False, hint=False, error_label="The earliest date")
    date_to = DateField(label="To", required=False, hint=False, error_label="The latest date")

    def __init__(self, *args, choices: WorkChoices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workstream"].choices = [("", "All workstreams")] + [
            (str(w.pk), w.name) for w in choices.workstreams
        ]
        self.fields["theme"].choices = [("", "All themes"), *choices.theme_choices()]
        share_choices(
            self.fields["organisation"], choices.organisation_choices("All organisations")
        )

    def layout(self):
        return [
            Div(
                *map(filter_field, ("workstream", "theme", "organisation")),
                css_class="govuk-grid-row",
            ),
            Div(
                Div(
                    Field("date_from", context={"legend_size": "govuk-fieldset__legend--s"}),
                    css_class="govuk-grid-column-one-third",
                ),
                Div(
                    Field("date_to", context={"legend_size": "govuk-fieldset__legend--s"}),
                    css_class="govuk-grid-column-one-third",
                ),
                css_class="govuk-grid-row",
            ),
        ]
