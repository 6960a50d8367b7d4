"""Procurement's read-only API: each anchor's status, the pipeline, joint-tender matches,
suppliers and spend shares; the pages' predicates (every member, as the procurement pages)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from anchors.common.api.filters import PortalFilterSet
from anchors.common.api.views import PortalReadOnlyViewSet, PortalSequenceViewSet
from metrics.models import ReportingPeriod
from procurement import cpv, permissions
from procurement.finder import DEFAULT_DEPTH, DEFAULT_GAP_MONTHS
from procurement.models import OrganisationStatus, PipelineItem, Supplier, SupplierBuyer
from procurement.selectors import pipeline, spend, suppliers
from procurement.selectors.pipeline import LIST_FIELDS

# -- Status -------------------------------------------------------------------------------------


class StatusSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    subject = serializers.SerializerMethodField(help_text="The theme's or opportunity's name")

    class Meta:
        model = OrganisationStatus
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "theme",
            "opportunity",
            "subject",
            "level",
            "narrative",
            "next_step",
            "evidence_url",
            "reviewed_at",
            "updated_at",
        ]

    def get_subject(self, status) -> str:
        subject = status.theme if status.theme_id else status.opportunity
        return subject.name if subject else ""


class StatusFilter(PortalFilterSet):
    class Meta:
        model = OrganisationStatus
        fields = ["organisation", "theme", "opportunity", "level"]


class StatusViewSet(PortalReadOnlyViewSet):
    """Each anchor's position on each theme and opportunity (the status matrix's cells)."""

    serializer_class = StatusSerializer
    filterset_class = StatusFilter
    allowed = staticmethod(permissions.can_view_procurement)

    def rows(self, *, user, collaborative):
        return OrganisationStatus.objects.filter(collaborative=collaborative).select_related(
            "organisation", "theme", "opportunity"
        )


# -- Pipeline and joint-tender matches ----------------------------------------------------------


class PipelineItemSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = PipelineItem
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "title",
            "cpv_code",
            "estimated_value",
            "estimated_value_gross",
            "window_start",
            "window_end",
            "stage",
            "open_to_joint",
            "updated_at",
        ]


class PipelineDetailSerializer(PipelineItemSerializer):
    class Meta(PipelineItemSerializer.Meta):
        fields = [
            *PipelineItemSerializer.Meta.fields,
            "description",
            "planned_publication_date",
            "contract_start",
            "contract_end",
            "latest_extension_date",
            "procurement_route",
            "social_value_weighting",
            "suitable_sme",
            "suitable_vcse",
            "ocid",
        ]


class PipelineFilter(PortalFilterSet):
    class Meta:
        model = PipelineItem
        fields = ["organisation", "stage", "open_to_joint"]


class PipelineViewSet(PortalReadOnlyViewSet):
    """The collaborative's tender pipeline (the pipeline page)."""

    filterset_class = PipelineFilter
    allowed = staticmethod(permissions.can_view_procurement)

    def get_serializer_class(self):
        return PipelineDetailSerializer if self.action == "retrieve" else PipelineItemSerializer

    def rows(self, *, user, collaborative):
        if self.action == "retrieve":
            return PipelineItem.objects.filter(collaborative=collaborative).select_related(
                "organisation"
            )
        return pipeline.pipeline_items(collaborative=collaborative).only(*LIST_FIELDS, "updated_at")


class MatchSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="Stable name of the match (its prefix and items)")
    prefix = serializers.CharField(help_text="The CPV prefix the items share")
    prefix_label = serializers.SerializerMethodField()
    items = serializers.ListField(source="item_ids", child=serializers.IntegerField())
    organisations = serializers.ListField(source="anchor_ids", child=serializers.IntegerField())
    combined_value = serializers.DecimalField(max_digits=17, decimal_places=2)
    start = serializers.DateField()
    end = serializers.DateField()
    widest_gap_days = serializers.IntegerField()

    def get_prefix_label(self, match) -> str:
        return cpv.prefix_label(match.prefix)


class MatchViewSet(PortalSequenceViewSet):
    """Joint-tender matches (the joint-tender finder), highest combined value first."""

    serializer_class = MatchSerializer
    allowed = staticmethod(permissions.can_view_procurement)

    @extend_schema(
        parameters=[
            OpenApiParameter("depth", int, enum=[2, 3, 4], description="CPV digits shared"),
            OpenApiParameter("gap_months", int, description="Months allowed between windows"),
            OpenApiParameter("only_open", bool, description="Only items open to joint tender"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def rows(self, *, user, collaborative):
        params = self.request.query_params
        depth = _whole(params, "depth", DEFAULT_DEPTH)
        gap_months = _whole(params, "gap_months", DEFAULT_GAP_MONTHS)
        if depth not in (2, 3, 4):
            raise ValidationError({"depth": "Choose 2, 3 or 4"})
        if gap_months > 60:
            raise ValidationError({"gap_months": "Choose at most 60 months"})
        only_open = params.get("only_open", "").lower() in ("1", "true", "yes")
        return pipeline.joint_matches(
            collaborative=collaborative, depth=depth, gap_months=gap_months, only_open=only_open
        )


def _whole(params, name, default):
    raw = params.get(name, "")
    if raw == "":
        return default
    if not raw.isdigit():
        raise ValidationError({name: "Enter a whole number"})
    return int(raw)


# -- Suppliers and spend ------------------------------------------------------------------------


class BuyerSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = SupplierBuyer
        fields = ["organisation", "organisation_name", "what"]


class SupplierSerializer(serializers.ModelSerializer):
    buyers = BuyerSerializer(source="buyer_links", many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "company_number",
            "charity_number",
            "postcode",
            "postcode_district",
            "is_local",
            "website",
            "sme",
            "vcse",
            "bame_led",
            "living_wage_employer",
            "description",
            "buyers",
            "updated_at",
        ]


class SupplierFilter(PortalFilterSet):
    class Meta:
        model = Supplier
        fields = ["is_local", "sme", "vcse", "bame_led", "living_wage_employer"]


class SupplierViewSet(PortalReadOnlyViewSet):
    """The shared supplier register (the suppliers page)."""

    serializer_class = SupplierSerializer
    filterset_class = SupplierFilter
    allowed = staticmethod(permissions.can_view_procurement)

    def rows(self, *, user, collaborative):
        return suppliers.supplier_list(collaborative=collaborative)


class SpendShareSerializer(serializers.Serializer):
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation")
    period = serializers.IntegerField(source="period_id")
    period_label = serializers.CharField(source="period")
    total = serializers.DecimalField(max_digits=17, decimal_places=2)
    local = serializers.DecimalField(max_digits=17, decimal_places=2)
    sme = serializers.DecimalField(max_digits=17, decimal_places=2)
    vcse = serializers.DecimalField(max_digits=17, decimal_places=2)
    bame_led = serializers.DecimalField(max_digits=17, decimal_places=2)
    redacted = serializers.DecimalField(max_digits=17, decimal_places=2)
    local_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    sme_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    vcse_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    bame_led_share = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    lines = serializers.IntegerField()
    suppliers = serializers.IntegerField()


class SpendShareViewSet(PortalSequenceViewSet):
    """Spend and its local, SME, VCSE and minority-ethnic-led shares, per organisation per
    period (the spend page), latest period first."""

    serializer_class = SpendShareSerializer
    allowed = staticmethod(permissions.can_view_procurement)

    @extend_schema(parameters=[OpenApiParameter("period", int, description="One period only")])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def rows(self, *, user, collaborative):
        raw = self.request.query_params.get("period", "")
        period = None
        if raw:
            period = ReportingPeriod.objects.filter(
                collaborative=collaborative, pk=int(raw) if raw.isdigit() else 0
            ).first()
            if period is None:
                raise ValidationError({"period": "No such period"})
        return spend.spend_shares(collaborative=collaborative, period=period)


def routes():
    return [
        ("procurement/status", StatusViewSet, "procurement-status"),
        ("procurement/pipeline", PipelineViewSet, "procurement-pipeline"),
        ("procurement/joint-matches", MatchViewSet, "procurement-match"),
        ("procurement/suppliers", SupplierViewSet, "procurement-supplier"),
        ("procurement/spend-shares", SpendShareViewSet, "procurement-spend"),
    ]
