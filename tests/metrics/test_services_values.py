"""The grid save, submission, verification and return: every rule, and nothing half-written."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from metrics import selectors, services
from metrics.models import MetricValue
from metrics.services import Entry, GridError
from tests.anchors.factories import login_for
from tests.metrics.factories import ValueFactory

pytestmark = pytest.mark.django_db
S = MetricValue.State


def _entries(framework, *, amount="12", num="30", den="100", note="Finance extract"):
    return [
        Entry(
            metric_id=framework["amount"].pk,
            value=None if amount is None else Decimal(amount),
            evidence_note=note,
        ),
        Entry(
            metric_id=framework["ratio"].pk,
            numerator=None if num is None else Decimal(num),
            denominator=None if den is None else Decimal(den),
            evidence_note=note,
        ),
    ]


def test_lead_saves_drafts_with_history(framework, lead_a, org_a):
    result = services.values_save(
        user=lead_a, organisation=org_a, period=framework["period"], entries=_entries(framework)
    )
    assert result.saved == 2
    values = MetricValue.objects.filter(organisation=org_a).order_by("metric__code")
    assert [(v.metric.code, v.state) for v in values] == [
        ("APP-STARTS", S.DRAFT),
        ("LOC-SPEND", S.DRAFT),
    ]
    ratio = values.get(metric=framework["ratio"])
    assert (ratio.numerator, ratio.denominator, ratio.value) == (Decimal(30), Decimal(100), None)
    assert ratio.history.count() == 1
    assert ratio.history.first().history_user == lead_a


def test_saving_the_same_figures_again_writes_nothing(framework, lead_a, org_a):
    period = framework["period"]
    services.values_save(
        user=lead_a, organisation=org_a, period=period, entries=_entries(framework)
    )
    values = {v.metric_id: v for v in MetricValue.objects.all()}
    entries = _entries(framework)
    for entry in entries:
        entry.version = version_of(values[entry.metric_id])
    result = services.values_save(user=lead_a, organisation=org_a, period=period, entries=entries)
    assert result.saved == 0
    assert sum(v.history.count() for v in MetricValue.objects.all()) == 2


@pytest.mark.parametrize(
    ("kwargs", "part", "message"),
    [
        ({"num": "120", "den": "100"}, "numerator", "cannot be more than the denominator"),
        ({"num": "30", "den": "0"}, "denominator", "must be more than zero"),
        ({"num": "30", "den": None}, "denominator", "Enter the denominator"),
        ({"num": "-1", "den": "100"}, "numerator", "cannot be negative"),
        ({"amount": "-5"}, "value", "cannot be negative"),
    ],
)
def test_a_bad_cell_refuses_the_whole_grid(framework, lead_a, org_a, kwargs, part, message):
    with pytest.raises(GridError) as caught:
        services.values_save(
            user=lead_a,
            organisation=org_a,
            period=framework["period"],
            entries=_entries(framework, **kwargs),
        )
    assert any(p == part and message in m for _, p, m in caught.value.errors)
    assert MetricValue.objects.count() == 0


@pytest.mark.parametrize(
    ("name", "size", "message"),
    [
        ("run.exe", 10, "Evidence must be a PDF"),
        ("extract.pdf", services.values.EVIDENCE_MAX_BYTES + 1, "the largest accepted is"),
    ],
)
def test_the_service_refuses_an_evidence_file_of_the_wrong_type_or_size(
    framework, lead_a, org_a, name, size, message
):
    """Not only the grid form: any caller of values_save gets the same file limits."""

    entries = _entries(framework)
    entries[0].evidence_file = SimpleUploadedFile(name, b"x")
    entries[0].evidence_file.size = size
    with pytest.raises(GridError) as caught:
        services.values_save(
            user=lead_a, organisation=org_a, period=framework["period"], entries=entries
        )
    assert [(m, p) for m, p, text in caught.value.errors if message in text] == [
        (framework["amount"].pk, "evidence_file")
    ]
    assert MetricValue.objects.count() == 0


def test_submit_needs_an_evidence_note(framework, lead_a, org_a):
    with pytest.raises(GridError) as caught:
        services.values_save(
            user=lead_a,
            organisation=org_a,
            period=framework["period"],
            entries=_entries(framework, note=""),
            submit=True,
        )
    parts = {(metric_id, part) for metric_id, part, _ in caught.value.errors}
    assert (framework["amount"].pk, "evidence_note") in parts
    assert MetricValue.objects.count() == 0


def test_submit_then_resubmit_after_return(framework, lead_a, facilitator, org_a):
    period = framework["period"]
    services.values_save(
        user=lead_a, organisation=org_a, period=period, entries=_entries(framework), submit=True
    )
    value = MetricValue.objects.get(metric=framework["amount"])
    assert value.state == S.SUBMITTED
    assert value.submitted_by == lead_a
    assert value.first_submitted_at is not None
    services.value_return(
        user=facilitator, value=value, reason="Check the count.", version=version_of(value)
    )
    value.refresh_from_db()
    entries = _entries(framework, amount="13")
    for entry in entries:
        entry.version = version_of(MetricValue.objects.get(metric_id=entry.metric_id))
    services.values_save(user=lead_a, organisation=org_a, period=period, entries=entries[:1])
    value.refresh_from_db()
    assert (value.state, value.value) == (S.RETURNED, Decimal(13))  # still returned: a draft fix
    entries[0].version = version_of(value)
    services.values_save(
        user=lead_a, organisation=org_a, period=period, entries=entries[:1], submit=True
    )
    value.refresh_from_db()
    assert value.state == S.RESUBMITTED


def test_stale_save_is_refused_and_shows_both_values(framework, lead_a, sponsor_a, org_a):
    period = framework["period"]
    services.values_save(
        user=lead_a, organisation=org_a, period=period, entries=_entries(framework)
    )
    value = MetricValue.objects.get(metric=framework["amount"])
    opened = version_of(value)
    # The sponsor changes the figure after the lead opened the page.
    services.values_save(
        user=sponsor_a,
        organisation=org_a,
        period=period,
        entries=[Entry(metric_id=value.metric_id, value=Decimal(20), version=opened)],
    )
    ratio_version = version_of(MetricValue.objects.get(metric=framework["ratio"]))
    stale_entries = [
        Entry(metric_id=value.metric_id, value=Decimal(30), version=opened),
        Entry(
            metric_id=framework["ratio"].pk,
            numerator=Decimal(50),
            denominator=Decimal(100),
            version=ratio_version,
        ),
    ]
    with pytest.raises(GridError) as caught:
        services.values_save(user=lead_a, organisation=org_a, period=period, entries=stale_entries)
    (cell,) = caught.value.stale
    assert cell.current.value == Decimal(20)
    assert cell.entry.value == Decimal(30)
    value.refresh_from_db()
    assert value.value == Decimal(20)
    # Nothing else in the grid was saved either.
    assert MetricValue.objects.get(metric=framework["ratio"]).numerator == Decimal(30)
    # Saving again from the current version is the editor's deliberate choice: it goes through.
    stale_entries[0].version = version_of(value)
    services.values_save(user=lead_a, organisation=org_a, period=period, entries=stale_entries)
    value.refresh_from_db()
    assert value.value == Decimal(30)


def test_a_value_created_meanwhile_is_a_stale_save(framework, lead_a, sponsor_a, org_a):
    period = framework["period"]
    services.values_save(
        user=sponsor_a,
        organisation=org_a,
        period=period,
        entries=[Entry(metric_id=framework["amount"].pk, value=Decimal(5))],
    )
    with pytest.raises(GridError) as caught:
        services.values_save(
            user=lead_a,
            organisation=org_a,
            period=period,
            entries=[Entry(metric_id=framework["amount"].pk, value=Decimal(7), version="")],
        )
    assert caught.value.stale[0].current.value == Decimal(5)
    assert MetricValue.objects.get().value == Decimal(5)


def test_lead_cannot_save_for_another_organisation(framework, lead_a, org_b):
    with pytest.raises(PermissionDenied):
        services.values_save(
            user=lead_a, organisation=org_b, period=framework["period"], entries=_entries(framework)
        )
    assert MetricValue.objects.count() == 0


def test_sponsor_may_enter_own_organisation_values(framework, sponsor_a, org_a):
    services.values_save(
        user=sponsor_a, organisation=org_a, period=framework["period"], entries=_entries(framework)
    )
    assert MetricValue.objects.filter(organisation=org_a).count() == 2


def test_closed_period_takes_no_values(framework, lead_a, org_a):
    with pytest.raises(PortalError, match="closed"):
        services.values_save(
            user=lead_a,
            organisation=org_a,
            period=framework["closed"],
            entries=_entries(framework),
        )
    assert MetricValue.objects.count() == 0


def test_submitted_values_are_locked_for_the_anchor(framework, lead_a, org_a):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_a,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=lead_a,
    )
    with pytest.raises(GridError) as caught:
        services.values_save(
            user=lead_a,
            organisation=org_a,
            period=framework["period"],
            entries=[
                Entry(metric_id=value.metric_id, value=Decimal(99), version=version_of(value))
            ],
        )
    assert "cannot change" in caught.value.errors[0][2]
    value.refresh_from_db()
    assert value.value == Decimal(10)


def test_clearing_a_draft_removes_it(framework, lead_a, org_a):
    value = ValueFactory(
        metric=framework["amount"], organisation=org_a, period=framework["period"], evidence_note=""
    )
    result = services.values_save(
        user=lead_a,
        organisation=org_a,
        period=framework["period"],
        entries=[Entry(metric_id=value.metric_id, version=version_of(value))],
    )
    assert result.removed == 1
    assert not MetricValue.objects.exists()
    assert MetricValue.history.filter(id=value.pk, history_type="-").exists()


def _submitted(framework, org, user):
    return ValueFactory(
        metric=framework["amount"],
        organisation=org,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=user,
        entered_by=user,
    )


def test_submitter_cannot_verify(framework, facilitator, org_a, backbone):
    value = _submitted(framework, org_a, facilitator)
    with pytest.raises(PortalError) as caught:
        services.value_verify(user=facilitator, value=value, version=version_of(value))
    assert caught.value.code == "own"
    value.refresh_from_db()
    assert value.state == S.SUBMITTED
    other = login_for(organisation=backbone, role="facilitator", email="fac2@example.org")
    services.value_verify(user=other, value=value, version=version_of(value))
    value.refresh_from_db()
    assert (value.state, value.verified_by) == (S.VERIFIED, other)


def test_only_the_facilitator_verifies(framework, lead_a, lead_b, sponsor_a, org_a):
    value = _submitted(framework, org_a, lead_b)
    for user in (lead_a, sponsor_a):
        with pytest.raises(PermissionDenied):
            services.value_verify(user=user, value=value, version=version_of(value))
    value.refresh_from_db()
    assert value.state == S.SUBMITTED


def test_drafts_cannot_be_verified(framework, facilitator, org_a):
    value = ValueFactory(metric=framework["amount"], organisation=org_a, period=framework["period"])
    with pytest.raises(PortalError, match="Only submitted"):
        services.value_verify(user=facilitator, value=value, version=version_of(value))


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_without_a_reason_is_refused(framework, facilitator, lead_a, org_a, reason):
    value = _submitted(framework, org_a, lead_a)
    with pytest.raises(PortalError) as caught:
        services.value_return(
            user=facilitator, value=value, reason=reason, version=version_of(value)
        )
    assert caught.value.field == "reason"
    value.refresh_from_db()
    assert value.state == S.SUBMITTED
    assert value.history.count() == 1


def test_return_keeps_the_reason_in_history_and_emails_the_lead(
    framework, facilitator, lead_a, org_a, django_capture_on_commit_callbacks
):
    value = _submitted(framework, org_a, lead_a)
    reason = "The count includes withdrawn starts."
    draft = ValueFactory(metric=framework["ratio"], organisation=org_a, period=framework["period"])
    with pytest.raises(PortalError):  # drafts are not returnable; submitted ones are
        services.value_return(
            user=facilitator, value=draft, reason=reason, version=version_of(draft)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.value_return(
            user=facilitator, value=value, reason=reason, version=version_of(value)
        )
    value.refresh_from_db()
    assert (value.state, value.return_reason, value.returned_by) == (
        S.RETURNED,
        reason,
        facilitator,
    )
    entries = selectors.value_history(value=value)
    assert entries[0].reason == f"Returned: {reason}"
    assert entries[0].who == facilitator.get_full_name()
    assert any(
        c.before == "Submitted" and c.after == "Returned for revision" for c in entries[0].changes
    )
    assert len(mail.outbox) == 1
    assert reason in mail.outbox[0].body
    assert "lead.a@example.org" in mail.outbox[0].to


def test_stale_verify_is_refused(framework, facilitator, lead_a, org_a):
    value = _submitted(framework, org_a, lead_a)
    opened = version_of(value)
    services.value_return(
        user=facilitator, value=value, reason="Wrong quarter.", version=version_of(value)
    )
    with pytest.raises(PortalError, match="Someone else changed"):
        services.value_verify(user=facilitator, value=value, version=opened)


def test_bulk_verify_is_all_or_nothing(framework, facilitator, lead_a, org_a, org_b):
    mine = _submitted(framework, org_a, facilitator)
    theirs = ValueFactory(
        metric=framework["amount"],
        organisation=org_b,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=lead_a,
    )
    both = {mine.pk: version_of(mine), theirs.pk: version_of(theirs)}
    with pytest.raises(PortalError):
        services.values_verify(user=facilitator, period=framework["period"], versions=both)
    assert MetricValue.objects.filter(state=S.VERIFIED).count() == 0
    only_theirs = {theirs.pk: version_of(theirs)}
    assert (
        services.values_verify(user=facilitator, period=framework["period"], versions=only_theirs)
        == 1
    )


def test_bulk_verify_refuses_a_value_changed_since_the_page_was_opened(
    framework, facilitator, lead_a, org_b
):
    value = ValueFactory(
        metric=framework["amount"],
        organisation=org_b,
        period=framework["period"],
        state=S.SUBMITTED,
        submitted_by=lead_a,
    )
    opened = version_of(value)
    MetricValue.objects.filter(pk=value.pk).update(value=99, updated_at=timezone.now())
    with pytest.raises(PortalError, match="Someone else changed"):
        services.values_verify(
            user=facilitator, period=framework["period"], versions={value.pk: opened}
        )
    value.refresh_from_db()
    assert value.state == S.SUBMITTED


def test_a_long_return_reason_is_kept_whole(framework, facilitator, lead_a, org_a):
    value = _submitted(framework, org_a, lead_a)
    reason = "The denominator looks like a year's spend. " * 20  # 880 characters
    services.value_return(user=facilitator, value=value, reason=reason, version=version_of(value))
    value.refresh_from_db()
    assert value.return_reason == reason.strip()
    (entry, *_) = selectors.value_history(value=value)
    assert len(entry.reason) <= 100  # the history's own column
    assert any(c.after == reason.strip() for c in entry.changes)  # the full text, before/after
