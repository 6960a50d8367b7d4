"""The procurement pages' tables as exports (``ProcurementConfig.exports``): the page's rows
with its filters, in its column order (anchors.common.exports)."""

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone

from anchors.common.errors import require
from anchors.common.exports import TableExport, date_text, filter_text, queryset_rows
from anchors.views.common import member_collaborative
from metrics import selectors as metric_selectors
from procurement import cpv, ocds_export, permissions
from procurement.forms.pipeline import JointFilterForm, PipelineFilterForm
from procurement.forms.suppliers import SupplierFilterForm
from procurement.models import BuyerIdentifier
from procurement.selectors import pipeline as pipeline_selectors
from procurement.selectors import spend as spend_selectors
from procurement.selectors import status as status_selectors
from procurement.selectors import suppliers as supplier_selectors


def _viewer(user, collaborative):
    require(permissions.can_view_procurement(user, collaborative))


def status(*, user, collaborative, query):
    """The status matrix, one row a cell: anchor × theme or opportunity."""
    _viewer(user, collaborative)
    matrix = status_selectors.status_matrix(collaborative=collaborative)
    rows = []
    for row in matrix.rows:
        for cell in row.cells:
            status = cell.status
            rows.append(
                [
                    row.organisation.short_name,
                    cell.column.name,
                    "Theme" if cell.column.kind == "theme" else "Opportunity",
                    status.level if status else "",
                    status.get_level_display() if status else "Not recorded",
                    status.narrative if status else "",
                    status.next_step if status else "",
                    status.evidence_url if status else "",
                    date_text(status.reviewed_at.date()) if status else "",
                    status.updated_by.get_full_name() if status and status.updated_by else "",
                    cell.stale,
                ]
            )
    return TableExport(
        title="Procurement status",
        collaborative=collaborative.name,
        columns=[
            "Anchor",
            "Theme or opportunity",
            "Kind",
            "Maturity level",
            "Maturity",
            "Where we are",
            "Next step",
            "Evidence link",
            "Last updated",
            "Updated by",
            "Not updated for 90 days",
        ],
        rows=rows,
    )


def pipeline(*, user, collaborative, query):
    _viewer(user, collaborative)
    form = PipelineFilterForm(query or None, collaborative=collaborative)
    chosen = form.filters() if query else {}
    organisation = chosen.get("organisation")
    items = pipeline_selectors.pipeline_items(
        collaborative=collaborative,
        organisation_id=organisation.pk if organisation else None,
        stage=chosen.get("stage") or "",
    )
    return TableExport(
        title="Tender pipeline",
        collaborative=collaborative.name,
        filters=filter_text(form),
        columns=[
            "Procurement",
            "Open to joint procurement",
            "Anchor",
            "CPV code",
            "Category",
            "Window start",
            "Window end",
            "Value (net, £)",
            "Value (gross, £)",
            "Stage",
        ],
        count=items.count(),
        rows=queryset_rows(
            items,
            lambda item: [
                item.title,
                item.open_to_joint,
                item.organisation.short_name,
                item.cpv_code,
                cpv.label(item.cpv_code) if item.cpv_code else "",
                date_text(item.window_start),
                date_text(item.window_end),
                item.estimated_value,
                item.estimated_value_gross,
                item.get_stage_display(),
            ],
        ),
    )


def joint(*, user, collaborative, query):
    """Every joint-tender match with the page's filters, one row an item of a match."""
    _viewer(user, collaborative)
    form = JointFilterForm(query or None)
    chosen = form.filters() if query else JointFilterForm().filters()
    matches = pipeline_selectors.joint_matches(collaborative=collaborative, **chosen)
    rows = []
    for number, row in enumerate(
        pipeline_selectors.match_rows(
            collaborative=collaborative,
            matches=list(matches),
            depth=chosen["depth"],
            gap_months=chosen["gap_months"],
            shown=None,
        ),
        start=1,
    ):
        anchors = ", ".join(o.short_name for o in row.organisations)
        for item in row.items:
            rows.append(
                [
                    number,
                    row.match.prefix,
                    row.prefix_label,
                    anchors,
                    row.match.combined_value,
                    date_text(row.match.start),
                    date_text(row.match.end),
                    item.title,
                    item.organisation.short_name,
                    item.cpv_code,
                    date_text(item.window_start),
                    date_text(item.window_end),
                    item.estimated_value,
                ]
            )
    return TableExport(
        title="Joint-tender matches",
        collaborative=collaborative.name,
        filters=filter_text(form),
        columns=[
            "Match",
            "CPV prefix",
            "Category",
            "Anchors",
            "Combined value (£)",
            "Match starts",
            "Match ends",
            "Item",
            "Item's anchor",
            "Item's CPV code",
            "Item's window start",
            "Item's window end",
            "Item's value (£)",
        ],
        rows=rows,
    )


def suppliers(*, user, collaborative, query):
    _viewer(user, collaborative)
    form = SupplierFilterForm(query or None, collaborative=collaborative)
    chosen = form.filters() if query else {}
    organisation = chosen.get("organisation")
    queryset = supplier_selectors.supplier_list(
        collaborative=collaborative,
        query=chosen.get("q", ""),
        flag=chosen.get("flag", ""),
        organisation_id=organisation.pk if organisation else None,
    )
    return TableExport(
        title="Suppliers",
        collaborative=collaborative.name,
        filters=filter_text(form),
        columns=[
            "Supplier",
            "Company number",
            "Charity number",
            "Postcode",
            "Local",
            "SME",
            "VCSE",
            "BAME-led",
            "Living Wage employer",
            "Needs review",
            "Bought by",
            "Passport items (of 5)",
            "Passport items overdue",
        ],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda s: [
                s.name,
                s.company_number,
                s.charity_number,
                s.postcode,
                s.is_local,
                s.sme,
                s.vcse,
                s.bame_led,
                s.living_wage_employer,
                s.needs_review,
                ", ".join(link.organisation.short_name for link in s.buyer_links.all()),
                s.passport_count,
                s.expired_count,
            ],
        ),
    )


def events(*, user, collaborative, query):
    _viewer(user, collaborative)
    queryset = supplier_selectors.event_list(collaborative=collaborative)
    return TableExport(
        title="Supplier engagement events",
        collaborative=collaborative.name,
        columns=["Event", "Kind", "Date", "Run by", "Suppliers attending"],
        count=queryset.count(),
        rows=queryset_rows(
            queryset,
            lambda e: [
                e.title,
                e.get_kind_display(),
                date_text(e.date),
                ", ".join(h.short_name for h in e.hosts.all()),
                e.attended,
            ],
        ),
    )


def _spend_period(collaborative, query):
    chosen = query.get("period", "")
    periods = list(metric_selectors.period_list(collaborative=collaborative))
    return periods, next((p for p in periods if str(p.pk) == chosen), None)


def spend(*, user, collaborative, query):
    """The spend page's shares by anchor and period (``table=suppliers``: its biggest
    suppliers)."""
    _viewer(user, collaborative)
    periods, period = _spend_period(collaborative, query)
    figures = spend_selectors.spend_shares(collaborative=collaborative, period=period)
    filters = [f"Period: {period.label}"] if period else []
    if query.get("table") == "suppliers":
        shown = period or next(
            (p for p in reversed(periods) if figures and p.pk == figures[0].period_id), None
        )
        top = (
            spend_selectors.top_suppliers(collaborative=collaborative, period=shown)
            if shown
            else []
        )
        return TableExport(
            title="Biggest suppliers",
            collaborative=collaborative.name,
            filters=[f"Period: {shown.label}"] if shown else [],
            columns=["Supplier", "Local", "SME", "VCSE", "Minority-ethnic-led", "Spend (£)"],
            rows=[
                [
                    s["supplier__name"],
                    s["supplier__is_local"],
                    s["supplier__sme"],
                    s["supplier__vcse"],
                    s["supplier__bame_led"],
                    s["total"],
                ]
                for s in top
            ],
        )
    return TableExport(
        title="Spend by anchor and period",
        collaborative=collaborative.name,
        filters=filters,
        columns=[
            "Anchor",
            "Period",
            "Total spend (£)",
            "Local (%)",
            "Local (£)",
            "SME (%)",
            "SME (£)",
            "VCSE (%)",
            "VCSE (£)",
            "Minority-ethnic-led (%)",
            "Names withheld (£)",
            "Lines",
        ],
        rows=[
            [
                f.organisation,
                f.period,
                f.total,
                f.local_share,
                f.local,
                f.sme_share,
                f.sme,
                f.vcse_share,
                f.vcse,
                f.bame_led_share,
                f.redacted,
                f.lines,
            ]
            for f in figures
        ],
    )


def pipeline_ocds(request):
    """The pipeline (with the page's filters) as an OCDS 1.1 release package, planning stage."""
    collaborative = member_collaborative(request)
    _viewer(request.user, collaborative)
    form = PipelineFilterForm(request.GET or None, collaborative=collaborative)
    chosen = form.filters() if request.GET else {}
    organisation = chosen.get("organisation")
    items = pipeline_selectors.pipeline_items(
        collaborative=collaborative,
        organisation_id=organisation.pk if organisation else None,
        stage=chosen.get("stage") or "",
    )
    identifiers = {}
    for organisation_id, identifier in BuyerIdentifier.objects.filter(
        collaborative=collaborative
    ).values_list("organisation_id", "identifier"):
        identifiers.setdefault(organisation_id, []).append(identifier)
    package = ocds_export.release_package(
        items=items,
        collaborative_name=collaborative.name,
        uri=request.build_absolute_uri(),
        prefix=getattr(settings, "OCDS_OCID_PREFIX", ocds_export.DEFAULT_PREFIX),
        identifiers=identifiers,
    )
    response = JsonResponse(package, json_dumps_params={"ensure_ascii": False, "indent": 1})
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pipeline-ocds-{day}.json"'
    return response
