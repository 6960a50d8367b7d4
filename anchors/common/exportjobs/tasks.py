from django.conf import settings

from anchors.common.exportjobs import services
from anchors.common.outbox.relay import outbox_task


@outbox_task(name=services.TASK)
def build(job_id: int) -> str:
    """Build a long export and email its owner (run once per outbox message)."""
    return services.export_job_build(job_id=job_id, site_url=settings.SITE_URL)
