"""Choices for forms and filters: one query each, however many select boxes show the list."""

from django.db.models import Case, IntegerField, Value, When

from anchors.models import Organisation, Person, Theme, Workstream
from anchors.selectors.workstreams import STATUS_ORDER


def people_by_organisation(*, collaborative):
    return list(
        Person.objects.filter(collaborative=collaborative)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def organisations_for_choices(*, collaborative):
    return list(
        Organisation.objects.filter(collaborative=collaborative)
        .annotate(
            core=Case(
                When(role=Organisation.CollaborativeRole.CORE_ANCHOR, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("name")
    )


def workstreams_for_choices(*, collaborative):
    return list(
        Workstream.objects.filter(collaborative=collaborative).order_by(STATUS_ORDER, "name")
    )


def themes_for_choices(*, collaborative):
    return list(Theme.objects.filter(collaborative=collaborative).order_by("name"))
