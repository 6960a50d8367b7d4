"""The quarterly HWB report: list, draft, preview, narrative, publish, PDF, downloads, compare."""

from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.errors import require
from anchors.common.exports import table_response
from anchors.common.locking import version_of
from anchors.common.views import form_page, get_or_404, int_param, perform, posted
from anchors.views.common import member_collaborative
from governance import permissions
from governance.forms import ReportCreateForm, ReportEditForm
from governance.models import Report
from governance.selectors import reports as selectors
from governance.selectors.figures import last_complete_period, periods
from governance.services import reports as services
from metrics.models import ReportingPeriod

PDF_TAGS = {
    "none": "govuk-tag--grey",
    "pending": "govuk-tag--blue",
    "ready": "govuk-tag--green",
    "failed": "govuk-tag--red",
}


def _report(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_reports(request.user, collaborative))
    report = get_or_404(
        selectors.report_detail, user=request.user, collaborative=collaborative, pk=pk
    )
    report.collaborative = collaborative
    return collaborative, report


def report_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_reports(request.user, collaborative))
    reports = list(selectors.visible_reports(user=request.user, collaborative=collaborative))
    return render(
        request,
        "governance/report_list.html",
        {
            "title": "Quarterly reports to the Health and Wellbeing Board",
            "reports": reports,
            "can_manage": permissions.can_manage_reports(request.user, collaborative),
            "published": [r for r in reports if r.is_published],
        },
    )


def report_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_manage_reports(request.user, collaborative))
    period_list = periods(collaborative=collaborative)
    taken = set(
        Report.objects.filter(collaborative=collaborative).values_list("period_id", flat=True)
    )
    free = [p.pk for p in period_list if p.pk not in taken]
    default = last_complete_period([p for p in period_list if p.pk in free])
    form = ReportCreateForm(
        posted(request),
        periods=ReportingPeriod.objects.filter(pk__in=free).order_by("-financial_year", "-quarter"),
        initial={"period": default.pk if default else None},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.report_create(
            user=request.user, collaborative=collaborative, period=data["period"]
        ),
        done=lambda report: (f"Draft started for {report.period.short_label}.", report_url(report)),
        template="governance/report_form.html",
        context={
            "title": "Start a quarterly report",
            "back_url": reverse("governance:report_list"),
        },
    )


def report_url(report):
    return reverse("governance:report_detail", args=[report.pk])


def _download(request, content, report):
    wanted = request.GET.get("download")
    if not wanted:
        return None
    for table in selectors.all_tables(content):
        if table["key"] == wanted:
            return table_response(
                collaborative=report.collaborative.name,
                title=table.get("caption") or table["key"],
                filters=[f"Report: {report.period.label}"],
                filename=f"{report.period.short_label}-{table['key']}",
                columns=table["columns"],
                rows=table["rows"],
                format="xlsx" if request.GET.get("format") == "xlsx" else "csv",
            )
    raise Http404


def report_detail(request, pk):
    collaborative, report = _report(request, pk)
    content = selectors.report_view(report)
    if (response := _download(request, content, report)) is not None:
        return response
    narrative = content.get("narrative") if report.is_published else report.narrative
    return render(
        request,
        "governance/report_detail.html",
        {
            "title": content.get("title", report.title) if report.is_published else report.title,
            "report": report,
            "content": selectors.with_narrative(content, narrative),
            "can_manage": permissions.can_manage_reports(request.user, collaborative),
            "version": version_of(report),
            "pdf_tag": PDF_TAGS[report.pdf_state],
            "back_url": reverse("governance:report_list"),
        },
    )


def report_edit(request, pk):
    collaborative, report = _report(request, pk)
    require(permissions.can_manage_reports(request.user, collaborative))
    if report.is_published:
        return redirect(report_url(report))
    initial = {"title": report.title, "version": version_of(report), **report.narrative}
    form = ReportEditForm(
        posted(request),
        initial=initial,
        sections=selectors.SECTION_ORDER,
        questions=selectors.QUESTIONS,
    )
    return form_page(
        request,
        form,
        save=lambda data: services.report_update(
            user=request.user,
            report=report,
            title=data["title"],
            narrative=data,
            version=data["version"],
        ),
        done=lambda saved: ("Draft saved.", report_url(saved)),
        template="governance/report_form.html",
        context={
            "title": f"Edit the draft: {report.period.short_label}",
            "back_url": report_url(report),
        },
    )


@require_POST
def report_publish(request, pk):
    collaborative, report = _report(request, pk)
    require(permissions.can_manage_reports(request.user, collaborative))
    return perform(
        request,
        lambda: services.report_publish(
            user=request.user, report=report, version=request.POST.get("version")
        ),
        success="Report published. Its figures are now fixed; the PDF is being made.",
        then=report_url(report),
    )


def report_pdf(request, pk):
    _, report = _report(request, pk)
    if not report.is_published or report.pdf_state != Report.PdfState.READY or not report.pdf:
        raise Http404
    try:
        handle = report.pdf.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"hwb-report-{report.period.code}.pdf".lower(),
        content_type="application/pdf",
    )


def report_compare(request):
    """Two reports side by side, section by section (published ones, or drafts for the
    facilitator)."""
    collaborative = member_collaborative(request)
    require(permissions.can_view_reports(request.user, collaborative))
    reports = list(selectors.visible_reports(user=request.user, collaborative=collaborative))
    chosen = []
    for name in ("a", "b"):
        wanted = int_param(request, name)
        found = next((r for r in reports if r.pk == wanted), None)
        if found is not None:
            found.collaborative = collaborative
            chosen.append(found)
    if len(chosen) < 2 and len(reports) >= 2 and not request.GET:
        chosen = [reports[1], reports[0]]
        for r in chosen:
            r.collaborative = collaborative
    pairs = []
    if len(chosen) == 2:
        left, right = (selectors.report_view(r) for r in chosen)
        for section in left["sections"]:
            other = selectors.section_by_key(right, section["key"])
            pairs.append((section, other))
    return render(
        request,
        "governance/report_compare.html",
        {
            "title": "Compare two quarterly reports",
            "reports": reports,
            "chosen": chosen,
            "pairs": pairs,
            "back_url": reverse("governance:report_list"),
        },
    )
