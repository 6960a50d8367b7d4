"""History helpers (anchors.common.history): one reason length, one save, readable entries."""

import pytest

from anchors.common.errors import PortalError
from anchors.common.history import HISTORY_REASON_LENGTH, change_reason, save_with_history
from anchors.models import Organisation


def test_a_long_reason_is_cut_to_its_column_with_an_ellipsis():
    reason = change_reason("Returned:   " + "word " * 40)
    assert len(reason) == HISTORY_REASON_LENGTH
    assert reason.startswith("Returned: word word")
    assert reason.endswith("…")
    assert change_reason("Short") == "Short"


@pytest.mark.django_db
def test_save_records_who_and_why_and_refuses_invalid_rows_naming_the_field(
    collaborative, facilitator
):
    organisation = Organisation(
        collaborative=collaborative,
        name="Gamma",
        short_name="Gamma",
        kind=Organisation.Kind.VCSE,
        role=Organisation.CollaborativeRole.WIDER_STAKEHOLDER,
    )
    save_with_history(organisation, user=facilitator, reason="Added " + "x" * 200)
    record = organisation.history.get()
    assert record.history_user == facilitator
    assert len(record.history_change_reason) == HISTORY_REASON_LENGTH
    assert organisation.created_by == facilitator
    organisation.website = "not a web address"
    with pytest.raises(PortalError) as refused:
        save_with_history(organisation, user=facilitator)
    assert refused.value.field == "website"
    assert organisation.history.count() == 1
