"""Every role against every page of the base layer, the "no" cells included (DESIGN section 5)."""

import pytest
from django.urls import reverse

from anchors import permissions
from anchors.models import User

pytestmark = pytest.mark.django_db

ALL = {"facilitator", "lead_a", "lead_b", "sponsor_a", "hwb_member", "viewer"}

# page -> the roles that may open it (everyone else gets 403)
PAGES = {
    "organisation_list": ALL,
    "organisation_detail": ALL,
    "organisation_create": {"facilitator"},
    "organisation_edit": {"facilitator"},
    "organisation_profile": {"facilitator", "lead_a"},
    "person_list": ALL,
    "person_detail": ALL,
    "person_create": {"facilitator"},
    "person_edit": {"facilitator"},
    "membership_add": {"facilitator"},
    "person_invite": {"facilitator"},
    "my_account": ALL | {"outsider"},
    "home": ALL | {"outsider"},
}


def _url(name, org_a, person):
    if name in ("organisation_detail", "organisation_edit", "organisation_profile"):
        return reverse(f"anchors:{name}", args=[org_a.pk])
    if name in ("person_detail", "person_edit", "membership_add", "person_invite"):
        return reverse(f"anchors:{name}", args=[person.pk])
    return reverse(f"anchors:{name}")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_each_role_on_each_page(page, client_for, role_users, org_a, lead_a):
    person = lead_a.person
    url = _url(page, org_a, person)
    for name, user in role_users.items():
        status = client_for(user).get(url).status_code
        expected = 200 if name in PAGES[page] else 403
        assert status == expected, f"{name} on {page}: {status}"


@pytest.mark.parametrize("page", sorted(PAGES))
def test_anonymous_is_sent_to_login(page, client, org_a, lead_a):
    url = _url(page, org_a, lead_a.person)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/password/reset/", "/healthz", "/accessibility/"]
)
def test_public_pages_open_without_login(client, db, url):
    assert client.get(url).status_code == 200


def test_signup_is_closed(client, db):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()
    client.post(
        "/accounts/signup/",
        {"email": "x@example.org", "password1": "Zq9!abcdef", "password2": "Zq9!abcdef"},
    )

    assert not User.objects.filter(email="x@example.org").exists()


def test_predicates(facilitator, lead_a, lead_b, sponsor_a, hwb_member, org_a, org_b, superuser):
    assert permissions.can_edit_organisation_profile(lead_a, org_a)
    assert not permissions.can_edit_organisation_profile(lead_a, org_b)
    assert not permissions.can_edit_organisation_profile(lead_b, org_a)
    assert not permissions.can_edit_organisation_profile(sponsor_a, org_a)
    assert not permissions.can_edit_organisation_profile(hwb_member, org_a)
    assert permissions.can_edit_organisation_profile(facilitator, org_a)
    assert permissions.can_invite_people(facilitator, org_a.collaborative)
    assert not permissions.can_invite_people(lead_a, org_a.collaborative)
    assert permissions.can_manage_organisations(superuser, org_a.collaborative)
