"""Spend lines keep database integrity (ADR 15): every key a line holds, including the copies of
its batch's collaborative, organisation, period and creator, is a foreign key the database
checks, so a line pointing nowhere is refused whatever wrote it (the import writes in bulk SQL)."""

import pytest
from django.db import IntegrityError, connection, transaction

from procurement.models import SpendLine
from procurement.services import spend as services
from tests.procurement.spend_world import (
    build_metrics,
    build_period,
    build_register,
    file_bytes,
)

KEYS = {
    "collaborative_id": "anchors_collaborative",
    "organisation_id": "anchors_organisation",
    "period_id": "metrics_reportingperiod",
    "created_by_id": "anchors_user",
    "batch_id": "procurement_spendbatch",
    "supplier_id": "procurement_supplier",
}


@pytest.fixture
def imported(collaborative, org_a, lead_a):
    build_register(collaborative)
    build_metrics(collaborative)
    period = build_period(collaborative)
    batch = services.spend_upload(
        user=lead_a,
        organisation=org_a,
        period=period,
        name="hand_worked.csv",
        data=file_bytes("hand_worked.csv"),
    )
    plan = services.spend_plan(batch=batch)
    services.spend_confirm(user=lead_a, batch=batch, digest=services.plan_digest(batch, plan))
    return batch


def test_every_key_of_a_spend_line_is_a_foreign_key(db):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "procurement_spendline")
    checked = {
        tuple(c["columns"]): c["foreign_key"][0]
        for c in constraints.values()
        if c["foreign_key"] and len(c["columns"]) == 1
    }
    assert {column: checked.get((column,)) for column in KEYS} == KEYS


@pytest.mark.parametrize(
    "column", ["collaborative_id", "organisation_id", "period_id", "created_by_id"]
)
def test_a_line_whose_copied_key_points_nowhere_is_refused(imported, column):
    line = SpendLine.objects.filter(batch=imported).first()
    before = getattr(line, column)
    assert before is not None  # the batch's, copied
    with pytest.raises(IntegrityError):
        _point_nowhere(line.pk, column)
    line.refresh_from_db()
    assert getattr(line, column) == before


def _point_nowhere(pk, column):
    with transaction.atomic():
        SpendLine.objects.filter(pk=pk).update(**{column: 987654321})
        # The keys are checked at commit (deferred, as every Django foreign key): check now.
        connection.check_constraints(table_names=["procurement_spendline"])


def test_the_imported_lines_copy_their_batchs_keys(imported):
    copies = set(
        SpendLine.objects.filter(batch=imported).values_list(
            "collaborative_id", "organisation_id", "period_id", "created_by_id"
        )
    )
    assert copies == {
        (
            imported.collaborative_id,
            imported.organisation_id,
            imported.period_id,
            imported.created_by_id,
        )
    }
    connection.check_constraints(table_names=["procurement_spendline"])  # nothing dangling
