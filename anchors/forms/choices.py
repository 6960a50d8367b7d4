"""What the workshop, action and filter forms offer to choose from, fetched once a page."""

from django.utils.functional import cached_property
from django.utils.html import format_html

from anchors.selectors import choices as selectors


def person_label(person, *, with_organisation=False):
    label = person.name + (f", {person.job_title}" if person.job_title else "")
    if with_organisation:
        return format_html(
            '{}<span class="govuk-visually-hidden"> ({})</span>', label, person.organisation_name
        )
    return label


class WorkChoices:
    """The people, organisations, workstreams and themes forms offer: one query for each list a
    page uses, however many rows (and select boxes) show it."""

    def __init__(self, collaborative, *, keep_people=()):
        self.collaborative = collaborative
        self.keep_people = keep_people

    @cached_property
    def people(self):
        """People of active organisations, and those already chosen on the record (kept)."""
        return selectors.people_by_organisation(
            collaborative=self.collaborative, keep=self.keep_people
        )

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
        """Each person offered (a PersonChoice), by the id a form sends."""
        return {str(p.pk): p for p in self.people}

    def person_records(self, chosen):
        """The people behind chosen PersonChoices, as records (one query), by id."""
        return selectors.people_records(
            collaborative=self.collaborative, ids={p.pk for p in chosen if p is not None}
        )

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
            if current is None or current[0] != person.organisation_name:
                current = (person.organisation_name, [])
                groups.append(current)
            current[1].append(
                (str(person.pk), person_label(person, with_organisation=with_organisation))
            )
        return groups

    def owner_choices(self, blank="Choose a person"):
        """The people as a select's choices (by organisation), built once a page for every row
        that offers them (give them to a field with ``share_choices``)."""
        return self._shared(("owner", blank), lambda: [("", blank), *self.people_groups()])

    def person_choices(self):
        """The people by organisation, without a blank: a checkbox list's choices, built once a
        page (give them to a field with ``share_choices``)."""
        return self._shared(("people",), self.people_groups)

    def organisation_choices(self, blank="Choose an organisation", *, short=True):
        return self._shared(
            ("organisation", blank, short),
            lambda: (
                [("", blank)]
                + [(str(o.pk), o.short_name if short else o.name) for o in self.organisations]
            ),
        )

    def _shared(self, key, build):
        lists = self.__dict__.setdefault("_shared_lists", {})
        if key not in lists:
            # Built here already in Django's normal form (pairs, and groups of pairs in a
            # list): normalize_choices would only copy the five hundred people again.
            lists[key] = build()
        return lists[key]

    def workstream_choices(self, blank="Choose a workstream"):
        return [("", blank)] + [
            (str(w.pk), f"{w.name} ({w.get_status_display().lower()})") for w in self.workstreams
        ]

    def theme_choices(self):
        return [(str(t.pk), t.name) for t in self.themes]

    def participant_ids(self, workstream_id):
        return selectors.participant_ids(workstream_id=workstream_id)

    def core_anchors(self):
        return [
            o for o in self.organisations if o.role == o.CollaborativeRole.CORE_ANCHOR and o.active
        ]
