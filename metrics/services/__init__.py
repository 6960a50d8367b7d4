"""Every write in shared measurement. Views, tasks and other apps call these, never the ORM."""

from metrics.services.framework import (
    default_deadline,
    framework_version_record,
    metric_create,
    metric_update,
    outcome_create,
    period_create,
    period_update,
    target_set,
)
from metrics.services.imports import (
    import_batches_prune,
    import_confirm,
    import_upload,
    plan_for_batch,
)
from metrics.services.reminders import reminders_send, value_returned_notify
from metrics.services.values import (
    EVIDENCE_EXTENSIONS,
    EVIDENCE_MAX_BYTES,
    Entry,
    GridError,
    SaveResult,
    evidence_file_error,
    evidence_missing,
    figure_errors,
    value_return,
    value_verify,
    values_save,
    values_verify,
)

__all__ = [
    "EVIDENCE_EXTENSIONS",
    "EVIDENCE_MAX_BYTES",
    "import_batches_prune",
    "Entry",
    "GridError",
    "SaveResult",
    "default_deadline",
    "evidence_file_error",
    "evidence_missing",
    "figure_errors",
    "framework_version_record",
    "import_confirm",
    "import_upload",
    "metric_create",
    "metric_update",
    "outcome_create",
    "period_create",
    "period_update",
    "plan_for_batch",
    "reminders_send",
    "target_set",
    "value_return",
    "value_verify",
    "values_save",
    "value_returned_notify",
    "values_verify",
]
