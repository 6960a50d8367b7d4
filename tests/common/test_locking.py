"""Optimistic locking (anchors.common.locking): a save needs the version it was opened at."""

import datetime

import pytest

from anchors.common.errors import StaleEditError
from anchors.common.locking import check_version, version_of


class Row:
    updated_at = datetime.datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=datetime.UTC)


def test_the_version_it_was_opened_at_passes():
    check_version(current=Row(), version=version_of(Row()))


@pytest.mark.parametrize("version", [None, ""])
def test_a_save_without_a_version_is_refused(version):
    with pytest.raises(StaleEditError, match="did not say which version of this action") as err:
        check_version(current=Row(), version=version, what="action")
    assert err.value.code == "no_version"
    assert err.value.current is not None  # the page can show what is saved now


@pytest.mark.parametrize("version", ["2026-03-04T05:06:07+00:00", "not a date"])
def test_another_version_is_refused(version):
    with pytest.raises(StaleEditError, match="Someone else changed this value") as err:
        check_version(current=Row(), version=version, what="value")
    assert err.value.field == "version"
