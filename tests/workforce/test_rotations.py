"""The rotating-apprenticeship planner's pages and services: sign-off and activation, placements
refused when they clash, proposals accepted whole, who may do what, and flat query counts."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from anchors.models import Organisation, Role
from tests.anchors.factories import OrganisationFactory, login_for
from tests.workforce.factories import PlacementFactory, rotation_setting
from workforce import planner
from workforce.models import Placement, Rotation, RotationHost
from workforce.selectors import rotations as selectors
from workforce.services import rotations as services

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def org_c(collaborative):
    return OrganisationFactory(
        collaborative=collaborative,
        name="Gamma Foundation Trust",
        short_name="Gamma",
        kind=Organisation.Kind.NHS_TRUST,
    )


@pytest.fixture
def workforce_lead_b(org_b):
    return login_for(organisation=org_b, role=Role.WORKFORCE_LEAD, email="wf.b@example.org")


@pytest.fixture
def sponsor_b(org_b):
    user = login_for(organisation=org_b, role=Role.SENIOR_SPONSOR, email="sponsor.b@example.org")
    user.person.name = "Bea Sponsor"
    user.person.save()
    return user


@pytest.fixture
def planned(collaborative, org_a, org_b, org_c, facilitator):
    """Three hosts, six apprentices (two employed by each), the accepted proposal's placements."""
    rotation, hosts, apprentices = rotation_setting(
        collaborative=collaborative, organisations=[org_a, org_b, org_c]
    )
    proposal = selectors.rotation_proposal(
        rotation,
        hosts=selectors.rotation_hosts(rotation),
        members=selectors.rotation_members(rotation),
    )
    services.proposal_accept(
        user=facilitator,
        rotation=rotation,
        fingerprint=selectors.proposal_fingerprint(rotation, proposal),
    )
    rotation.refresh_from_db()
    return rotation, hosts, apprentices


def _sign_all(hosts):
    for host in hosts:
        sponsor = login_for(
            organisation=host.organisation,
            role=Role.SENIOR_SPONSOR,
            email=f"s{host.pk}@example.org",
        )
        services.host_sign_off(user=sponsor, host=host)


# --- Sign-off and activation ----------------------------------------------------------------
def test_a_rotation_without_every_sign_off_cannot_be_activated(
    planned, facilitator, sponsor_a, sponsor_b, client_for
):
    rotation, hosts, _ = planned
    services.host_sign_off(user=sponsor_a, host=hosts[0])
    with pytest.raises(PortalError) as refused:
        services.rotation_set_state(
            user=facilitator,
            rotation=rotation,
            state=Rotation.State.ACTIVE,
            reason="Ready to go",
            version=version_of(rotation),
        )
    assert "Waiting for sign-off from: " in refused.value.message
    assert "Beta NHS Trust (senior sponsor: Bea Sponsor)" in refused.value.message
    assert "Gamma Foundation Trust (no senior sponsor named in the portal)" in refused.value.message
    assert "Alpha Council" not in refused.value.message
    rotation.refresh_from_db()
    assert rotation.state == Rotation.State.DRAFT

    page = client_for(facilitator).get(rotation.get_absolute_url())
    html = page.content.decode()
    assert "This rotation cannot be set to active yet." in html
    assert (
        "Waiting for sign-off from: Beta NHS Trust (senior sponsor: Bea Sponsor); "
        "Gamma Foundation Trust (no senior sponsor named in the portal)" in html
    )
    # Through the page: the state form names the refusal and nothing changes.
    response = client_for(facilitator).post(
        reverse("workforce:rotation_state", args=[rotation.pk]),
        {"state": "active", "reason": "Ready", "version": version_of(rotation)},
    )
    assert response.status_code == 200
    assert "The rotation cannot be set to active. Waiting for sign-off from:" in (
        response.content.decode()
    )
    rotation.refresh_from_db()
    assert rotation.state == Rotation.State.DRAFT


def test_once_everyone_signs_off_and_the_plan_is_valid_it_activates_with_history(
    planned, facilitator
):
    rotation, hosts, _ = planned
    _sign_all(hosts)
    services.rotation_set_state(
        user=facilitator,
        rotation=rotation,
        state=Rotation.State.ACTIVE,
        reason="All three sponsors signed off",
        version=version_of(rotation),
    )
    rotation.refresh_from_db()
    assert rotation.state == Rotation.State.ACTIVE
    assert rotation.state_reason == "All three sponsors signed off"
    latest = rotation.history.first()
    assert latest.history_change_reason == "All three sponsors signed off"
    assert latest.history_user == facilitator


def test_violations_block_activation_and_are_named(planned, facilitator):
    rotation, hosts, apprentices = planned
    _sign_all(hosts)
    # Shorten one placement: a gap of more than two weeks follows.
    first = Placement.objects.filter(rotation=rotation).order_by("start_date", "pk").first()
    Placement.objects.filter(pk=first.pk).update(end_date=first.end_date - datetime.timedelta(60))
    rotation.refresh_from_db()
    with pytest.raises(PortalError) as refused:
        services.rotation_set_state(
            user=facilitator,
            rotation=rotation,
            state=Rotation.State.ACTIVE,
            reason="Go",
            version=version_of(rotation),
        )
    assert "The schedule breaks 1 rule" in refused.value.message
    assert "has a gap of 8 weeks and 4 days between placements" in refused.value.message
    assert "Waiting for sign-off" not in refused.value.message


def test_a_state_change_needs_a_reason(planned, facilitator):
    rotation, _, _ = planned
    with pytest.raises(PortalError) as refused:
        services.rotation_set_state(
            user=facilitator,
            rotation=rotation,
            state=Rotation.State.PAUSED,
            reason="  ",
            version=version_of(rotation),
        )
    assert refused.value.field == "reason"


def test_only_the_hosts_own_sponsor_signs_off_and_may_withdraw(
    planned, sponsor_a, facilitator, client_for
):
    rotation, hosts, _ = planned
    host_a, host_b = hosts[0], hosts[1]
    # Another organisation's host: refused, nothing written.
    response = client_for(sponsor_a).post(
        reverse("workforce:host_sign_off", args=[host_b.pk]), {"action": "sign"}
    )
    assert response.status_code == 403
    assert not RotationHost.objects.get(pk=host_b.pk).signed_off
    # The facilitator cannot sign off for a host either.
    assert (
        client_for(facilitator)
        .post(reverse("workforce:host_sign_off", args=[host_a.pk]), {"action": "sign"})
        .status_code
        == 403
    )
    # Their own: signed off, with who and when; the button shows only for them.
    page = client_for(sponsor_a).get(rotation.get_absolute_url()).content.decode()
    assert "Sign off for Alpha" in page
    assert "Sign off for Beta" not in page
    response = client_for(sponsor_a).post(
        reverse("workforce:host_sign_off", args=[host_a.pk]), {"action": "sign"}, follow=True
    )
    host_a.refresh_from_db()
    assert host_a.signed_off_by == sponsor_a.person
    assert "Signed off for Alpha Council." in response.content.decode()
    client_for(sponsor_a).post(
        reverse("workforce:host_sign_off", args=[host_a.pk]), {"action": "withdraw"}
    )
    host_a.refresh_from_db()
    assert not host_a.signed_off
    reasons = list(host_a.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Sign-off withdrawn", "Signed off by the senior sponsor"]


# --- Placements -------------------------------------------------------------------------------
def test_a_clashing_placement_is_refused_naming_the_clash(planned, workforce_lead_a, client_for):
    rotation, hosts, apprentices = planned
    host_a = hosts[0]
    before = Placement.objects.count()
    # An apprentice already placed elsewhere in the first slot, added at host A as well.
    busy = Placement.objects.filter(rotation=rotation).exclude(host=host_a).order_by("pk").first()
    response = client_for(workforce_lead_a).post(
        reverse("workforce:placement_add", args=[rotation.pk]),
        {
            "apprentice": busy.apprentice_id,
            "host": host_a.pk,
            "start_date_0": "1",
            "start_date_1": "5",
            "start_date_2": "2026",
            "end_date_0": "30",
            "end_date_1": "6",
            "end_date_2": "2026",
            "supervisor": "Head of Service",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This placement has not been saved because it clashes:" in html
    assert f"{busy.apprentice.reference} is in two placements at once" in html
    assert "Alpha Council is over its capacity of 2 apprentices at once: 3 are placed" in html
    assert Placement.objects.count() == before


def test_a_lead_saves_a_placement_that_leaves_a_gap_and_the_page_lists_it(
    planned, workforce_lead_a, client_for
):
    rotation, hosts, apprentices = planned
    host_a = hosts[0]
    mine = Placement.objects.filter(rotation=rotation, host=host_a).order_by("start_date").first()
    response = client_for(workforce_lead_a).post(
        reverse("workforce:placement_edit", args=[mine.pk]),
        {
            "apprentice": mine.apprentice_id,
            "host": host_a.pk,
            "start_date_0": str(mine.start_date.day),
            "start_date_1": str(mine.start_date.month),
            "start_date_2": str(mine.start_date.year),
            "end_date_0": "31",
            "end_date_1": "7",
            "end_date_2": "2026",
            "supervisor": "Head of Service",
            "version": version_of(mine),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "saved." in html
    assert "The schedule breaks 1 rule" in html
    assert f"{mine.apprentice.reference} has a gap of" in html
    mine.refresh_from_db()
    assert mine.end_date == D(2026, 7, 31)
    assert mine.history.first().history_user == workforce_lead_a


def test_a_workforce_lead_cannot_place_at_or_change_another_host(
    planned, workforce_lead_a, client_for
):
    rotation, hosts, _ = planned
    host_b = hosts[1]
    theirs = Placement.objects.filter(rotation=rotation, host=host_b).first()
    before = list(Placement.objects.values_list("pk", "host_id", "start_date", "end_date"))
    client = client_for(workforce_lead_a)
    assert client.get(reverse("workforce:placement_edit", args=[theirs.pk])).status_code == 403
    response = client.post(
        reverse("workforce:placement_edit", args=[theirs.pk]),
        {
            "apprentice": theirs.apprentice_id,
            "host": host_b.pk,
            "start_date_0": "1",
            "start_date_1": "4",
            "start_date_2": "2026",
            "end_date_0": "2",
            "end_date_1": "4",
            "end_date_2": "2026",
            "version": version_of(theirs),
        },
    )
    assert response.status_code == 403
    assert client.post(reverse("workforce:placement_remove", args=[theirs.pk])).status_code == 403
    # Adding one at host B through their own page is refused by the service.
    with pytest.raises(PermissionDenied):
        services.placement_save(
            user=workforce_lead_a,
            rotation=rotation,
            data={
                "apprentice": theirs.apprentice,
                "host": host_b,
                "start_date": D(2027, 10, 1),
                "end_date": D(2027, 10, 30),
            },
        )
    assert list(Placement.objects.values_list("pk", "host_id", "start_date", "end_date")) == before
    # The placement form offers only their own organisation as host.
    form = client.get(reverse("workforce:placement_add", args=[rotation.pk])).context["form"]
    assert [h.pk for h in form.fields["host"].queryset] == [hosts[0].pk]


def test_a_stale_placement_edit_is_refused(planned, workforce_lead_a):
    rotation, hosts, _ = planned
    mine = Placement.objects.filter(rotation=rotation, host=hosts[0]).first()
    stale = version_of(mine)
    Placement.objects.filter(pk=mine.pk).update(updated_at=mine.updated_at + datetime.timedelta(1))
    with pytest.raises(PortalError, match="Someone else changed this placement"):
        services.placement_save(
            user=workforce_lead_a,
            rotation=rotation,
            placement=mine,
            version=stale,
            data={"host": hosts[0], "supervisor": "Changed"},
        )


# --- Proposals --------------------------------------------------------------------------------
def test_the_proposal_is_shown_for_review_and_saved_whole_only_when_accepted(
    collaborative, org_a, org_b, org_c, facilitator, client_for
):
    rotation, hosts, apprentices = rotation_setting(
        collaborative=collaborative, organisations=[org_a, org_b, org_c]
    )
    url = reverse("workforce:rotation_propose", args=[rotation.pk])
    page = client_for(facilitator).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "18 proposed placements" in html
    assert "The proposal breaks no rule of the planner." in html
    assert Placement.objects.count() == 0  # nothing saved by looking
    fingerprint = page.context["form"].initial["fingerprint"]
    # The cohort changes meanwhile: accepting the old proposal is refused, nothing written.
    hosts[2].capacity = 1
    hosts[2].save()
    response = client_for(facilitator).post(url, {"fingerprint": fingerprint})
    assert "changed after the proposal was shown" in response.content.decode()
    assert Placement.objects.count() == 0
    hosts[2].capacity = 2
    hosts[2].save()
    response = client_for(facilitator).post(url, {"fingerprint": fingerprint}, follow=True)
    assert "Proposal accepted: 18 placements saved." in response.content.decode()
    assert Placement.objects.filter(rotation=rotation).count() == 18
    assert not selectors.readiness(
        rotation,
        hosts=selectors.rotation_hosts(rotation),
        violations=planner.validate(selectors.rotation_schedule(rotation)),
        placements=selectors.rotation_placements(rotation),
    ).violations


def test_a_failed_accept_writes_nothing(planned, facilitator, monkeypatch):
    rotation, hosts, _ = planned
    before = sorted(Placement.objects.values_list("pk", flat=True))
    proposal = selectors.rotation_proposal(
        rotation,
        hosts=selectors.rotation_hosts(rotation),
        members=selectors.rotation_members(rotation),
    )
    calls = {"n": 0}
    real = services.save_with_history

    def failing(instance, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise PortalError("Disk full")
        return real(instance, **kwargs)

    monkeypatch.setattr(services, "save_with_history", failing)
    with pytest.raises(PortalError):
        services.proposal_accept(
            user=facilitator,
            rotation=rotation,
            fingerprint=selectors.proposal_fingerprint(rotation, proposal),
        )
    assert sorted(Placement.objects.values_list("pk", flat=True)) == before


# --- Pages and query counts -------------------------------------------------------------------
def test_the_rotation_page_shows_timeline_table_and_toggle(planned, facilitator, client_for):
    rotation, hosts, apprentices = planned
    client = client_for(facilitator)
    html = client.get(rotation.get_absolute_url()).content.decode()
    assert "Timeline of placements, a host a row" in html
    assert 'href="?by=apprentices#timeline"' in html
    assert apprentices[0].reference in html
    html = client.get(rotation.get_absolute_url() + "?by=apprentices").content.decode()
    assert "Timeline of placements, an apprentice a row" in html
    download = client.get(rotation.get_absolute_url() + "?download=timeline")
    assert download["Content-Type"].startswith("text/csv")
    assert download.content.decode().count("\n") == 19  # header and 18 placements


def test_rotation_pages_query_counts_are_flat(
    collaborative, facilitator, client_for, django_assert_max_num_queries
):
    client = client_for(facilitator)

    def build(hosts_n, per_host):
        orgs = [OrganisationFactory(collaborative=collaborative) for _ in range(hosts_n)]
        rotation, hosts, _ = rotation_setting(
            collaborative=collaborative, organisations=orgs, per_host=per_host
        )
        for i, host in enumerate(hosts):
            for j, member in enumerate(rotation.members.all()[i * per_host : (i + 1) * per_host]):
                PlacementFactory(
                    rotation=rotation,
                    host=host,
                    apprentice=member.apprentice,
                    start_date=D(2026, 4, 1) + datetime.timedelta(weeks=26 * j),
                    end_date=D(2026, 9, 29) + datetime.timedelta(weeks=26 * j),
                )
        return rotation

    small = build(2, 1)
    large = build(6, 3)
    client.get(reverse("workforce:rotation_list"))  # the session's first request reads more
    counts = []
    for rotation in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(rotation.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    # No more for the larger rotation; fewer, even: its history's first page is all placements,
    # and the history reads only the tables with a change on the page shown.
    assert counts[1] <= counts[0], counts
    with django_assert_max_num_queries(counts[1]):
        client.get(large.get_absolute_url())
    with django_assert_max_num_queries(12):
        client.get(reverse("workforce:rotation_list"))


# --- Demo -------------------------------------------------------------------------------------
def test_the_demo_pilot_is_paused_unsigned_valid_and_loads_once(client_for):
    from anchors import demo as anchors_demo
    from anchors.models import User
    from workforce.demo.programmes import load_programmes
    from workforce.demo.rotations import NAME, load_rotations
    from workforce.models import Apprentice, ApprenticeshipProgramme, RotationMember

    collaborative = anchors_demo.load_into()
    today = datetime.date.today()
    load_programmes(collaborative, today=today)
    load_rotations(collaborative, today=today)
    counts = [
        m.objects.count()
        for m in (
            ApprenticeshipProgramme,
            Apprentice,
            Rotation,
            RotationHost,
            RotationMember,
            Placement,
        )
    ]
    histories = Placement.history.count()
    load_programmes(collaborative, today=today)
    load_rotations(collaborative, today=today)
    assert [
        m.objects.count()
        for m in (
            ApprenticeshipProgramme,
            Apprentice,
            Rotation,
            RotationHost,
            RotationMember,
            Placement,
        )
    ] == counts
    assert Placement.history.count() == histories
    rotation = Rotation.objects.get(name=NAME)
    assert rotation.state == Rotation.State.PAUSED
    assert "senior sponsorship" in rotation.state_reason
    assert counts[3:] == [3, 6, 18]
    assert not RotationHost.objects.filter(signed_off_by__isnull=False).exists()
    assert not planner.validate(selectors.rotation_schedule(rotation))
    # No apprentice row holds anything but a reference and an area.
    assert all("-" in a.reference and " " not in a.reference for a in Apprentice.objects.all())
    html = (
        client_for(User.objects.get(email="femi.adebayo@example.org"))
        .get(rotation.get_absolute_url())
        .content.decode()
    )
    assert (
        "Waiting for sign-off from: City of London Corporation (senior sponsors: Diane Foster, "
        "Victoria Lane); "
        "East London NHS Foundation Trust (senior sponsor: Sarah Whitlock); Hackney Council "
        "(senior sponsor: Grace Adeyemi)" in html
    )
    assert "Add a placement" in html
