"""Spend analysis: each organisation's figures per period, and the upload of a spend file —
upload, a dry-run preview with every problem by row, the column mapping, confirm."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.errors import require
from anchors.common.exports import table_response
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, perform, posted
from anchors.models import Organisation
from metrics import selectors as metric_selectors
from metrics.models import ReportingPeriod
from procurement import permissions
from procurement.forms.spend import SpendColumnsForm, SpendDateOrderForm, SpendUploadForm
from procurement.models import SpendBatch
from procurement.selectors import spend as selectors
from procurement.services import spend as services
from procurement.spend import columns
from procurement.spend.reading import sheet_from_bytes
from procurement.spend.values import DATE_ORDERS
from procurement.views.common import collaborative_of

PAGE_SIZE = 100


def _organisations(user, collaborative):
    ids = permissions.spend_organisation_ids(user, collaborative)
    organisations = Organisation.objects.filter(collaborative=collaborative).order_by("name")
    return organisations if ids is None else organisations.filter(pk__in=ids)


def spend_index(request):
    """Every organisation's spend figures by period, the biggest suppliers, and recent files."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    if exported := export_response(request, "procurement.spend", collaborative=collaborative):
        return exported
    periods = list(metric_selectors.period_list(collaborative=collaborative))
    chosen = request.GET.get("period", "")
    period = next((p for p in periods if str(p.pk) == chosen), None)
    figures = selectors.spend_shares(collaborative=collaborative, period=period)
    shown_period = period or next(
        (p for p in reversed(periods) if figures and p.pk == figures[0].period_id), None
    )
    ids = permissions.spend_organisation_ids(request.user, collaborative)
    can_upload = permissions.can_upload_spend(request.user, collaborative)
    batches = (
        paginate(
            request,
            selectors.batch_list(collaborative=collaborative, organisation_ids=ids),
            param="files_page",
            fragment="files",
        )
        if can_upload
        else None
    )
    return render(
        request,
        "procurement/spend_index.html",
        {
            "title": "Spend",
            "section": "spend",
            "figures": figures,
            "periods": periods,
            "period": period,
            "shown_period": shown_period,
            "together": selectors.collaborative_figures(
                collaborative=collaborative, period=shown_period
            )
            if shown_period
            else None,
            "top": selectors.top_suppliers(collaborative=collaborative, period=shown_period)
            if shown_period
            else [],
            "batches": batches,
            "can_upload": can_upload,
        },
    )


def spend_upload(request):
    collaborative = collaborative_of(request)
    require(permissions.can_upload_spend(request.user, collaborative))
    periods = metric_selectors.period_list(collaborative=collaborative).filter(
        state=ReportingPeriod.State.OPEN
    )
    current = metric_selectors.current_period(collaborative=collaborative)
    form = SpendUploadForm(
        posted(request),
        request.FILES or None,
        organisations=_organisations(request.user, collaborative),
        periods=periods,
        initial={"period": current.pk if current else None},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.spend_upload(
            user=request.user,
            organisation=data["organisation"],
            period=data["period"],
            name=data["file"].name,
            data=data["file"].read(),
        ),
        done=lambda batch: ("", reverse("procurement:spend_preview", args=[batch.pk])),
        template="procurement/spend_upload.html",
        context={
            "title": "Upload a spend file",
            "section": "spend",
            "back_url": reverse("procurement:spend"),
            "fields": columns.FIELDS,
        },
    )


def _batch(request, pk) -> SpendBatch:
    """A file of an organisation the person keeps; anyone else's is not found (404)."""
    collaborative = collaborative_of(request)
    require(permissions.can_upload_spend(request.user, collaborative), not_found=True)
    return get_or_404(
        selectors.batch_detail,
        collaborative=collaborative,
        pk=pk,
        organisation_ids=permissions.spend_organisation_ids(request.user, collaborative),
    )


def spend_preview(request, pk):
    batch = _batch(request, pk)
    if batch.status == SpendBatch.Status.IMPORTED:
        return render(
            request,
            "procurement/spend_done.html",
            {
                "batch": batch,
                "section": "spend",
                "figures": selectors.organisation_figures(
                    organisation=batch.organisation, period=batch.period
                ),
                "suppliers": selectors.batch_suppliers(batch=batch),
            },
        )
    sheet = sheet_from_bytes(batch.parsed)
    plan = services.spend_plan(batch=batch, sheet=sheet)
    if request.GET.get("download") == "errors":
        return table_response(
            filename=f"problems-{batch.filename}",
            columns=["row", "column", "problem", "cell"],
            rows=[[e.row or "", e.column, e.message, e.value] for e in plan.errors],
        )
    headings = sheet.headings
    mapped = [
        (label, _heading(headings, batch.mapping.get(name)))
        for name, label in columns.FIELDS.items()
    ]
    matches = selectors.supplier_matches(collaborative=batch.collaborative, lines=plan.lines)
    return render(
        request,
        "procurement/spend_preview.html",
        {
            "batch": batch,
            "section": "spend",
            "sheet": sheet,
            "plan": plan,
            "digest": services.plan_digest(batch, plan),
            "mapped": mapped,
            "missing": [columns.FIELDS[f] for f in columns.REQUIRED if f not in batch.mapping],
            "matches": matches,
            "error_page": paginate(
                request, plan.errors, per_page=PAGE_SIZE, param="errors_page", fragment="errors"
            ),
            "line_page": paginate(
                request, plan.lines, per_page=PAGE_SIZE, param="lines_page", fragment="lines"
            ),
            "date_form": SpendDateOrderForm() if plan.date_order_needed else None,
            "date_order_label": DATE_ORDERS.get(plan.date_order, ""),
            "to_import": len(plan.lines),
        },
    )


def _heading(headings, position) -> str:
    if position is None or int(position) >= len(headings):
        return ""
    return headings[int(position)]


def spend_columns(request, pk):
    batch = _batch(request, pk)
    if batch.status != SpendBatch.Status.PREVIEWED:
        return redirect("procurement:spend_preview", pk=batch.pk)
    sheet = sheet_from_bytes(batch.parsed)
    form = SpendColumnsForm(
        posted(request),
        headings=sheet.headings,
        mapping=batch.mapping,
        date_order=batch.date_order,
    )
    preview = reverse("procurement:spend_preview", args=[batch.pk])
    return form_page(
        request,
        form,
        save=lambda data: services.spend_map(
            user=request.user,
            batch=batch,
            mapping=form.mapping(),
            date_order=data.get("date_order", ""),
        ),
        done=("Columns saved: the file has been checked again with them.", preview),
        template="procurement/spend_columns.html",
        context={
            "title": "Which column holds what",
            "caption": batch.filename,
            "back_url": preview,
            "cancel_url": preview,
            "sheet": sheet,
            "sample": sheet.frame.head(3).to_numpy(dtype=object).tolist(),
        },
    )


@require_POST
def spend_dates(request, pk):
    batch = _batch(request, pk)
    preview = reverse("procurement:spend_preview", args=[batch.pk])
    return perform(
        request,
        lambda: services.spend_date_order(
            user=request.user, batch=batch, date_order=request.POST.get("date_order", "")
        ),
        success="Date order confirmed: the file has been checked again.",
        then=preview,
    )


@require_POST
def spend_confirm(request, pk):
    batch = _batch(request, pk)
    preview = reverse("procurement:spend_preview", args=[batch.pk])

    def imported(result):
        left_out = (
            f" {len(result.left_out):,} row{'s' if len(result.left_out) != 1 else ''} left out "
            "as you chose."
            if result.left_out
            else ""
        )
        return (
            f"Imported “{batch.filename}”: {result.lines:,} line{'s' if result.lines != 1 else ''}"
            f" of spend, {result.new_suppliers:,} new supplier"
            f"{'s' if result.new_suppliers != 1 else ''} added to the register for review."
            f"{left_out}"
        )

    return perform(
        request,
        lambda: services.spend_confirm(
            user=request.user,
            batch=batch,
            digest=request.POST.get("digest", ""),
            leave_out=request.POST.get("leave_out") == "yes",
        ),
        success=imported,
        then=preview,
        failure_prefix="",
    )


@require_POST
def spend_withdraw(request, pk):
    batch = _batch(request, pk)

    def withdrawn(result):
        note = services.metrics_note(result)
        return (
            f"Withdrew “{batch.filename}”: its {result.lines:,} line"
            f"{'s' if result.lines != 1 else ''} of spend are no longer counted. {note}"
        ).strip()

    return perform(
        request,
        lambda: services.spend_withdraw(user=request.user, batch=batch),
        success=withdrawn,
        then=reverse("procurement:spend"),
        failed=reverse("procurement:spend_preview", args=[batch.pk]),
    )
