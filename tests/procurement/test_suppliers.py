"""The supplier register: duplicates caught on entry (company number, or normalised name and
postcode) with the look-ups the imports reuse, local by postcode district, buyers, passports and
their gaps, engagement events, and a fixed number of queries for the list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from anchors.common.errors import PortalError
from anchors.common.locking import version_of
from anchors.models import Role
from procurement.identity import in_area, normalise_company_number, normalise_name
from procurement.models import AreaDistrict, EventAttendance, PassportItem, Supplier
from procurement.selectors.suppliers import SupplierIndex, find_duplicate, passport_gaps
from procurement.services import suppliers as services
from tests.anchors.factories import OrganisationFactory, login_for
from tests.procurement.factories import BuyerFactory, PassportFactory, SupplierFactory

pytestmark = pytest.mark.django_db

# The most queries the supplier list runs, whatever the number of anchors and suppliers.
LIST_QUERIES = 13

FORM = {
    "name": "The Dalston Print Co. Ltd",
    "company_number": "3529700",
    "charity_number": "",
    "postcode": "e8 2pb",
    "website": "",
    "description": "Printing",
    "sme": "on",
}


@pytest.fixture
def area(collaborative):
    for district in ("E8", "N16", "EC1"):
        AreaDistrict.objects.create(collaborative=collaborative, district=district)


def test_names_are_normalised():
    assert normalise_name("The Dalston Print Co. Ltd") == "dalston print"
    assert normalise_name("DALSTON PRINT LIMITED") == "dalston print"
    assert normalise_name("Bread & Roses CIC") == "bread and roses"
    assert normalise_company_number(" 3529700 ") == "03529700"
    assert normalise_company_number("sc123456") == "SC123456"


def test_area_districts_match_their_sub_districts():
    assert in_area("E8 1DY", ["E8"])
    assert in_area("EC1V 9NR", ["EC1"])
    assert not in_area("E81 1AA", ["E8"])  # not a real district, and not E8
    assert not in_area("E17 7JN", ["E1"])
    assert not in_area("", ["E8"])


def test_lead_adds_a_supplier_and_it_is_local(client_for, lead_a, area):
    response = client_for(lead_a).post(reverse("procurement:supplier_create"), FORM)
    assert response.status_code == 302
    supplier = Supplier.objects.get()
    assert supplier.company_number == "03529700"
    assert supplier.postcode == "E8 2PB"
    assert supplier.is_local
    assert supplier.history.count() == 1


def test_duplicate_company_number_is_caught(client_for, lead_a, collaborative, area):
    SupplierFactory(collaborative=collaborative, name="Other Name Ltd", company_number="03529700")
    response = client_for(lead_a).post(reverse("procurement:supplier_create"), FORM)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Other Name Ltd is already in the register with company number 03529700" in html
    assert Supplier.objects.count() == 1


def test_duplicate_name_and_postcode_is_caught(client_for, lead_a, collaborative, area):
    SupplierFactory(collaborative=collaborative, name="Dalston Print Limited", postcode="E8 2PB")
    data = {**FORM, "company_number": ""}
    response = client_for(lead_a).post(reverse("procurement:supplier_create"), data)
    assert response.status_code == 200
    assert "already in the register with the same name and postcode" in response.content.decode()
    assert Supplier.objects.count() == 1


def test_same_name_elsewhere_is_not_a_duplicate(client_for, lead_a, collaborative, area):
    SupplierFactory(collaborative=collaborative, name="Dalston Print Ltd", postcode="N16 7XJ")
    data = {**FORM, "company_number": ""}
    assert client_for(lead_a).post(reverse("procurement:supplier_create"), data).status_code == 302
    assert Supplier.objects.count() == 2


def test_another_collaboratives_supplier_is_no_duplicate(collaborative):
    SupplierFactory(name="Dalston Print Ltd", company_number="03529700")  # elsewhere
    found, _ = find_duplicate(
        collaborative=collaborative, name="Dalston Print", postcode="", company_number="3529700"
    )
    assert found is None


def test_the_index_matches_import_rows_without_a_query_each(
    collaborative, django_assert_num_queries
):
    a = SupplierFactory(collaborative=collaborative, name="Acme Ltd", company_number="01234567")
    b = SupplierFactory(collaborative=collaborative, name="Bread & Roses CIC", postcode="E8 1DY")
    with django_assert_num_queries(1):
        index = SupplierIndex(collaborative=collaborative)
    with django_assert_num_queries(0):
        assert index.match(name="ACME LIMITED", company_number="1234567") == a
        assert index.match(name="bread and roses", postcode="e81dy") == b
        assert index.match(name="Bread and Roses") == b  # one supplier of that name
        assert index.match(name="Nobody Ltd") is None


def test_changing_a_supplier_into_a_duplicate_is_refused(lead_a, collaborative):
    SupplierFactory(collaborative=collaborative, name="First Ltd", company_number="01234567")
    second = SupplierFactory(collaborative=collaborative, name="Second Ltd")
    with pytest.raises(PortalError, match="company number 01234567"):
        services.supplier_update(
            user=lead_a,
            supplier=second,
            data={"company_number": "1234567"},
            version=version_of(second),
        )


def test_viewer_cannot_add_suppliers(client_for, viewer):
    assert client_for(viewer).post(reverse("procurement:supplier_create"), FORM).status_code == 403
    assert not Supplier.objects.exists()


def test_lead_records_only_own_organisation_as_buyer(client_for, lead_a, org_a, org_b):
    supplier = SupplierFactory(collaborative=org_a.collaborative)
    client = client_for(lead_a)
    url = reverse("procurement:buyer_add", args=[supplier.pk])
    response = client.post(url, {"organisation": org_b.pk})
    assert response.status_code == 200
    assert "Select organisation that buys from this supplier from the list" in (
        response.content.decode()
    )
    assert client.post(url, {"organisation": org_a.pk, "what": "Print"}).status_code == 302
    assert list(supplier.buyer_links.values_list("organisation_id", flat=True)) == [org_a.pk]


def test_lead_cannot_remove_another_organisations_buyer_link(client_for, lead_a, org_b):
    link = BuyerFactory(organisation=org_b, supplier__collaborative=org_b.collaborative)
    response = client_for(lead_a).post(reverse("procurement:buyer_remove", args=[link.pk]))
    assert response.status_code == 403
    assert link.__class__.objects.filter(pk=link.pk).exists()


def test_passport_gaps_selector(collaborative, django_assert_num_queries):
    today = timezone.localdate()
    full = SupplierFactory(collaborative=collaborative)
    for kind in PassportItem.Kind:
        PassportFactory(supplier=full, kind=kind)
    partial = SupplierFactory(collaborative=collaborative)
    PassportFactory(
        supplier=partial,
        kind=PassportItem.Kind.MODERN_SLAVERY_STATEMENT,
        dated=today - datetime.timedelta(days=400),
        review_date=today - datetime.timedelta(days=35),
    )
    with django_assert_num_queries(1):
        gaps = passport_gaps([full.pk, partial.pk])
    assert gaps[full.pk] == []
    states = {g.kind: g.state for g in gaps[partial.pk]}
    assert states["ms_statement"] == "expired"
    assert states["carbon_plan"] == "missing"
    assert len(states) == 5


def test_supplier_page_flags_expired_and_missing_items(client_for, viewer, collaborative):
    today = timezone.localdate()
    supplier = SupplierFactory(collaborative=collaborative, name="Clapton Catering CIC")
    PassportFactory(
        supplier=supplier,
        kind=PassportItem.Kind.LIVING_WAGE,
        dated=today - datetime.timedelta(days=400),
        review_date=today - datetime.timedelta(days=1),
    )
    html = client_for(viewer).get(supplier.get_absolute_url()).content.decode()
    assert "Review overdue" in html
    assert "living wage accreditation overdue for review" in html
    assert "carbon reduction plan missing" in html


def test_passport_item_recorded_with_history_and_dates_checked(client_for, lead_a, collaborative):
    supplier = SupplierFactory(collaborative=collaborative)
    url = reverse("procurement:passport_edit", args=[supplier.pk, "carbon_plan"])
    client = client_for(lead_a)
    bad = {
        "dated_0": "1", "dated_1": "6", "dated_2": "2026",
        "review_date_0": "1", "review_date_1": "1", "review_date_2": "2026",
        "scope": "Scopes 1 and 2", "link": "", "note": "", "version": "",
    }  # fmt: skip
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "review date must be the same as or after" in response.content.decode()
    good = {**bad, "review_date_0": "1", "review_date_1": "6", "review_date_2": "2027"}
    assert client.post(url, good).status_code == 302
    item = PassportItem.objects.get()
    assert item.scope == "Scopes 1 and 2"
    assert item.history.count() == 1


def test_area_change_remarks_suppliers(client_for, facilitator, collaborative, area):
    supplier = SupplierFactory(collaborative=collaborative, postcode="E5 0LL")
    response = client_for(facilitator).post(
        reverse("procurement:area_edit"), {"districts": "E5, E8 n16", "partial": ""}
    )
    assert response.status_code == 302
    supplier.refresh_from_db()
    assert supplier.is_local
    response = client_for(facilitator).post(
        reverse("procurement:area_edit"), {"districts": "E8, Hackney", "partial": ""}
    )
    assert "“Hackney” is not a postcode district" in response.content.decode()


def test_event_records_attendance(client_for, lead_a, collaborative, org_a):
    suppliers = [SupplierFactory(collaborative=collaborative) for _ in range(3)]
    data = {
        "title": "Meet the buyer",
        "kind": "meet_the_buyer",
        "date_0": "12", "date_1": "3", "date_2": "2026",
        "location": "Town hall",
        "description": "",
        "hosts": [org_a.pk],
        "attended": [suppliers[0].pk, suppliers[2].pk],
        "version": "",
    }  # fmt: skip
    response = client_for(lead_a).post(reverse("procurement:event_create"), data)
    assert response.status_code == 302
    assert set(EventAttendance.objects.values_list("supplier_id", flat=True)) == {
        suppliers[0].pk,
        suppliers[2].pk,
    }
    page = client_for(lead_a).get(suppliers[0].get_absolute_url()).content.decode()
    assert "Meet the buyer" in page


@pytest.mark.parametrize("count", [6, 50])
def test_supplier_list_queries_are_flat(
    count, client_for, collaborative, backbone, django_assert_max_num_queries
):
    anchors = [
        OrganisationFactory(collaborative=collaborative, name=f"Anchor {i}", short_name=f"A{i}")
        for i in range(count)
    ]
    for index in range(30):
        supplier = SupplierFactory(collaborative=collaborative)
        for organisation in anchors[index % 3 : index % 3 + 3]:
            BuyerFactory(supplier=supplier, organisation=organisation)
        PassportFactory(supplier=supplier)
    client = client_for(login_for(organisation=anchors[0], role=Role.VIEWER))
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("procurement:supplier_list"))
    assert response.status_code == 200
    assert "30 suppliers" in response.content.decode()


def test_supplier_edit_keeps_history_and_refuses_a_stale_save(client_for, lead_a, collaborative):
    supplier = SupplierFactory(collaborative=collaborative, name="Hoxton Office Supplies Ltd")
    url = reverse("procurement:supplier_edit", args=[supplier.pk])
    client = client_for(lead_a)
    opened = version_of(supplier)
    data = {**FORM, "name": "Hoxton Office Supplies Ltd", "company_number": "", "version": opened}
    assert client.post(url, {**data, "living_wage_employer": "on"}).status_code == 302
    supplier.refresh_from_db()
    assert supplier.living_wage_employer
    assert supplier.history.count() == 2
    response = client.post(url, {**data, "description": "Stale"})
    assert response.status_code == 200
    assert "Someone else changed this supplier" in response.content.decode()
    supplier.refresh_from_db()
    assert supplier.description != "Stale"
