"""Reads for apprenticeship programmes and their (pseudonymous) apprentices."""

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from anchors.common.history import HistorySource, history_rows
from workforce.models import Apprentice, ApprenticeshipProgramme


def _count_of(apprentices):
    """How many of ``apprentices`` the programme has, a subquery: counting through a join
    grouped the programmes by every column of the programme and its two organisations."""
    counted = (
        apprentices.filter(programme=OuterRef("pk"))
        .order_by()
        .values("programme")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def programme_list(*, collaborative, organisation_id=None, status="", level=None, query=""):
    """Programmes with their organisations and how many apprentices they have and how many are
    in learning, one query."""
    programmes = (
        ApprenticeshipProgramme.objects.filter(collaborative=collaborative)
        .select_related("organisation", "transfer_from")
        .annotate(
            apprentice_count=_count_of(Apprentice.objects.all()),
            in_learning=_count_of(
                Apprentice.objects.filter(outcome=Apprentice.Outcome.IN_LEARNING)
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
