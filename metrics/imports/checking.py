"""A file being checked: its cells, and every error the checking stages have found so far."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from metrics.imports.reading import COLUMNS, CellError, Table

if TYPE_CHECKING:
    import pandas as pd

DUPLICATE_COLUMN = "organisation, metric, period"
FILLED_IN = ("value", "numerator", "denominator", "evidence_note")
ALL_COLUMNS = (*COLUMNS, DUPLICATE_COLUMN)


class Checking:
    """The rows of a file as the stages check them (``frame``, one row per row of the file).

    A stage reports the cells it refuses, with a message per cell. A cell keeps its first error,
    so each shows one reason; a row with any error is left out of the plan.
    """

    def __init__(self, table: Table):
        import pandas as pd

        frame = table.frame.copy()
        for column in COLUMNS:
            if column not in frame.columns:
                frame[column] = ""
        self.frame = frame
        self.index = frame.index
        self.headings = {c: table.headings.get(c, f"{c} (no such column)") for c in COLUMNS}
        self.headings[DUPLICATE_COLUMN] = DUPLICATE_COLUMN
        self.cell_bad = {c: pd.Series(False, index=self.index) for c in ALL_COLUMNS}
        self.row_bad = pd.Series(False, index=self.index)
        self.found: list[pd.DataFrame] = []
        self.read_errors = list(table.errors)
        self._mark_refused(table.bad_cells)

    def _mark_refused(self, bad_cells):
        """Cells the reader refused already (formula cells in a workbook) get no second error."""
        import pandas as pd

        if not bad_cells:
            return
        position = pd.Series(self.index, index=self.frame["_row"].to_numpy())
        for row, column in bad_cells:
            if column in self.cell_bad and row in position.index:
                self.cell_bad[column].loc[position[row]] = True
                self.row_bad.loc[position[row]] = True

    def flags(self, labels) -> pd.Series:
        """True for the rows with these index labels, False for the others."""
        import pandas as pd

        mask = pd.Series(False, index=self.index)
        mask[list(labels)] = True
        return mask

    def report(self, mask, column, message):
        """Refuse the cells of ``column`` where ``mask`` is true, unless they have an error.

        ``message`` is one text, or a Series of texts holding at least the rows of ``mask``.
        """
        import pandas as pd

        mask = mask.fillna(False).astype(bool) & ~self.cell_bad[column]
        if not mask.any():
            return
        frame = self.frame
        if column == DUPLICATE_COLUMN:
            value = (
                frame.loc[mask, "organisation"]
                + " · "
                + frame.loc[mask, "metric"]
                + " · "
                + frame.loc[mask, "period"]
            )
        else:
            value = frame.loc[mask, column]
        self.found.append(
            pd.DataFrame(
                {
                    "row": frame.loc[mask, "_row"],
                    "column": self.headings[column],
                    "message": (
                        message.loc[mask[mask].index] if isinstance(message, pd.Series) else message
                    ),
                    "value": value,
                }
            )
        )
        self.cell_bad[column] = self.cell_bad[column] | mask
        self.row_bad = self.row_bad | mask

    def errors(self) -> list[CellError]:
        """Every error, the reader's and the stages', by row and then column order."""
        import pandas as pd

        errors = list(self.read_errors)
        if self.found:
            frame = pd.concat(self.found, ignore_index=True)
            errors += [
                CellError(int(r), str(c), str(m), str(v)[:60])
                for r, c, m, v in frame[["row", "column", "message", "value"]].itertuples(
                    index=False
                )
            ]
        order = {self.headings[c]: n for n, c in enumerate(ALL_COLUMNS)}
        errors.sort(key=lambda e: (e.row or 0, order.get(e.column, 99), e.column))
        return errors


def without_rows_left_blank(table: Table) -> tuple[Table, int]:
    """A template filled in part: a row naming its organisation, metric and period with no
    figure and no note is one nobody filled in yet. It is skipped (and counted), not an error,
    so the rows that were filled in can be imported."""
    frame = table.frame
    present = [column for column in FILLED_IN if column in frame.columns]
    if not len(frame) or not present:
        return table, 0
    blank = (frame[present] == "").all(axis=1)
    count = int(blank.sum())
    return (replace(table, frame=frame[~blank]) if count else table), count


@dataclass(frozen=True)
class Keys:
    """Each row's organisation, metric and period ids (missing where the cell is not known)."""

    organisation: pd.Series
    metric: pd.Series
    period: pd.Series

    @property
    def resolved(self) -> pd.Series:
        return self.organisation.notna() & self.metric.notna() & self.period.notna()
