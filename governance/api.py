"""Governance's read-only API: escalations, decisions and published quarterly reports; the
pages' predicates (escalations for working members, not the board's members alone; decisions
and reports for every member)."""

import django_filters
from django.urls import reverse
from rest_framework import serializers

from anchors.common.api.filters import PortalFilterSet
from anchors.common.api.views import PortalReadOnlyViewSet
from governance import permissions, selectors
from governance.models import Decision, Escalation, Report
from governance.selectors.reports import visible_reports


class EscalationSerializer(serializers.ModelSerializer):
    addressed_group_name = serializers.CharField(
        source="addressed_group.name", read_only=True, allow_null=True
    )
    raised_by_name = serializers.CharField(source="raised_by.name", read_only=True)
    raised_by_organisation = serializers.IntegerField(
        source="raised_by.organisation_id", read_only=True
    )

    class Meta:
        model = Escalation
        fields = [
            "id",
            "title",
            "ask",
            "detail",
            "impact",
            "needed_by",
            "workstream",
            "action",
            "barrier",
            "status_cell",
            "joint_proposal",
            "addressed_group",
            "addressed_group_name",
            "addressed_sponsor",
            "addressed_on",
            "asks_organisation",
            "authority_needed",
            "amount",
            "raised_by",
            "raised_by_name",
            "raised_by_organisation",
            "raised_on",
            "state",
            "acknowledged_on",
            "closed_on",
            "auto_escalations",
            "outcome_note",
            "updated_at",
        ]


class EscalationFilter(PortalFilterSet):
    raised_from = django_filters.DateFilter(field_name="raised_on", lookup_expr="gte")
    raised_to = django_filters.DateFilter(field_name="raised_on", lookup_expr="lte")

    class Meta:
        model = Escalation
        fields = ["state", "addressed_group", "workstream", "asks_organisation"]


class EscalationViewSet(PortalReadOnlyViewSet):
    """Escalations (the escalations page: not for the board's members alone)."""

    serializer_class = EscalationSerializer
    filterset_class = EscalationFilter
    allowed = staticmethod(permissions.can_view_escalations)

    def rows(self, *, user, collaborative):
        # The page's selector joins eleven tables for what the page links to; the API names
        # those by id, so only the two it shows by name are joined (PostgreSQL plans an
        # eleven-way join for every page, rows or not).
        return (
            selectors.escalations(collaborative=collaborative)
            .select_related(None)
            .select_related("addressed_group", "raised_by")
        )


class DecisionSerializer(serializers.ModelSerializer):
    decided_by_name = serializers.CharField(source="decided_by.name", read_only=True)
    group_name = serializers.CharField(source="group.name", read_only=True, allow_null=True)
    follow_up_actions = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "escalation",
            "what",
            "decided_by",
            "decided_by_name",
            "authority",
            "group",
            "group_name",
            "decided_on",
            "follow_up_actions",
            "updated_at",
        ]


class DecisionFilter(PortalFilterSet):
    decided_from = django_filters.DateFilter(field_name="decided_on", lookup_expr="gte")
    decided_to = django_filters.DateFilter(field_name="decided_on", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["group"]


class DecisionViewSet(PortalReadOnlyViewSet):
    """The decision log (every member, as the decisions page)."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter
    allowed = staticmethod(permissions.can_view_governance)

    def rows(self, *, user, collaborative):
        return selectors.decisions(collaborative=collaborative)


class ReportSerializer(serializers.ModelSerializer):
    period_code = serializers.CharField(source="period.code", read_only=True)
    page = serializers.SerializerMethodField(help_text="The report's page in the portal")
    pdf = serializers.SerializerMethodField(help_text="The report's PDF, when it is ready")
    content = serializers.JSONField(
        source="snapshot", read_only=True, help_text="The published report's frozen content"
    )

    class Meta:
        model = Report
        fields = [
            "id",
            "title",
            "period",
            "period_code",
            "published_at",
            "page",
            "pdf",
            "content",
            "updated_at",
        ]

    def get_page(self, report) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("governance:report_detail", args=[report.pk])
        )

    def get_pdf(self, report) -> str | None:
        if not report.pdf:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("governance:report_pdf", args=[report.pk])
        )


class ReportFilter(PortalFilterSet):
    class Meta:
        model = Report
        fields = ["period"]


class ReportViewSet(PortalReadOnlyViewSet):
    """Published quarterly reports (every member, as the reports page)."""

    serializer_class = ReportSerializer
    filterset_class = ReportFilter
    allowed = staticmethod(permissions.can_view_reports)

    def rows(self, *, user, collaborative):
        return visible_reports(user=user, collaborative=collaborative).filter(
            state=Report.State.PUBLISHED
        )


def routes():
    return [
        ("governance/escalations", EscalationViewSet, "governance-escalation"),
        ("governance/decisions", DecisionViewSet, "governance-decision"),
        ("governance/reports", ReportViewSet, "governance-report"),
    ]
