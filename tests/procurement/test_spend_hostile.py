"""The metrics import's corpus of hostile and broken files (tests/metrics/files) through the spend
reader: each is read or refused with a message, quickly; none raises anything else."""

import time
from pathlib import Path

import pytest

from metrics.imports.files import FileRejected
from procurement.spend.columns import recognise
from procurement.spend.plan import plan_spend
from procurement.spend.reading import read_spend

CORPUS = Path(__file__).resolve().parents[1] / "metrics" / "files"


@pytest.mark.parametrize(
    "path", sorted(p for p in CORPUS.iterdir() if p.is_file()), ids=lambda p: p.name
)
def test_every_file_is_read_or_refused_with_a_message(path):
    started = time.perf_counter()
    message = ""
    try:
        sheet = read_spend(name=path.name, data=path.read_bytes())
        plan_spend(sheet=sheet, mapping=recognise(sheet.headings))
    except FileRejected as refused:
        message = refused.message
        assert message.startswith(("“", "Row "))  # names the file (or its row)
    assert time.perf_counter() - started < 10
