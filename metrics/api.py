"""Shared measurement's read-only API: the framework, periods, values (each with its state) and
each metric's figures (collective and by organisation, targets and RAG).

The same predicates as the pages (``metrics.permissions``) and the metric page's own selector
(``metric_summary``): values are shown to the facilitator and to each organisation's editors,
for that organisation only, as on the submission and value pages.
"""

from operator import attrgetter

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from anchors.common.api.filters import PortalFilterSet
from anchors.common.api.related import as_rows, attach
from anchors.common.api.views import PortalReadOnlyViewSet
from anchors.models import Theme
from metrics import permissions, selectors
from metrics.models import Metric, MetricValue, ReportingPeriod

# -- The framework ------------------------------------------------------------------------------


class MetricSerializer(serializers.ModelSerializer):
    outcome_name = serializers.CharField(source="outcome.name", read_only=True)
    themes = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Metric
        fields = [
            "id",
            "code",
            "name",
            "definition",
            "outcome",
            "outcome_name",
            "themes",
            "unit",
            "kind",
            "over_time",
            "direction",
            "numerator_label",
            "denominator_label",
            "allow_negative",
            "proxy_value",
            "proxy_source",
            "proxy_year",
            "active",
            "updated_at",
        ]


class MetricFilter(PortalFilterSet):
    theme = django_filters.NumberFilter(field_name="themes", distinct=True)

    class Meta:
        model = Metric
        fields = ["outcome", "active", "kind"]


class PeriodRefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "code", "label", "financial_year", "quarter", "start_date", "end_date"]


class SeriesPointSerializer(serializers.Serializer):
    period = PeriodRefSerializer()
    value = serializers.DecimalField(
        max_digits=30, decimal_places=4, allow_null=True, help_text="Total, or Σnum ÷ Σden × 100"
    )
    total = serializers.DecimalField(
        source="figure.total", max_digits=30, decimal_places=2, allow_null=True
    )
    numerator = serializers.DecimalField(
        source="figure.numerator", max_digits=30, decimal_places=2, allow_null=True
    )
    denominator = serializers.DecimalField(
        source="figure.denominator", max_digits=30, decimal_places=2, allow_null=True
    )
    reporting = serializers.IntegerField(help_text="Organisations whose value counts")
    verified = serializers.IntegerField()
    social_value = serializers.DecimalField(max_digits=30, decimal_places=2, allow_null=True)


class OrganisationFigureSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    value = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    numerator = serializers.DecimalField(
        source="figure.numerator", max_digits=30, decimal_places=2, allow_null=True
    )
    denominator = serializers.DecimalField(
        source="figure.denominator", max_digits=30, decimal_places=2, allow_null=True
    )
    state = serializers.CharField(help_text="The value's state; empty when none counts")


class TargetSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Collective, or the organisation's short name")
    organisation = serializers.IntegerField(source="target.organisation_id", allow_null=True)
    financial_year = serializers.IntegerField(source="target.financial_year")
    target = serializers.DecimalField(source="target.value", max_digits=30, decimal_places=2)
    actual = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    expected = serializers.DecimalField(max_digits=30, decimal_places=4, allow_null=True)
    status = serializers.ChoiceField(choices=["green", "amber", "red", "none"])
    rule = serializers.CharField()
    basis = serializers.CharField()


class FiguresSerializer(serializers.Serializer):
    metric = serializers.IntegerField(source="metric.pk")
    code = serializers.CharField(source="metric.code")
    unit = serializers.CharField(source="metric.unit")
    is_ratio = serializers.BooleanField(source="metric.is_ratio")
    period = PeriodRefSerializer(allow_null=True, help_text="The period of the breakdown")
    series = SeriesPointSerializer(many=True, help_text="The collective figure, every period")
    by_organisation = OrganisationFigureSerializer(source="breakdown", many=True)
    targets = TargetSerializer(many=True, help_text="This financial year's targets, with RAG")


# The serializer's fields that are not the metric's own columns.
METRIC_EXTRA_FIELDS = {"outcome_name", "themes"}


class MetricViewSet(PortalReadOnlyViewSet):
    """The metric framework (every role of the collaborative, as the framework page)."""

    serializer_class = MetricSerializer
    filterset_class = MetricFilter
    allowed = staticmethod(permissions.can_view_framework)

    def rows(self, *, user, collaborative):
        if self.action == "figures":  # the metric itself, for its figures
            return selectors.metric_list(collaborative=collaborative, active=None)
        # Only the columns shown, and of the themes only their keys (in the themes' order).
        columns = [
            *(f for f in MetricSerializer.Meta.fields if f not in METRIC_EXTRA_FIELDS),
            "outcome__name",
        ]
        rows = selectors.metric_list(collaborative=collaborative, active=None)
        if self.action == "list":
            return as_rows(rows, columns)  # themes: attach
        return rows.only(*columns).prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("id"))
        )

    def attach(self, page):
        # The themes' keys in the themes' order, through the many-to-many's table (Theme has no
        # way back to metrics).
        attach(
            page,
            "themes",
            Metric.themes.through.objects.select_related("theme")
            .only("metric_id", "theme__id")
            .order_by("theme__name"),
            link="metric",
            pick=attrgetter("theme"),
        )

    @extend_schema(
        responses=FiguresSerializer,
        parameters=[
            OpenApiParameter(
                "period", int, description="The period of the breakdown (default: the latest)"
            )
        ],
        filters=False,
    )
    @action(detail=True, filter_backends=[], pagination_class=None)
    def figures(self, request, pk=None):
        """The metric page's figures: the collective figure every period (ratios as Σnum ÷
        Σden), each organisation's for one period, and this year's targets with RAG."""
        metric = self.get_object()
        metric.collaborative = self.collaborative
        raw = request.query_params.get("period", "")
        summary = selectors.metric_summary(
            metric=metric, period_id=int(raw) if raw.isdigit() else None
        )
        return Response(self.represent(summary, serializer_class=FiguresSerializer))


# -- Periods and values -------------------------------------------------------------------------


class PeriodSerializer(PeriodRefSerializer):
    class Meta(PeriodRefSerializer.Meta):
        fields = [*PeriodRefSerializer.Meta.fields, "deadline", "state", "updated_at"]


class PeriodFilter(PortalFilterSet):
    class Meta:
        model = ReportingPeriod
        fields = ["financial_year", "quarter", "state"]


class PeriodViewSet(PortalReadOnlyViewSet):
    """Reporting periods (those who submit or verify values, as the periods page)."""

    serializer_class = PeriodSerializer
    filterset_class = PeriodFilter
    allowed = staticmethod(permissions.can_view_submissions)

    def rows(self, *, user, collaborative):
        return selectors.period_list(collaborative=collaborative)


class ValueSerializer(serializers.ModelSerializer):
    metric_code = serializers.CharField(source="metric.code", read_only=True)
    period_code = serializers.CharField(source="period.code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = MetricValue
        fields = [
            "id",
            "metric",
            "metric_code",
            "period",
            "period_code",
            "organisation",
            "organisation_name",
            "value",
            "numerator",
            "denominator",
            "state",
            "submitted_at",
            "verified_at",
            "returned_at",
            "updated_at",
        ]


class ValueFilter(PortalFilterSet):
    period_from = django_filters.DateFilter(
        field_name="period__start_date", lookup_expr="gte", label="Periods starting on or after"
    )
    period_to = django_filters.DateFilter(
        field_name="period__end_date", lookup_expr="lte", label="Periods ending on or before"
    )
    theme = django_filters.NumberFilter(method="by_theme")

    class Meta:
        model = MetricValue
        fields = ["period", "organisation", "metric", "state"]

    def by_theme(self, queryset, name, value):
        return queryset.filter(
            metric_id__in=Metric.themes.through.objects.filter(theme_id=value).values("metric_id")
        )


# What a value's row shows (reading only these keeps a page of 100,000 values' list cheap).
VALUE_COLUMNS = (
    *ValueSerializer.Meta.fields[:1],
    "metric__code",
    "period__financial_year",
    "period__quarter",
    "organisation__name",
    *(f for f in ValueSerializer.Meta.fields if not f.endswith(("_code", "_name")) and f != "id"),
)


class ValueViewSet(PortalReadOnlyViewSet):
    """Metric values with their state: the facilitator sees every organisation's, an
    organisation's leads and sponsor their own (as the submission and value pages)."""

    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    allowed = staticmethod(permissions.can_view_submissions)

    def rows(self, *, user, collaborative):
        values = (
            MetricValue.objects.filter(collaborative=collaborative)
            .select_related("metric", "period", "organisation")
            .only(*VALUE_COLUMNS)
        )
        allowed = permissions.value_organisation_ids(user, collaborative)
        if allowed is not None:
            values = values.filter(organisation_id__in=allowed)
        return values


def routes():
    return [
        ("metrics", MetricViewSet, "metric"),
        ("periods", PeriodViewSet, "period"),
        ("values", ValueViewSet, "value"),
    ]
