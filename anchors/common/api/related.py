"""A page's to-many relations, read in one query each and kept where the serializers look.

``prefetch_related`` makes, for every row of the page, a related manager and a QuerySet filtered
to that row (about 60 µs a row: 3 ms for a page of 50, more than reading the rows). For a page
that only shows them, ``attach`` reads the related rows of the whole page in one query and keeps
each row's as a plain list in the row's prefetch cache: ``row.<name>.all()`` gives that list,
and ``anchors.common.api.serializers`` reads it directly. Not for rows anything would filter
further (a list has no ``.filter``).
"""

from collections import defaultdict

from django.db.models import F

ATTACHED_TO = "_attached_to"


def attach(rows, name, queryset, *, link, pick=None):
    """For each of ``rows``, its ``name`` relation: the rows of ``queryset`` (a queryset of the
    related model, in the order to show) whose ``link`` (the lookup from the related model to
    the row: ``"workstream"`` for a foreign key, ``"workshops"`` across a many-to-many) is the
    row. One query, whatever the number of rows. ``pick`` (item -> what to keep) serves a
    many-to-many without a reverse name, read through its table (``Metric.themes.through``,
    ``link="metric"``, ``pick=attrgetter("theme")``)."""
    if not rows:
        return
    grouped = defaultdict(list)
    related = queryset.filter(**{f"{link}__in": [row.pk for row in rows]}).annotate(
        **{ATTACHED_TO: F(link)}
    )
    for item in related:
        grouped[getattr(item, ATTACHED_TO)].append(item if pick is None else pick(item))
    for row in rows:
        cache = row.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[name] = grouped.get(row.pk, [])
