"""Choices for forms and filters: one query each, however many select boxes show the list."""

from typing import NamedTuple

from django.db.models import Q

from anchors.models import Organisation, Participation, Person, Theme, Workstream
from anchors.selectors.workstreams import STATUS_ORDER


class PersonChoice(NamedTuple):
    """A person as a list of choices shows them: no model instance for each of hundreds (a named
    tuple: five hundred are made for every page that offers people)."""

    pk: int
    name: str
    job_title: str
    organisation_id: int
    organisation_name: str


def people_by_organisation(*, collaborative, keep=()):
    """People of the collaborative's active organisations (and ``keep``: people already chosen
    on the record being edited, whatever their organisation now), by organisation."""
    rows = (
        Person.objects.filter(collaborative=collaborative)
        .filter(Q(organisation__active=True) | Q(pk__in=list(keep)))
        .order_by("organisation__name", "name")
        .values_list("pk", "name", "job_title", "organisation_id", "organisation__name")
    )
    return list(map(PersonChoice._make, rows))


def people_records(*, collaborative, ids):
    """The people chosen in a form, as records, by id (one query)."""
    return {
        p.pk: p
        for p in Person.objects.filter(
            collaborative=collaborative, pk__in=list(ids)
        ).select_related("organisation")
    }


def organisations_for_choices(*, collaborative):
    """The organisations a form offers, by name, with the columns choices and their checks read
    (anything else loads if asked for)."""
    return list(
        Organisation.objects.filter(collaborative=collaborative)
        .only("pk", "collaborative_id", "name", "short_name", "kind", "role", "active")
        .order_by("name")
    )


def workstreams_for_choices(*, collaborative):
    return list(
        Workstream.objects.filter(collaborative=collaborative).order_by(STATUS_ORDER, "name")
    )


def themes_for_choices(*, collaborative):
    return list(Theme.objects.filter(collaborative=collaborative).order_by("name"))


def participant_ids(*, workstream_id):
    """The organisations taking part in a workstream."""
    return set(
        Participation.objects.filter(workstream_id=workstream_id).values_list(
            "organisation_id", flat=True
        )
    )
