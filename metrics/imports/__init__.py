"""Metric value files: reading (CSV and .xlsx), checking every row, and the template.

The names below are imported from their modules when first asked for (PEP 562), not when the
package loads: ``from metrics.imports.files import MAX_BYTES`` (a form's limit) then costs no
pandas, which only reading and checking a file need.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from metrics.imports.plan import ImportPlan, plan_import
    from metrics.imports.reading import (
        COLUMNS,
        MAX_BYTES,
        CellError,
        FileRejected,
        Table,
        read_upload,
    )

_HOME = {
    "COLUMNS": "reading",
    "MAX_BYTES": "reading",
    "CellError": "reading",
    "FileRejected": "reading",
    "ImportPlan": "plan",
    "Table": "reading",
    "plan_import": "plan",
    "read_upload": "reading",
}

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


def __getattr__(name):
    if name in _HOME:
        return getattr(import_module(f"metrics.imports.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
