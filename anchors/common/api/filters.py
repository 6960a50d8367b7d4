"""Filters every list shares: ``updated_since`` for incremental pulls; the filter backend."""

import django_filters
from django_filters.rest_framework import DjangoFilterBackend

# Query parameters that page a list (PortalCursorPagination, SequenceCursorPagination); they
# filter nothing.
PAGING_PARAMS = frozenset({"cursor", "page_size"})


class PortalFilterSet(django_filters.FilterSet):
    """A filter set with ``updated_since`` (ISO 8601 date-time) on tables with ``updated_at``."""

    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Rows changed at or after this time (ISO 8601), for incremental pulls",
    )

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # Only the filters the request names (``state`` for ``?state=``; ``x_min`` names ``x``)
        # and any required one: a filter given nothing filters nothing, and copying and
        # validating all of them cost a list request 1 ms. (FilterSet copies
        # ``self.base_filters``: set on the instance, the class's stay whole.)
        if data is not None and prefix is None:
            keys = list(data.keys())
            self.base_filters = {
                name: found
                for name, found in type(self).base_filters.items()
                if found.extra.get("required")
                or any(key == name or key.startswith(f"{name}_") for key in keys)
            }
        super().__init__(data, queryset, request=request, prefix=prefix)


class PortalFilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds and validates the filter set's form for every
    request: a request naming nothing but its page (most BI refreshes) skips that, since no
    filter of an empty form filters anything (a filter set with a required filter never
    skips, so its error is still given)."""

    def filter_queryset(self, request, queryset, view):
        if request.query_params.keys() <= PAGING_PARAMS:
            filterset_class = self.get_filterset_class(view, queryset)
            if filterset_class is None or not any(
                f.extra.get("required") for f in filterset_class.base_filters.values()
            ):
                return queryset
        return super().filter_queryset(request, queryset, view)
