"""File import: upload, dry-run preview (every write and every error), confirm, template."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from anchors.common.errors import PortalError, require
from anchors.common.exports import table_response
from anchors.common.pagination import LazyRows, paginate
from anchors.common.views import form_page, get_or_404, int_param, perform, posted
from metrics import permissions, selectors, services
from metrics.forms import ImportForm
from metrics.imports import template as import_template
from metrics.imports.reading import COLUMNS
from metrics.imports.template import GUIDANCE
from metrics.models import ImportBatch, ReportingPeriod
from metrics.views.common import collaborative_of


def _import_organisations(request, collaborative):
    organisations = selectors.reporting_organisations(collaborative=collaborative)
    allowed = permissions.value_organisation_ids(request.user, collaborative)
    return list(organisations if allowed is None else organisations.filter(pk__in=allowed))


def import_start(request):
    collaborative = collaborative_of(request)
    require(permissions.can_import(request.user, collaborative))
    form = ImportForm(posted(request), request.FILES or None)
    periods = selectors.period_list(collaborative=collaborative).filter(
        state=ReportingPeriod.State.OPEN
    )
    return form_page(
        request,
        form,
        save=lambda data: services.import_upload(
            user=request.user,
            collaborative=collaborative,
            name=data["file"].name,
            data=data["file"].read(),
        ),
        done=lambda result: ("", reverse("metrics:import_preview", args=[result[0].pk])),
        template="metrics/import_form.html",
        context={
            "periods": periods,
            "guidance": GUIDANCE,
            "columns": COLUMNS,
            "organisations": _import_organisations(request, collaborative),
            "recent": selectors.recent_imports(collaborative=collaborative, user=request.user),
        },
    )


def import_template_download(request):
    collaborative = collaborative_of(request)
    require(permissions.can_import(request.user, collaborative))
    period_id = int_param(request, "period")
    period = (
        selectors.period_list(collaborative=collaborative).filter(pk=period_id).first()
        if period_id
        else selectors.current_period(collaborative=collaborative)
    )
    if period is None:
        raise Http404
    organisations = _import_organisations(request, collaborative)
    frame = import_template.template_frame(
        collaborative=collaborative, period=period, organisations=organisations
    )
    name = slugify(f"metric-values-{period.code}")
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            import_template.as_xlsx(frame),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(import_template.as_csv(frame), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def _batch(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_import(request.user, collaborative))
    return get_or_404(selectors.own_import, collaborative=collaborative, user=request.user, pk=pk)


def import_preview(request, pk):
    batch = _batch(request, pk)
    if batch.status == ImportBatch.Status.IMPORTED:
        return render(request, "metrics/import_done.html", {"batch": batch})
    try:
        plan = services.plan_for_batch(user=request.user, batch=batch)
    except PortalError as error:
        messages.error(request, error.message)
        return redirect("metrics:import")
    download = request.GET.get("download")
    if download == "errors":
        return table_response(
            filename=f"errors-{batch.filename}",
            columns=["row", "column", "reason", "cell"],
            rows=[[e.row or "", e.column, e.message, e.value] for e in plan.errors],
        )
    if download == "preview":
        rows = plan.display_rows(plan.rows)
        return table_response(
            filename=f"preview-{batch.filename}",
            columns=["row", "action", "organisation", "metric", "period", "before", "after"],
            rows=[
                [r["row"], r["action"], r["organisation"], r["metric"], r["period"]]
                + [r["before"], r["after"]]
                for r in rows
            ],
        )
    writes = plan.writes.sort_values("row") if len(plan.writes) else plan.writes
    write_page = paginate(
        request,
        LazyRows(
            count=lambda: len(writes),
            fetch=lambda start, stop: plan.display_rows(writes.iloc[start:stop]),
        ),
        fragment="values",
    )
    error_page = paginate(request, plan.errors, param="errors_page", fragment="errors")
    return render(
        request,
        "metrics/import_preview.html",
        {
            "batch": batch,
            "plan": plan,
            "write_page": write_page,
            "error_page": error_page,
        },
    )


@require_POST
def import_confirm(request, pk):
    batch = _batch(request, pk)

    def imported(plan):
        return (
            f"Imported “{batch.filename}”: {plan.to_create:,} value"
            f"{'s' if plan.to_create != 1 else ''} added and {plan.to_change:,} changed, as "
            f"drafts; {plan.unchanged:,} were already up to date. Check them and submit from "
            "the grid."
        )

    return perform(
        request,
        lambda: services.import_confirm(
            user=request.user, batch=batch, digest=request.POST.get("digest", "")
        ),
        success=imported,
        then=reverse("metrics:import_preview", args=[batch.pk]),
    )
