"""Workforce's read-only API: local hiring figures per period, collectively and per anchor —
aggregates only, never a starter's row (the overview page's figures, to every member)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from anchors.common.api.pagination import SequenceCursorPagination
from anchors.common.api.views import PortalSequenceViewSet
from workforce import permissions
from workforce.selectors import hiring


class HiringShareSerializer(serializers.Serializer):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.DecimalField(
        max_digits=5, decimal_places=1, allow_null=True, help_text="Per cent"
    )


class HiringRouteSerializer(serializers.Serializer):
    route = serializers.CharField(source="0")
    starters = serializers.IntegerField(source="1")

    def to_representation(self, instance):
        label, starters = instance
        return {"route": label, "starters": starters}


def _share(share) -> dict:
    """HiringShareSerializer's output, written directly (a page holds two hundred cells)."""
    value = share.value  # already to one decimal place, as the DecimalField writes it
    return {
        "numerator": share.numerator,
        "denominator": share.denominator,
        "value": None if value is None else f"{value:f}",
    }


class HiringFiguresSerializer(serializers.Serializer):
    starters = serializers.IntegerField()
    resident = HiringShareSerializer(help_text="Starters living in the collaborative's boroughs")
    deprived = HiringShareSerializer(help_text="Starters from the most deprived deciles")
    deprivation_edition = serializers.CharField(
        source="edition.code", allow_null=True, default=None, help_text="The IMD edition counted"
    )
    routes = HiringRouteSerializer(many=True)

    def to_representation(self, instance):
        """The fields above, written directly: a page of four quarters has 204 of these (the
        schema still comes from the fields)."""
        edition = instance.edition
        return {
            "starters": instance.starters,
            "resident": _share(instance.resident),
            "deprived": _share(instance.deprived),
            "deprivation_edition": None if edition is None else str(edition.code),
            "routes": [{"route": str(label), "starters": n} for label, n in instance.routes],
        }


class AnchorHiringSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    figures = HiringFiguresSerializer()


class PeriodHiringSerializer(serializers.Serializer):
    period = serializers.IntegerField(source="period.pk")
    period_code = serializers.CharField(source="period.code")
    collective = HiringFiguresSerializer()
    anchors = AnchorHiringSerializer(many=True)


class HiringPagination(SequenceCursorPagination):
    # A quarter a page: every anchor's figures and the collective's (51 rows for 50 anchors, as
    # a page of another list holds 50); ``?page_size=4`` for a year.
    page_size = 1


class HiringViewSet(PortalSequenceViewSet):
    """New starters per period, collectively and per anchor (the workforce overview's figures)."""

    serializer_class = PeriodHiringSerializer
    pagination_class = HiringPagination
    allowed = staticmethod(permissions.can_view_workforce)

    @extend_schema(parameters=[OpenApiParameter("period", int, description="One period only")])
    def list(self, request, *args, **kwargs):
        # Page the periods, then sum the figures of the page's periods only (five queries).
        collaborative = self.collaborative
        periods = hiring.period_list(collaborative=collaborative)[::-1]  # newest first
        raw = request.query_params.get("period", "")
        if raw:
            periods = [p for p in periods if str(p.pk) == raw]
            if not periods:
                raise ValidationError({"period": "No such period"})
        page = self.paginate_queryset(periods)
        figures = hiring.hiring_figures(collaborative=collaborative, periods=page)
        return self.get_paginated_response(self.represent(figures, many=True))


def routes():
    return [("workforce/hiring", HiringViewSet, "workforce-hiring")]
