"""Filters every list shares: ``updated_since`` for incremental pulls."""

import django_filters


class PortalFilterSet(django_filters.FilterSet):
    """A filter set with ``updated_since`` (ISO 8601 date-time) on tables with ``updated_at``."""

    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Rows changed at or after this time (ISO 8601), for incremental pulls",
    )
