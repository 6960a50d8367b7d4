"""Logging: an expected refusal (403, 404) is one line in the log, not a traceback that looks
like a crash; server errors keep theirs."""

import logging


class OneLineClientErrors(logging.Filter):
    """Drops the traceback Django attaches to its 4xx log records (PermissionDenied, Http404)."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
