import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings

from anchors.demo.organisations import DEMO_TOTP_LOGINS, demo_totp_secret
from anchors.models import Collaborative, Membership, Organisation, Person, Theme, User
from tests.anchors.authenticators import sign_in

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "facilitator@example.org",
    "lead.hackney@example.org",
    "lead.elft@example.org",
    "sponsor.hackney@example.org",
    "hwb@example.org",
    "admin@example.org",
]


def _counts():

    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"anchors", "metrics", "procurement", "workforce", "governance"}
        and not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_load_demo_twice_creates_no_duplicates():
    call_command("load_demo", force=True, quiet_logins=True)
    first = _counts()
    call_command("load_demo", force=True, quiet_logins=True)
    assert _counts() == first


def test_load_demo_builds_the_collaborative_from_the_paper():
    call_command("load_demo", force=True, quiet_logins=True)
    collaborative = Collaborative.objects.get(name="City & Hackney Anchor Collaborative")
    assert collaborative.is_demo
    assert collaborative.backbone.name == "Renaisi"
    core = set(
        Organisation.objects.filter(collaborative=collaborative, role="core_anchor").values_list(
            "short_name", "kind"
        )
    )
    assert core == {
        ("Hackney Council", "local_authority"),
        ("NEL ICB", "icb"),
        ("ELFT", "nhs_trust"),
        ("GP Confederation", "primary_care"),
        ("City of London", "local_authority"),
        ("Homerton", "nhs_trust"),
    }
    stakeholders = Organisation.objects.filter(
        collaborative=collaborative, role="wider_stakeholder"
    )
    assert stakeholders.count() == 8
    assert {"Peabody", "Barts Health", "Museum of London", "NEL CSU"} <= set(
        stakeholders.values_list("short_name", flat=True)
    )
    assert set(
        Theme.objects.filter(collaborative=collaborative).values_list("name", flat=True)
    ) >= {
        "Net Zero",
        "Social Value",
        "Modern Slavery",
    }
    roles = dict(
        Membership.objects.filter(person__user__email__in=DEMO_LOGINS).values_list(
            "person__user__email", "role"
        )
    )
    assert roles == {
        "facilitator@example.org": "facilitator",
        "lead.hackney@example.org": "procurement_lead",
        "lead.elft@example.org": "procurement_lead",
        "sponsor.hackney@example.org": "senior_sponsor",
        "hwb@example.org": "hwb_member",
    }
    assert User.objects.get(email="admin@example.org").is_superuser
    assert Person.objects.filter(user__isnull=True).exists()  # most people never log in


@override_settings(DEMO_PASSWORD="another-secret-pw")
def test_demo_logins_use_demo_password(client):
    call_command("load_demo", force=True, quiet_logins=True)
    for email in DEMO_LOGINS:
        client.logout()
        response = sign_in(
            client,
            User.objects.get(email=email),
            password="another-secret-pw",
            secret=demo_totp_secret() if email in DEMO_TOTP_LOGINS else None,
        )
        assert response.status_code == 302, email
        assert client.get("/").status_code == 200


@override_settings(DEBUG=False)
def test_load_demo_refuses_without_debug():
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
    assert not Collaborative.objects.exists()


def test_demo_banner_shows_while_demo_data_is_loaded(client):
    response = client.get("/accounts/login/")
    assert "Illustrative demo data" not in response.content.decode()
    call_command("load_demo", force=True, quiet_logins=True)
    response = client.get("/accounts/login/")
    assert "Illustrative demo data" in response.content.decode()
