"""Shared fixtures: one collaborative with two anchors and a user for every role."""

import pytest
from django.core.cache import cache

from anchors.models import Organisation, Role
from tests.anchors.authenticators import give_totp, sign_in
from tests.anchors.factories import (
    CollaborativeFactory,
    OrganisationFactory,
    UserFactory,
    login_for,
    work_setting,
)
from tests.worlds import build_world


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def collaborative(db):
    return CollaborativeFactory(name="Testborough Anchor Collaborative")


@pytest.fixture
def backbone(collaborative):
    org = OrganisationFactory(
        collaborative=collaborative,
        name="Backbone Ltd",
        short_name="Backbone",
        kind=Organisation.Kind.VCSE,
        role=Organisation.CollaborativeRole.BACKBONE,
    )
    collaborative.backbone = org
    collaborative.save()
    return org


@pytest.fixture
def org_a(collaborative):
    return OrganisationFactory(
        collaborative=collaborative,
        name="Alpha Council",
        short_name="Alpha",
        kind=Organisation.Kind.LOCAL_AUTHORITY,
    )


@pytest.fixture
def org_b(collaborative):
    return OrganisationFactory(
        collaborative=collaborative, name="Beta NHS Trust", short_name="Beta"
    )


@pytest.fixture
def facilitator(backbone):
    return login_for(organisation=backbone, role=Role.FACILITATOR, email="fac@example.org")


@pytest.fixture
def lead_a(org_a):
    return login_for(organisation=org_a, role=Role.PROCUREMENT_LEAD, email="lead.a@example.org")


@pytest.fixture
def workforce_lead_a(org_a):
    return login_for(organisation=org_a, role=Role.WORKFORCE_LEAD, email="wf.a@example.org")


@pytest.fixture
def lead_b(org_b):
    return login_for(organisation=org_b, role=Role.PROCUREMENT_LEAD, email="lead.b@example.org")


@pytest.fixture
def sponsor_a(org_a):
    return login_for(organisation=org_a, role=Role.SENIOR_SPONSOR, email="sponsor.a@example.org")


@pytest.fixture
def hwb_member(org_a):
    return login_for(organisation=org_a, role=Role.HWB_MEMBER, email="hwb@example.org")


@pytest.fixture
def viewer(org_b):
    return login_for(organisation=org_b, role=Role.VIEWER, email="viewer@example.org")


@pytest.fixture
def outsider(db):
    """Logged in, but holds no role in any collaborative."""
    return UserFactory(email="outsider@example.org")


@pytest.fixture
def superuser(db):
    """An administrator, with the authenticator app administrators must have."""
    user = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    give_totp(user)
    return user


@pytest.fixture
def role_users(facilitator, lead_a, lead_b, sponsor_a, hwb_member, viewer, outsider):
    return {
        "facilitator": facilitator,
        "lead_a": lead_a,
        "lead_b": lead_b,
        "sponsor_a": sponsor_a,
        "hwb_member": hwb_member,
        "viewer": viewer,
        "outsider": outsider,
    }


@pytest.fixture
def work(collaborative, org_a, org_b, lead_a, lead_b, sponsor_a):
    """A workstream both anchors take part in, a workshop with their updates, and an action
    (tests.anchors.factories.work_setting)."""
    return work_setting(
        collaborative=collaborative,
        org_a=org_a,
        org_b=org_b,
        lead_a=lead_a,
        lead_b=lead_b,
        sponsor_a=sponsor_a,
    )


@pytest.fixture
def world(collaborative, backbone, org_a, org_b, role_users):
    """This collaborative and another one, each with work, metrics and uploads of two
    organisations (tests.worlds.build_world)."""
    return build_world(collaborative=collaborative, org_a=org_a, org_b=org_b, role_users=role_users)


@pytest.fixture
def client_for(client):
    """client_for(user) logs the test client in as that user."""

    def _login(user):
        client.logout()
        if user is not None and user.is_staff:
            # The admin opens only after allauth's sign-in (password, then the code).
            sign_in(client, user, secret=give_totp(user))
        elif user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login
