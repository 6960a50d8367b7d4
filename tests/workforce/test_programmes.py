"""Apprenticeship programmes and apprentices: own organisation only, pseudonymous references,
home areas checked against the IMD table where one is loaded, stale edits refused, history,
filters and pages with flat query counts."""

import datetime
import importlib.util

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from anchors.models import Role
from tests.anchors.factories import login_for
from tests.workforce.factories import ApprenticeFactory, ProgrammeFactory
from workforce.models import Apprentice, ApprenticeshipProgramme
from workforce.services import programmes as services

pytestmark = pytest.mark.django_db
D = datetime.date
HAS_LOOKUP = importlib.util.find_spec("workforce.deprivation") is not None


@pytest.fixture
def workforce_lead_b(org_b):
    return login_for(organisation=org_b, role=Role.WORKFORCE_LEAD, email="wf.b@example.org")


def _programme_data(organisation, **overrides):
    data = {
        "organisation": organisation.pk,
        "standard_name": "Senior Healthcare Support Worker",
        "level": "3",
        "occupation": "Senior healthcare support worker",
        "places": "6",
        "start_date_0": "1",
        "start_date_1": "9",
        "start_date_2": "2026",
        "duration_months": "18",
        "training_provider": "Hackney Community College",
        "funding": "levy",
        "status": "recruiting",
    }
    data.update(overrides)
    return data


def test_a_workforce_lead_adds_a_programme_for_their_own_organisation(
    org_a, workforce_lead_a, client_for
):
    response = client_for(workforce_lead_a).post(
        reverse("workforce:programme_create"), _programme_data(org_a), follow=True
    )
    programme = ApprenticeshipProgramme.objects.get()
    assert programme.organisation == org_a
    assert "Senior Healthcare Support Worker added." in response.content.decode()
    assert programme.history.first().history_user == workforce_lead_a


def test_a_workforce_lead_cannot_add_or_edit_another_organisations_programme(
    org_a, org_b, workforce_lead_a, client_for
):
    client = client_for(workforce_lead_a)
    # Another organisation is not offered; forging it is refused on the field, nothing written.
    response = client.post(reverse("workforce:programme_create"), _programme_data(org_b))
    assert response.status_code == 200
    assert "Select organisation from the list" in response.content.decode()
    assert not ApprenticeshipProgramme.objects.exists()

    theirs = ProgrammeFactory(organisation=org_b, standard_name="Data Analyst")
    before = ApprenticeshipProgramme.objects.filter(pk=theirs.pk).values().get()
    edit = reverse("workforce:programme_edit", args=[theirs.pk])
    assert client.get(edit).status_code == 403
    response = client.post(
        edit, _programme_data(org_b, standard_name="Hijacked", version=version_of(theirs))
    )
    assert response.status_code == 403
    assert client.get(reverse("workforce:apprentice_add", args=[theirs.pk])).status_code == 403
    apprentice = ApprenticeFactory(programme=theirs)
    response = client.post(
        reverse("workforce:apprentice_edit", args=[apprentice.pk]),
        {"reference": "X-1", "version": version_of(apprentice)},
    )
    assert response.status_code == 403
    assert ApprenticeshipProgramme.objects.filter(pk=theirs.pk).values().get() == before
    assert Apprentice.objects.get().reference == apprentice.reference
    with pytest.raises(PermissionDenied):
        services.programme_update(
            user=workforce_lead_a,
            programme=theirs,
            data={"standard_name": "Hijacked"},
            version=version_of(theirs),
        )
    # Nor move their own programme to another organisation.
    mine = ProgrammeFactory(organisation=org_a)
    with pytest.raises(PermissionDenied):
        services.programme_update(
            user=workforce_lead_a,
            programme=mine,
            data={"organisation": org_b},
            version=version_of(mine),
        )


def test_the_sponsor_edits_their_own_the_facilitator_all_others_none(
    org_a, org_b, sponsor_a, facilitator, hwb_member, lead_b, client_for
):
    ours, theirs = ProgrammeFactory(organisation=org_a), ProgrammeFactory(organisation=org_b)
    for user, programme, status in (
        (sponsor_a, ours, 200),
        (sponsor_a, theirs, 403),
        (facilitator, theirs, 200),
        (hwb_member, ours, 403),
        (lead_b, theirs, 403),  # a procurement lead is not a workforce lead
    ):
        url = reverse("workforce:programme_edit", args=[programme.pk])
        assert client_for(user).get(url).status_code == status, (user, programme)


def test_levy_transfer_needs_its_source(org_a, org_b, facilitator, client_for):
    response = client_for(facilitator).post(
        reverse("workforce:programme_create"),
        _programme_data(org_a, funding="levy_transfer"),
    )
    assert "Select the organisation that transferred the levy" in response.content.decode()
    assert not ApprenticeshipProgramme.objects.exists()
    client_for(facilitator).post(
        reverse("workforce:programme_create"),
        _programme_data(
            org_a, funding="levy_transfer", transfer_from=org_b.pk, transfer_amount="24,000"
        ),
    )
    programme = ApprenticeshipProgramme.objects.get()
    assert programme.transfer_from == org_b
    assert str(programme.transfer_amount) == "24000.00"


def test_a_stale_programme_edit_is_refused(org_a, workforce_lead_a, client_for):
    programme = ProgrammeFactory(organisation=org_a)
    stale = version_of(programme)
    services.programme_update(
        user=workforce_lead_a, programme=programme, data={"places": 9}, version=stale
    )
    response = client_for(workforce_lead_a).post(
        reverse("workforce:programme_edit", args=[programme.pk]),
        _programme_data(org_a, places="2", version=stale),
    )
    assert "Someone else changed this programme after you opened it" in response.content.decode()
    programme.refresh_from_db()
    assert programme.places == 9


def _apprentice_data(**overrides):
    data = {
        "reference": "ALPHA-A-01",
        "start_date_0": "1",
        "start_date_1": "9",
        "start_date_2": "2026",
        "expected_end_date_0": "28",
        "expected_end_date_1": "2",
        "expected_end_date_2": "2028",
        "outcome": "in_learning",
        "home_lsoa": "",
    }
    data.update(overrides)
    return data


def test_the_apprentice_form_explains_why_there_are_no_names(org_a, workforce_lead_a, client_for):
    programme = ProgrammeFactory(organisation=org_a)
    html = (
        client_for(workforce_lead_a)
        .get(reverse("workforce:apprentice_add", args=[programme.pk]))
        .content.decode()
    )
    assert "never a name, date of birth or address" in html
    assert "data minimisation" in html


@pytest.mark.parametrize("reference", ["Jane Smith", "jane.smith@example.org", "J Smith 1990"])
def test_a_name_or_email_is_refused_as_a_reference(org_a, workforce_lead_a, client_for, reference):
    programme = ProgrammeFactory(organisation=org_a)
    response = client_for(workforce_lead_a).post(
        reverse("workforce:apprentice_add", args=[programme.pk]),
        _apprentice_data(reference=reference),
    )
    assert "not a name or email address" in response.content.decode()
    assert not Apprentice.objects.exists()


def test_an_apprentice_with_an_lsoa_code(org_a, workforce_lead_a, client_for):
    programme = ProgrammeFactory(organisation=org_a)
    url = reverse("workforce:apprentice_add", args=[programme.pk])
    response = client_for(workforce_lead_a).post(url, _apprentice_data(home_lsoa="E8 4AA"))
    assert "is not an LSOA code" in response.content.decode()
    assert not Apprentice.objects.exists()
    client_for(workforce_lead_a).post(url, _apprentice_data(home_lsoa="e01001714"))
    apprentice = Apprentice.objects.get()
    assert apprentice.home_lsoa == "E01001714"
    assert apprentice.history.first().history_user == workforce_lead_a


@pytest.mark.skipif(not HAS_LOOKUP, reason="the deprivation lookup is not installed")
def test_with_imd_loaded_the_decile_comes_from_the_table_and_unknown_lsoas_are_refused(
    org_a, workforce_lead_a, client_for
):
    from workforce.models import DeprivationEdition, LsoaDeprivation

    # The official IMD 2019 table (Hackney 002A is in decile 1), loaded here if not already.
    edition = DeprivationEdition.objects.filter(row_count__gt=0).order_by("-code").first()
    if edition is None:
        edition = DeprivationEdition.objects.create(
            code="2019", name="English Indices of Deprivation 2019", geography="2011", row_count=1
        )
        LsoaDeprivation.objects.create(
            edition=edition, lsoa_code="E01001714", district_code="E09000012", rank=3216, decile=1
        )
    programme = ProgrammeFactory(organisation=org_a)
    url = reverse("workforce:apprentice_add", args=[programme.pk])
    response = client_for(workforce_lead_a).post(url, _apprentice_data(home_lsoa="E01999999"))
    assert "E01999999 is not an LSOA of the" in response.content.decode()
    assert not Apprentice.objects.exists()
    client_for(workforce_lead_a).post(url, _apprentice_data(home_lsoa="E01001714"))
    apprentice = Apprentice.objects.get()
    assert (apprentice.edition, apprentice.imd_decile) == (edition, 1)


def test_references_are_unique_in_the_collaborative(org_a, org_b, facilitator):
    ApprenticeFactory(programme=ProgrammeFactory(organisation=org_b), reference="REF-1")
    with pytest.raises(PortalError, match="ref-1 is already used"):
        services.apprentice_create(
            user=facilitator,
            programme=ProgrammeFactory(organisation=org_a),
            data={
                "reference": "ref-1",
                "start_date": D(2026, 9, 1),
                "expected_end_date": D(2028, 2, 28),
            },
        )


def test_the_programme_page_lists_apprentices_and_history(org_a, workforce_lead_a, client_for):
    programme = ProgrammeFactory(organisation=org_a)
    services.apprentice_create(
        user=workforce_lead_a,
        programme=programme,
        data={
            "reference": "ALPHA-A-07",
            "start_date": D(2026, 9, 1),
            "expected_end_date": D(2028, 2, 28),
        },
    )
    html = client_for(workforce_lead_a).get(programme.get_absolute_url()).content.decode()
    assert "ALPHA-A-07" in html
    assert "History of this programme" in html
    assert "Apprentice ALPHA-A-07" in html
    assert "Add an apprentice" in html


def test_list_filters_pages_and_flat_queries(
    org_a, org_b, facilitator, client_for, django_assert_max_num_queries
):
    for _ in range(3):
        ApprenticeFactory(programme=ProgrammeFactory(organisation=org_a, level=3))
    client = client_for(facilitator)
    url = reverse("workforce:programme_list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(60):
        ProgrammeFactory(organisation=org_b, level=6, standard_name=f"Chartered Manager {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.context["page"].num_pages == 2
    html = client.get(url, {"organisation": org_a.pk, "level": "3"}).content.decode()
    assert "Chartered Manager" not in html
    assert "Project Manager" in html
    assert "3 programmes" in html
    assert "Showing 1 to 50 of 63 programmes" in client.get(url).content.decode()
