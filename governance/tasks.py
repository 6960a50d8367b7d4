"""Governance tasks."""

from datetime import date

from celery import shared_task

from anchors.common.tasks import outbox_task
from governance.services import escalations, reports


# --- Part A: escalations not acknowledged in time move up one level -----------------------------
@shared_task(name="governance.escalate_overdue")
def escalate_overdue(today: str | None = None) -> int:
    """Move every escalation not acknowledged within its collaborative's set number of days up
    one level (daily, via Celery beat). Idempotent: running it twice moves each once."""
    return escalations.escalations_escalate_overdue(
        today=date.fromisoformat(today) if today else None
    )


# Scheduled daily as "governance-escalate-overdue" in CELERY_BEAT_SCHEDULE
# (config/settings/integrations.py).


# --- Part B: the quarterly report's PDF --------------------------------------------------------
@outbox_task(name="governance.report_pdf_make")
def report_pdf_make(report_id: int) -> int:
    """Make the published report's PDF with WeasyPrint (PDF/UA-1); returns its size in bytes."""
    return reports.report_pdf_make(report_id=report_id)
