"""The pipeline pages and the joint-tender finder as people use them: who may add and change
items, history, the finder's matches with why and a timeline, raising a proposal, the upload."""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from anchors.common.locking import version_of
from anchors.models import Action, Role
from procurement.demo.pipeline import ITEMS, load_pipeline
from procurement.models import BuyerIdentifier, JointProposal, PipelineItem
from procurement.selectors.pipeline import (
    joint_matches,
    joint_proposal_for_source,
    matches_in_next_months,
)
from tests.anchors.factories import OrganisationFactory, WorkshopFactory, login_for
from tests.procurement.pipeline_factories import PipelineItemFactory

pytestmark = pytest.mark.django_db
D = datetime.date
FILES = Path(__file__).parent / "files" / "ocds"


def _form(item=None, **changes):
    data = {
        "title": "Peer support service",
        "description": "",
        "cpv_code": "85312000-5",
        "estimated_value": "£250,000",
        "planned_publication_date_0": "1",
        "planned_publication_date_1": "3",
        "planned_publication_date_2": "2027",
        "contract_start": "2027-09-01",
        "procurement_route": "open",
        "social_value_weighting": "20",
        "suitable_sme": "yes",
        "suitable_vcse": "",
        "stage": "planned",
        "version": version_of(item) if item else "",
    }
    data.update(changes)
    return data


def test_lead_adds_an_item_for_their_own_organisation(client_for, lead_a, org_a, org_b):
    client = client_for(lead_a)
    page = client.get(reverse("procurement:pipeline_new"))
    assert list(page.context["form"].fields["organisation"].queryset) == [org_a]
    response = client.post(reverse("procurement:pipeline_new"), _form(organisation=org_a.pk))
    item = PipelineItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    assert item.cpv_code == "85312000"  # the check digit dropped
    assert item.estimated_value == Decimal("250000")
    assert item.suitable_sme is True
    assert item.suitable_vcse is None
    assert (item.window_start, item.window_end) == (D(2027, 3, 1), D(2027, 9, 1))
    detail = client.get(item.get_absolute_url())
    assert "Social work services without accommodation" in detail.content.decode()


def test_lead_cannot_add_an_item_for_another_organisation_by_forged_post(client_for, lead_a, org_b):
    response = client_for(lead_a).post(
        reverse("procurement:pipeline_new"), _form(organisation=org_b.pk)
    )
    assert response.status_code == 200
    assert "Select organisation that plans it from the list" in response.content.decode()
    assert not PipelineItem.objects.exists()


def test_unknown_cpv_code_is_refused_naming_the_field(client_for, lead_a, org_a):
    response = client_for(lead_a).post(
        reverse("procurement:pipeline_new"), _form(organisation=org_a.pk, cpv_code="12345678")
    )
    assert "Enter a CPV 2008 code" in response.content.decode()
    assert not PipelineItem.objects.exists()


def test_lead_cannot_change_another_organisations_item(client_for, lead_a, org_b):
    item = PipelineItemFactory(organisation=org_b, title="Beta's cleaning")
    client = client_for(lead_a)
    assert client.get(reverse("procurement:pipeline_edit", args=[item.pk])).status_code == 403
    response = client.post(
        reverse("procurement:pipeline_edit", args=[item.pk]),
        _form(item, organisation=org_b.pk, title="Forged"),
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.title == "Beta's cleaning"


def test_hwb_member_reads_but_cannot_add(client_for, hwb_member, org_a):
    PipelineItemFactory(organisation=org_a, title="Alpha's transport")
    client = client_for(hwb_member)
    page = client.get(reverse("procurement:pipeline_list"))
    assert "Alpha&#x27;s transport" in page.content.decode()
    assert "Add a planned procurement" not in page.content.decode()
    assert client.get(reverse("procurement:pipeline_new")).status_code == 403


def test_change_keeps_history_and_a_stale_save_is_refused(client_for, lead_a, org_a):
    item = PipelineItemFactory(organisation=org_a, title="Cleaning")
    client = client_for(lead_a)
    opened = version_of(item)
    url = reverse("procurement:pipeline_edit", args=[item.pk])
    response = client.post(url, _form(item, organisation=org_a.pk, title="Cleaning of offices"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Cleaning of offices"
    assert item.history.count() == 2
    detail = client.get(item.get_absolute_url()).content.decode()
    assert "Cleaning of offices" in detail
    assert "Changes" in detail
    stale = client.post(url, _form(organisation=org_a.pk, title="Late", version=opened))
    assert "Someone else changed this pipeline item" in stale.content.decode()
    item.refresh_from_db()
    assert item.title == "Cleaning of offices"


@pytest.fixture
def three_anchors(collaborative, org_a, org_b):
    org_c = OrganisationFactory(collaborative=collaborative, name="Gamma Trust", short_name="Gamma")
    items = [
        PipelineItemFactory(
            organisation=org,
            title=title,
            cpv_code=code,
            planned_publication_date=start,
            contract_start=end,
            contract_end=end + datetime.timedelta(days=700),
            estimated_value=Decimal(value),
        )
        for org, title, code, start, end, value in (
            (org_a, "Alpha peer support", "85312000", D(2027, 1, 1), D(2027, 6, 1), 300000),
            (org_b, "Beta social prescribing", "85312400", D(2027, 3, 1), D(2027, 8, 1), 200000),
            (org_c, "Gamma link workers", "85312300", D(2027, 5, 1), D(2027, 9, 1), 100000),
            (org_a, "Alpha IT", "72253000", D(2027, 1, 1), D(2027, 6, 1), 50000),
            (org_b, "Beta transport", "60130000", D(2028, 1, 1), D(2028, 6, 1), 80000),
        )
    ]
    return org_c, items


def test_finder_shows_a_three_anchor_match_with_why_and_a_timeline(
    client_for, viewer, three_anchors
):
    response = client_for(viewer).get(reverse("procurement:joint_finder"))
    html = response.content.decode()
    rows = response.context["rows"]
    assert len(rows) == 1
    assert [o.short_name for o in rows[0].organisations] == ["Alpha", "Beta", "Gamma"]
    assert "Combined value £600,000" in html
    assert "Same CPV group: every item&#x27;s code starts 853" in html
    assert "Their procurement windows overlap." in html
    found = re.search(
        r'<script id="plot-match-1-data" type="application/json">(.*?)</script>', html
    )
    spec = json.loads(found.group(1))
    assert set(spec["data"][0]["y"]) == {"Alpha", "Beta", "Gamma"}
    assert spec["layout"]["xaxis"]["type"] == "date"
    assert "Raise as a joint-procurement proposal" not in html  # a viewer cannot raise


def test_finder_depth_and_months_are_chosen_on_the_page(client_for, viewer, three_anchors):
    client = client_for(viewer)
    division = client.get(reverse("procurement:joint_finder"), {"depth": 4, "gap_months": 0})
    assert len(division.context["rows"]) == 1  # 8531 is one class too
    wide = client.get(reverse("procurement:joint_finder"), {"depth": 2, "gap_months": 12})
    assert len(wide.context["rows"]) == 1
    none = client.get(
        reverse("procurement:joint_finder"), {"depth": 3, "gap_months": 6, "only_open": "on"}
    )
    assert none.context["rows"] == []
    assert "No anchors plan to buy" in none.content.decode()


def test_timeline_figures_download_as_csv(client_for, viewer, three_anchors):
    response = client_for(viewer).get(reverse("procurement:joint_finder"), {"download": "match-1"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Gamma link workers" in body
    assert "2027-05-01" in body


def test_raising_a_match_makes_an_action_for_the_facilitator(
    client_for, lead_a, facilitator, collaborative, three_anchors
):
    WorkshopFactory(collaborative=collaborative, workstream__collaborative=collaborative)
    client = client_for(lead_a)
    page = client.get(reverse("procurement:joint_finder"))
    key = page.context["rows"][0].match.key
    data = {"match": key, "depth": 3, "gap_months": 6}
    response = client.post(reverse("procurement:joint_raise"), data)
    assert response.status_code == 302
    proposal = JointProposal.objects.get()
    action = proposal.action
    assert action.owner == facilitator.person
    assert action.description.startswith("Joint-procurement proposal: Alpha, Beta, Gamma")
    assert action.state == Action.State.OPEN
    assert sorted(proposal.items.values_list("title", flat=True)) == [
        "Alpha peer support",
        "Beta social prescribing",
        "Gamma link workers",
    ]
    assert proposal.source_reference == f"procurement.match:{proposal.pk}"
    again = client.get(reverse("procurement:joint_finder")).content.decode()
    assert "Raised as a joint-procurement proposal on" in again
    client.post(reverse("procurement:joint_raise"), data)
    assert JointProposal.objects.count() == 1
    assert Action.objects.count() == 1


def test_raising_is_refused_to_hwb_members(client_for, hwb_member, three_anchors):
    response = client_for(hwb_member).post(
        reverse("procurement:joint_raise"), {"match": "853:1-2-3"}
    )
    assert response.status_code == 403
    assert not JointProposal.objects.exists()


def test_matches_in_the_next_twelve_months(collaborative, three_anchors):
    matches = matches_in_next_months(collaborative=collaborative, today=D(2026, 9, 1))
    assert [m.prefix for m in matches] == ["853"]
    assert matches_in_next_months(collaborative=collaborative, today=D(2025, 1, 1)) == []


def test_upload_checks_then_imports(client_for, lead_a, org_a, collaborative):
    BuyerIdentifier.objects.create(
        collaborative=collaborative, organisation=org_a, identifier="GB-NHS-RWK"
    )
    client = client_for(lead_a)
    url = reverse("procurement:pipeline_import")
    raw = (FILES / "fts_uk1.json").read_bytes()
    check = client.post(url, {"file": SimpleUploadedFile("uk1.json", raw), "check": ""})
    assert "What importing this file would do" in check.content.decode()
    assert check.context["report"].created == 1
    assert not PipelineItem.objects.exists()
    done = client.post(url, {"file": SimpleUploadedFile("uk1.json", raw), "import": ""})
    assert "What was imported" in done.content.decode()
    assert PipelineItem.objects.get().organisation == org_a


def test_upload_of_something_else_says_why(client_for, lead_a, org_a):
    response = client_for(lead_a).post(
        reverse("procurement:pipeline_import"),
        {"file": SimpleUploadedFile("notes.json", b"hello"), "import": ""},
    )
    assert "The file is not valid JSON" in response.content.decode()


def _anchors(collaborative, count):
    orgs = [
        OrganisationFactory(collaborative=collaborative, name=f"Anchor {i}", short_name=f"A{i}")
        for i in range(count)
    ]
    for index, org in enumerate(orgs):
        for offset, code in enumerate(("85312000", "90911200")):
            start = D(2027, 1 + (index + offset) % 12, 1)
            PipelineItemFactory(
                organisation=org,
                cpv_code=code,
                planned_publication_date=start,
                contract_start=start + datetime.timedelta(days=120),
            )
    return orgs


def _count(client, url):
    cache.clear()  # the finder's matches computed afresh each time
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["procurement:pipeline_list", "procurement:joint_finder"])
def test_query_count_is_flat_for_6_and_50_anchors(name, client_for, collaborative, backbone):
    orgs = _anchors(collaborative, 6)
    lead = login_for(organisation=orgs[0], role=Role.PROCUREMENT_LEAD)
    client = client_for(lead)
    client.get(reverse(name))  # the session's first request reads more once
    small = _count(client, reverse(name))
    _anchors_more = [
        OrganisationFactory(collaborative=collaborative, name=f"More {i}", short_name=f"M{i}")
        for i in range(44)
    ]
    for index, org in enumerate(_anchors_more):
        PipelineItemFactory(
            organisation=org,
            cpv_code="85312000",
            planned_publication_date=D(2027, 1 + index % 12, 1),
            contract_start=D(2027, 1 + index % 12, 20),
        )
    large = _count(client, reverse(name))
    assert large == small
    assert large <= 16


def test_demo_loader_makes_two_items_per_anchor_and_joint_matches(collaborative):
    for short in {row[0] for row in ITEMS}:
        OrganisationFactory(collaborative=collaborative, name=f"{short} (test)", short_name=short)
    load_pipeline(collaborative, today=D(2026, 11, 29))
    load_pipeline(collaborative, today=D(2026, 11, 29))  # again: nothing new
    assert PipelineItem.objects.count() == 12
    matches = joint_matches(collaborative=collaborative)
    assert len(matches) >= 2
    assert max(len(m.anchor_ids) for m in matches) == 3


def test_governance_resolves_a_proposal_from_its_source_reference(collaborative, org_a, org_b):
    proposal = JointProposal.objects.create(
        collaborative=collaborative, match_key="853:abc", cpv_prefix="853", summary="A and B"
    )
    found = joint_proposal_for_source(
        collaborative=collaborative, reference=proposal.source_reference
    )
    assert found == proposal
    assert joint_proposal_for_source(collaborative=collaborative, reference="x:1") is None
    assert (
        joint_proposal_for_source(collaborative=collaborative, reference="procurement.match:x")
        is None
    )


def test_lead_records_a_buyer_identifier_for_their_organisation(client_for, lead_a, org_a, org_b):
    client = client_for(lead_a)
    url = reverse("procurement:buyer_identifiers")
    response = client.post(url, {"organisation": org_a.pk, "identifier": " gb-nhs-rwk "})
    assert response.status_code == 302
    assert BuyerIdentifier.objects.get().identifier == "GB-NHS-RWK"
    again = client.post(url, {"organisation": org_a.pk, "identifier": "GB-NHS-RWK"})
    assert "GB-NHS-RWK is already recorded for Alpha Council." in again.content.decode()
    wrong = client.post(url, {"organisation": org_a.pk, "identifier": "RWK"})
    assert "Enter the identifier as notices write it" in wrong.content.decode()
    forged = client.post(url, {"organisation": org_b.pk, "identifier": "GB-NHS-RQX"})
    assert "Select organisation from the list" in forged.content.decode()
    assert BuyerIdentifier.objects.count() == 1
    assert "GB-NHS-RWK" in client.get(url).content.decode()


@pytest.mark.parametrize("count", [6, 50])
def test_matches_in_the_next_months_reads_a_fixed_number_of_queries(
    count, collaborative, django_assert_max_num_queries
):
    _anchors(collaborative, count)
    cache.clear()
    with django_assert_max_num_queries(3):
        matches = matches_in_next_months(collaborative=collaborative, today=D(2026, 12, 1))
    assert matches
    with django_assert_max_num_queries(2):  # cached until the pipeline changes
        matches_in_next_months(collaborative=collaborative, today=D(2026, 12, 1))


def test_a_raised_match_links_to_escalating_it(
    client_for, lead_a, hwb_member, facilitator, collaborative, three_anchors
):
    WorkshopFactory(collaborative=collaborative, workstream__collaborative=collaborative)
    client = client_for(lead_a)
    key = client.get(reverse("procurement:joint_finder")).context["rows"][0].match.key
    client.post(reverse("procurement:joint_raise"), {"match": key, "depth": 3, "gap_months": 6})
    proposal = JointProposal.objects.get()
    html = client.get(reverse("procurement:joint_finder")).content.decode()
    assert f"?source=procurement.match%3A{proposal.pk}" in html
    hwb = client_for(hwb_member).get(reverse("procurement:joint_finder")).content.decode()
    assert "Escalate it" not in hwb
