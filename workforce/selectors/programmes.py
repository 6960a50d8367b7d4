"""Reads for apprenticeship programmes and their (pseudonymous) apprentices."""

from django.db.models import Count, Q

from anchors.common.history import HistorySource, history_rows
from workforce.models import Apprentice, ApprenticeshipProgramme


def programme_list(*, collaborative, organisation_id=None, status="", level=None, query=""):
    """Programmes with their organisation and how many apprentices are in learning, one query."""
    programmes = (
        ApprenticeshipProgramme.objects.filter(collaborative=collaborative)
        .select_related("organisation", "transfer_from")
        .annotate(
            apprentice_count=Count("apprentices"),
            in_learning=Count(
                "apprentices", filter=Q(apprentices__outcome=Apprentice.Outcome.IN_LEARNING)
            ),
        )
        .order_by("organisation__name", "start_date", "standard_name", "pk")
    )
    if organisation_id:
        programmes = programmes.filter(organisation_id=organisation_id)
    if status:
        programmes = programmes.filter(status=status)
    if level:
        programmes = programmes.filter(level=level)
    if query:
        programmes = programmes.filter(
            Q(standard_name__icontains=query)
            | Q(occupation__icontains=query)
            | Q(training_provider__icontains=query)
        )
    return programmes


def programme_detail(*, collaborative, pk) -> ApprenticeshipProgramme:
    return ApprenticeshipProgramme.objects.select_related(
        "organisation", "transfer_from", "organisation__collaborative"
    ).get(collaborative=collaborative, pk=pk)


def programme_apprentices(programme):
    return Apprentice.objects.filter(programme=programme).select_related("edition")


def apprentice_detail(*, collaborative, pk) -> Apprentice:
    return Apprentice.objects.select_related("programme", "programme__organisation", "edition").get(
        collaborative=collaborative, pk=pk
    )


def programme_history(programme):
    """The programme's changes and its apprentices', newest first, a page at a time."""
    return history_rows(
        HistorySource(
            records=ApprenticeshipProgramme.history.filter(id=programme.pk).select_related(
                "history_user__person"
            ),
            label=lambda r: "Programme",
        ),
        HistorySource(
            records=Apprentice.history.filter(programme_id=programme.pk).select_related(
                "history_user__person"
            ),
            label=lambda r: "Apprentice",
            describe=lambda r: f"Apprentice {r.reference}",
        ),
    )
