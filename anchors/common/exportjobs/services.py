"""Starting a long export and building it: the task calls ``export_job_build``."""

import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from anchors.common import exports, registry
from anchors.common.errors import PortalError
from anchors.common.exportjobs.models import ExportJob
from anchors.common.tasks import enqueue

TASK = "exportjobs.build"


@transaction.atomic
def export_job_start(*, user, name, format, query, scope, title, rows) -> ExportJob:
    """Record the export and enqueue its build through the outbox (so a broker outage delays
    it and loses nothing)."""
    job = ExportJob.objects.create(
        user=user, name=name, format=format, query=query, scope_id=scope, title=title, rows=rows
    )
    enqueue(TASK, job.pk, key=f"{TASK}:{job.pk}")
    return job


def _email(job, site_url):
    link = site_url.rstrip("/") + reverse("exports:job_detail", args=[job.pk])
    if job.state == ExportJob.State.READY:
        subject = f"Your export is ready: {job.title}"
        body = (
            f"Your export of {job.title} ({job.rows:,} rows, {job.get_format_display()}) is "
            f"ready. Download it here (sign in first):\n\n{link}\n\nOnly you can download it."
        )
    else:
        subject = f"Your export could not be prepared: {job.title}"
        body = f"Your export of {job.title} could not be prepared: {job.error}\n\n{link}"
    enqueue("outbox.send_email", subject, body, [job.user.email], key=f"exportjobs.mail:{job.pk}")


def export_job_build(*, job_id, site_url) -> str:
    """Build the job's file with the registered export function, store it and email its owner.
    A job already finished does nothing; one whose owner may no longer see the table fails with
    a reason (no retry can change that)."""
    job = ExportJob.objects.select_for_update().select_related("user").filter(pk=job_id).first()
    if job is None or job.state != ExportJob.State.PREPARING:
        return "nothing to do"
    collaborative = registry.export_scope(job.user, job.scope_id)
    try:
        if collaborative is None:
            raise PermissionDenied
        export = exports.build_export(
            job.name, user=job.user, collaborative=collaborative, query=QueryDict(job.query)
        )
        at = timezone.now()
        with tempfile.TemporaryFile() as spool:
            exports.export_file(export, job.format, spool, at=at)
            spool.seek(0)
            job.file.save(exports.download_name(export, job.format, at=at), File(spool), save=False)
    except (PermissionDenied, PortalError) as error:
        job.state = ExportJob.State.FAILED
        job.error = str(error) or "You can no longer see this table."
    else:
        job.state = ExportJob.State.READY
        job.rows = export.count if export.count is not None else job.rows
    job.finished_at = timezone.now()
    job.save()
    _email(job, site_url)
    return job.state
