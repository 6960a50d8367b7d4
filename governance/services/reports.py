"""Writes for the quarterly HWB report: draft, narrative, publish (freezing the figures) and the
PDF (made by a Celery task through the outbox, never in the request)."""

import time
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from anchors.common.errors import PortalError, require
from anchors.common.history import save_with_history
from anchors.common.locking import check_version
from anchors.common.tasks import enqueue
from governance import permissions
from governance.models import Report
from governance.selectors.report_charts import with_svg_charts
from governance.selectors.reports import (
    QUESTIONS,
    SECTION_ORDER,
    report_content,
    with_narrative,
)

NARRATIVE_KEYS = [key for key, _ in SECTION_ORDER] + [f"q{n}" for n, _, _ in QUESTIONS]
PDF_TASK = "governance.report_pdf_make"


def default_title(period) -> str:
    return f"Anchor collaborative: report to the Health and Wellbeing Board, {period.short_label}"


@transaction.atomic
def report_create(*, user, collaborative, period) -> Report:
    """Start the draft report for a period (one per period)."""
    require(permissions.can_manage_reports(user, collaborative))
    if period.collaborative_id != collaborative.pk:
        raise PortalError("Choose a reporting period of this collaborative.", field="period")
    if Report.objects.filter(collaborative=collaborative, period=period).exists():
        raise PortalError(f"There is already a report for {period.short_label}.", field="period")
    report = Report(collaborative=collaborative, period=period, title=default_title(period))
    return save_with_history(report, user=user, reason="Draft started")


@transaction.atomic
def report_update(*, user, report, title, narrative, version) -> Report:
    """Change a draft's title and narrative (the figures come from the data)."""
    require(permissions.can_manage_reports(user, report.collaborative))
    locked = Report.objects.select_for_update().get(pk=report.pk)
    check_version(current=locked, version=version, what="report")
    if locked.is_published:
        raise PortalError("A published report cannot be changed.")
    locked.title = title
    locked.narrative = {k: (narrative.get(k) or "").strip() for k in NARRATIVE_KEYS}
    return save_with_history(locked, user=user, reason="Narrative edited")


@transaction.atomic
def report_publish(*, user, report, version, now=None) -> Report:
    """Freeze the figures as they stand (stored as JSON in the report: they never change
    again) and have the PDF made."""
    require(permissions.can_manage_reports(user, report.collaborative))
    locked = Report.objects.select_for_update().select_related("period").get(pk=report.pk)
    check_version(current=locked, version=version, what="report")
    if locked.is_published:
        raise PortalError("This report is already published.")
    content = report_content(collaborative=report.collaborative, period=locked.period)
    content["title"] = locked.title
    content["narrative"] = dict(locked.narrative)
    locked.snapshot = content
    locked.state = Report.State.PUBLISHED
    locked.published_at = now or timezone.now()
    locked.published_by = user
    locked.pdf_state = Report.PdfState.PENDING
    save_with_history(locked, user=user, reason="Published")
    enqueue(PDF_TASK, locked.pk, key=f"report-pdf-{locked.pk}-{locked.published_at.isoformat()}")
    return locked


def render_pdf(report) -> bytes:
    """The published report as a tagged PDF/UA-1 document (title, language, headings), its
    charts drawn as SVG, each followed by its table."""
    from weasyprint import HTML  # here, not at the top: 40 MB a worker that never draws a PDF

    return HTML(string=render_pdf_html(report), base_url=None).write_pdf(pdf_variant="pdf/ua-1")


def render_pdf_html(report) -> str:
    """The HTML WeasyPrint turns into the PDF: the frozen snapshot, narrative and SVG charts."""
    content = with_narrative(report.snapshot, report.snapshot.get("narrative"))
    return render_to_string(
        "governance/report_pdf.html", {"report": report, "content": with_svg_charts(content)}
    )


def report_pdf_make(*, report_id) -> int:
    """Make and store the published report's PDF (run by the task). Returns its size."""
    report = Report.objects.select_related("period").get(pk=report_id)
    if not report.is_published:
        return 0
    started = time.monotonic()
    # A failure raises: the outbox keeps the error and runs the task again later.
    pdf = render_pdf(report)
    report.pdf.save(
        f"{slugify(report.period.short_label)}-hwb-report.pdf", ContentFile(pdf), save=False
    )
    Report.objects.filter(pk=report.pk).update(
        pdf=report.pdf.name,
        pdf_state=Report.PdfState.READY,
        pdf_error="",
        pdf_seconds=Decimal(f"{time.monotonic() - started:.2f}"),
    )
    return len(pdf)
