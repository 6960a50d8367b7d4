"""Metric value files: reading (CSV and .xlsx), checking every row, and the template."""

from metrics.imports.plan import ImportPlan, plan_import
from metrics.imports.reading import (
    COLUMNS,
    MAX_BYTES,
    CellError,
    FileRejected,
    Table,
    read_upload,
)

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "CellError",
    "FileRejected",
    "ImportPlan",
    "Table",
    "plan_import",
    "read_upload",
]
