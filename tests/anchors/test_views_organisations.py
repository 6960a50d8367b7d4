import re

import pytest
from django.urls import reverse

from anchors.common.locking import version_of
from anchors.models import Organisation, Role
from anchors.services.organisations import organisation_profile_update
from tests.anchors.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_organisation_list_shows_filters_and_rows(client_for, facilitator, org_a, org_b):
    response = client_for(facilitator).get(reverse("anchors:organisation_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alpha Council" in html
    assert "Beta NHS Trust" in html
    assert "Add an organisation" in html


def test_organisation_list_filters_by_kind_and_role(client_for, lead_a, org_a, org_b):
    url = reverse("anchors:organisation_list")
    html = client_for(lead_a).get(url, {"kind": "local_authority"}).content.decode()
    assert "Alpha Council" in html
    assert "Beta NHS Trust" not in html
    html = client_for(lead_a).get(url, {"role": "backbone"}).content.decode()
    assert "Alpha Council" not in html
    assert "No organisations match" in html


def test_organisation_page_shows_people_roles_and_history(client_for, facilitator, lead_a, org_a):
    client = client_for(facilitator)
    client.post(
        reverse("anchors:organisation_profile", args=[org_a.pk]),
        {
            "headcount": "4321",
            "annual_spend": "1000000",
            "website": "",
            "version": version_of(org_a),
        },
    )
    html = client.get(reverse("anchors:organisation_detail", args=[org_a.pk])).content.decode()
    assert "Procurement lead" in html
    assert "4321" in html
    assert "History of changes" in html
    assert "Headcount" in html


def test_lead_updates_own_profile_figures(client_for, lead_a, org_a):
    response = client_for(lead_a).post(
        reverse("anchors:organisation_profile", args=[org_a.pk]),
        {
            "headcount": "120",
            "annual_spend": "2500000.50",
            "website": "https://alpha.example",
            "version": version_of(org_a),
        },
    )
    assert response.status_code == 302
    org_a.refresh_from_db()
    assert org_a.headcount == 120
    assert str(org_a.annual_spend) == "2500000.50"
    last = org_a.history.first()
    assert last.history_user == lead_a


def test_lead_cannot_edit_another_organisation(client_for, lead_a, org_b):
    client = client_for(lead_a)
    url = reverse("anchors:organisation_profile", args=[org_b.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"headcount": "1", "annual_spend": "1", "website": ""})
    assert response.status_code == 403
    org_b.refresh_from_db()
    assert org_b.headcount is None
    assert client.get(reverse("anchors:organisation_edit", args=[org_b.pk])).status_code == 403


def test_bad_profile_input_names_the_field_and_writes_nothing(client_for, lead_a, org_a):
    response = client_for(lead_a).post(
        reverse("anchors:organisation_profile", args=[org_a.pk]),
        {
            "headcount": "-3",
            "annual_spend": "lots",
            "website": "not a url",
            "version": version_of(org_a),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_headcount"' in html
    assert 'href="#id_annual_spend"' in html
    assert 'href="#id_website"' in html
    assert "Headcount must be 0 or more" in html
    assert "Annual third-party spend (£) must be a number" in html
    org_a.refresh_from_db()
    assert org_a.headcount is None
    assert org_a.history.count() == 1


def test_stale_profile_save_is_refused_with_both_values(client_for, lead_a, facilitator, org_a):
    url = reverse("anchors:organisation_profile", args=[org_a.pk])
    lead = client_for(lead_a)
    page = lead.get(url)
    version = page.context["form"].initial["version"]
    # Someone else saves first.
    organisation_profile_update(
        user=facilitator, organisation=org_a, data={"headcount": 999}, version=version
    )
    response = lead.post(
        url, {"headcount": "150", "annual_spend": "", "website": "", "version": version}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this organisation" in html
    assert "999" in html  # what is saved now
    assert 'value="150"' in html  # what they typed is kept
    org_a.refresh_from_db()
    assert org_a.headcount == 999


def test_facilitator_creates_organisation(client_for, facilitator, collaborative):
    response = client_for(facilitator).post(
        reverse("anchors:organisation_create"),
        {
            "name": "Gamma Housing",
            "short_name": "Gamma",
            "kind": "housing",
            "role": "wider_stakeholder",
            "postcode": "E8 1DY",
            "active": "on",
        },
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Gamma Housing")
    assert org.collaborative == collaborative
    assert org.history.first().history_user == facilitator


def test_duplicate_organisation_name_is_refused(client_for, facilitator, org_a):
    response = client_for(facilitator).post(
        reverse("anchors:organisation_create"),
        {"name": "alpha council", "short_name": "A2", "kind": "other", "role": "funder"},
    )
    assert response.status_code == 200
    assert "Another organisation already uses" in response.content.decode()
    assert Organisation.objects.filter(name__iexact="alpha council").count() == 1


def test_facilitator_adds_person_and_role_with_history(client_for, facilitator, org_a):
    client = client_for(facilitator)
    response = client.post(
        reverse("anchors:person_create"),
        {"name": "Nadia Ali", "job_title": "Buyer", "organisation": org_a.pk, "email": "N@X.org"},
    )
    assert response.status_code == 302
    person = org_a.people.get(name="Nadia Ali")
    assert person.email == "n@x.org"
    response = client.post(
        reverse("anchors:membership_add", args=[person.pk]),
        {"organisation": org_a.pk, "role": Role.WORKFORCE_LEAD},
    )
    assert response.status_code == 302
    html = client.get(reverse("anchors:organisation_detail", args=[org_a.pk])).content.decode()
    assert "Nadia Ali: Workforce lead" in html


def test_other_collaboratives_organisation_is_404(client_for, lead_a):
    other = PersonFactory().organisation
    assert (
        client_for(lead_a).get(reverse("anchors:organisation_detail", args=[other.pk])).status_code
        == 404
    )


def test_membership_removal_keeps_history(client_for, facilitator, org_a):
    membership = MembershipFactory(organisation=org_a, person__organisation=org_a)
    client = client_for(facilitator)
    url = reverse("anchors:membership_remove", args=[membership.person.pk, membership.pk])
    assert client.post(url).status_code == 302
    html = client.get(reverse("anchors:organisation_detail", args=[org_a.pk])).content.decode()
    assert "Removed" in html


def test_home_page_for_each_role(client_for, role_users):
    for name, user in role_users.items():
        response = client_for(user).get(reverse("anchors:home"))
        assert response.status_code == 200, name
        html = response.content.decode()
        if name == "outsider":
            assert "You do not have a role" in html
        else:
            assert "Your roles" in html


def test_my_account_page_offers_mfa(client_for, lead_a):
    html = client_for(lead_a).get(reverse("anchors:my_account")).content.decode()
    assert "Two-factor authentication" in html
    assert reverse("mfa_index") in html


@pytest.mark.parametrize("extra", [1, 30])
def test_organisation_pages_run_a_fixed_number_of_queries(
    extra, client_for, facilitator, org_a, collaborative, django_assert_max_num_queries
):

    for _ in range(extra):
        other = OrganisationFactory(collaborative=collaborative)
        member = MembershipFactory(person__organisation=org_a, organisation=other)
        MembershipFactory(person=member.person, organisation=org_a, role=Role.VIEWER)
    client = client_for(facilitator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("anchors:organisation_list")).status_code == 200
    # The history is paginated: a count and a page from each of its two tables (and, for
    # changes, the versions they are compared with).
    with django_assert_max_num_queries(16):
        response = client.get(reverse("anchors:organisation_detail", args=[org_a.pk]))
        assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("anchors:person_list")).status_code == 200


def _error_links_resolve(html):
    summary = html.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]
    targets = re.findall(r'href="#([^"]+)"', summary)
    assert targets
    for target in targets:
        assert f'id="{target}"' in html, (
            f"error summary links to #{target}, which is not on the page"
        )


def test_error_summary_links_reach_radio_fields(client_for, facilitator, lead_a):
    client = client_for(facilitator)
    html = client.post(reverse("anchors:organisation_create"), {}).content.decode()
    _error_links_resolve(html)
    assert "<title>Error: Add an organisation" in html  # GOV.UK: the title says so first
    html = client.post(
        reverse("anchors:membership_add", args=[lead_a.person.pk]), {"organisation": ""}
    ).content.decode()
    _error_links_resolve(html)


def test_board_member_navigation_hides_what_they_cannot_open(client_for, hwb_member, lead_a):
    html = client_for(hwb_member).get(reverse("anchors:home")).content.decode()
    assert reverse("anchors:workshop_list") not in html
    assert reverse("anchors:action_list") not in html
    assert reverse("anchors:workstream_list") in html
    html = client_for(lead_a).get(reverse("anchors:home")).content.decode()
    assert reverse("anchors:workshop_list") in html


def test_contact_details_are_shown_to_the_facilitator_and_the_same_organisation(
    client_for, facilitator, lead_a, lead_b, hwb_member, org_a
):
    person = PersonFactory(organisation=org_a, name="Ada Alpha", email="ada@alpha.example")
    detail = reverse("anchors:person_detail", args=[person.pk])
    for user in (facilitator, lead_a, hwb_member):  # hwb_member holds a role at Alpha
        assert "ada@alpha.example" in client_for(user).get(detail).content.decode(), user
    html = client_for(lead_b).get(detail).content.decode()
    assert "Ada Alpha" in html
    assert "ada@alpha.example" not in html
    assert "Contact details are shown to the facilitator" in html
    # Nor can a search by email reveal it, nor the login column who can sign in.
    people = client_for(lead_b).get(reverse("anchors:person_list"), {"q": "ada@alpha"})
    assert "Ada Alpha" not in people.content.decode()
    assert "Can log in" not in people.content.decode()
    found = client_for(facilitator).get(reverse("anchors:person_list"), {"q": "ada@alpha"})
    assert "Ada Alpha" in found.content.decode()
    assert "Can log in" in found.content.decode()
