"""The shared resources library: lists with each document's current version."""

from django.db.models import Max, Prefetch

from procurement.models import Resource, ResourceVersion


def resource_list(*, collaborative, theme=None, organisation=None, kind=""):
    """Documents with their themes, organisation and latest version (three queries a page)."""
    queryset = Resource.objects.filter(collaborative=collaborative)
    if theme is not None:
        queryset = queryset.filter(themes=theme)
    if organisation is not None:
        queryset = queryset.filter(organisation=organisation)
    if kind:
        queryset = queryset.filter(kind=kind)
    return (
        queryset.select_related("organisation")
        .annotate(latest=Max("versions__number"), uploaded=Max("versions__created_at"))
        .prefetch_related("themes")
        .order_by("title")
    )


def resource_detail(*, collaborative, pk) -> Resource:
    return (
        Resource.objects.select_related("organisation")
        .prefetch_related(
            "themes",
            Prefetch(
                "versions",
                queryset=ResourceVersion.objects.select_related("uploaded_by__person").order_by(
                    "-number"
                ),
            ),
        )
        .get(collaborative=collaborative, pk=pk)
    )


def resource_version(*, collaborative, pk) -> ResourceVersion:
    return ResourceVersion.objects.select_related("resource").get(
        collaborative=collaborative, pk=pk
    )
