"""Query pieces the anchors selectors share."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def correlated_count(source, *, field="pk", distinct=False, link="workshop"):
    """A correlated COUNT of rows (a model or queryset) pointing at the outer row (0 when none)."""
    rows = source if isinstance(source, QuerySet) else source.objects.all()
    rows = (
        rows.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count(field, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
