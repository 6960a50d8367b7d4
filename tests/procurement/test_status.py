"""The status matrix: what each role sees, a lead editing only their own row (GET and forged
POST), history kept for each change, the timeline, stale cells, refused stale saves, and a fixed
number of queries for 6 and 50 anchors."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from anchors.common.locking import version_of
from anchors.models import Organisation, Role
from procurement.models import OrganisationStatus
from procurement.selectors import status as selectors
from tests.anchors.factories import OrganisationFactory, ThemeFactory, login_for
from tests.procurement.factories import OpportunityFactory, StatusFactory

pytestmark = pytest.mark.django_db

# The most queries the matrix page runs (session, user, roles, collaborative, then the page),
# whatever the number of anchors.
MATRIX_QUERIES = 11
ROW_QUERIES = 11
CELL_QUERIES = 10


def _row_data(organisation, columns, **cells):
    """What the row form sends: every cell as saved now, with the given cells changed."""
    data = {}
    saved = {s.subject_key: s for s in OrganisationStatus.objects.filter(organisation=organisation)}
    for column in columns:
        kind = "theme" if column.__class__.__name__ == "Theme" else "opportunity"
        key = f"{kind}-{column.pk}"
        status = saved.get(key)
        data[f"{key}-level"] = str(status.level) if status else ""
        data[f"{key}-narrative"] = status.narrative if status else ""
        data[f"{key}-next_step"] = status.next_step if status else ""
        data[f"{key}-evidence_url"] = status.evidence_url if status else ""
        data[f"{key}-version"] = version_of(status) if status else ""
        for name, value in cells.get(column.name, {}).items():
            data[f"{key}-{name}"] = value
    return data


def test_every_member_sees_the_matrix_with_level_in_words(
    client_for, hwb_member, org_a, org_b, net_zero, columns
):
    StatusFactory(organisation=org_a, theme=net_zero, level=4)
    response = client_for(hwb_member).get(reverse("procurement:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "4</span> Established" in html  # the number and the name, not colour alone
    assert "Net Zero" in html
    assert "Collectively engaging suppliers" in html
    assert "Not recorded" in html  # Beta has said nothing yet
    assert "Update Alpha" not in html  # an HWB member edits nothing


def test_lead_sees_update_only_for_own_row(client_for, lead_a, org_a, org_b, columns):
    html = client_for(lead_a).get(reverse("procurement:index")).content.decode()
    assert reverse("procurement:status_edit", args=[org_a.pk]) in html
    assert reverse("procurement:status_edit", args=[org_b.pk]) not in html


def test_lead_updates_own_row_in_one_save_and_history_is_kept(
    client_for, lead_a, org_a, net_zero, social_value, engaging, columns
):
    client = client_for(lead_a)
    url = reverse("procurement:status_edit", args=[org_a.pk])
    assert client.get(url).status_code == 200
    data = _row_data(
        org_a,
        columns,
        **{
            "Net Zero": {"level": "2", "narrative": "Looking at PPN 06/21."},
            "Collectively engaging suppliers": {"level": "3", "next_step": "Publish pipeline"},
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    cells = {s.subject_key: s for s in OrganisationStatus.objects.filter(organisation=org_a)}
    assert set(cells) == {f"theme-{net_zero.pk}", f"opportunity-{engaging.pk}"}
    assert cells[f"theme-{net_zero.pk}"].updated_by == lead_a

    # A second change to Net Zero: the cell keeps both versions.
    data = _row_data(
        org_a, columns, **{"Net Zero": {"level": "3", "narrative": "Plans above £5m."}}
    )
    assert client.post(url, data).status_code == 302
    cell = OrganisationStatus.objects.get(organisation=org_a, theme=net_zero)
    assert [h.level for h in cell.history.order_by("history_date")] == [2, 3]
    assert all(h.history_user == lead_a for h in cell.history.all())

    page = client.get(cell.get_absolute_url()).content.decode()
    assert "How it has changed" in page
    assert "Plans above £5m." in page
    assert "Looking at PPN 06/21." in page
    assert "Changed: Maturity, Where we are" in page
    assert "First recorded" in page


def test_saving_unchanged_row_adds_no_history(client_for, lead_a, org_a, net_zero, columns):
    cell = StatusFactory(organisation=org_a, theme=net_zero, level=3)
    client_for(lead_a).post(
        reverse("procurement:status_edit", args=[org_a.pk]), _row_data(org_a, columns)
    )
    assert cell.history.count() == 1


@pytest.mark.parametrize("who", ["lead_b", "hwb_member", "viewer", "workforce_lead_a"])
def test_others_cannot_open_or_post_alphas_row(request, client_for, who, org_a, net_zero, columns):
    """Another organisation's lead (and anyone else without the right) is refused, including by
    a forged POST, and nothing is written."""
    cell = StatusFactory(organisation=org_a, theme=net_zero, level=2)
    client = client_for(request.getfixturevalue(who))
    url = reverse("procurement:status_edit", args=[org_a.pk])
    assert client.get(url).status_code == 403
    forged = _row_data(org_a, columns, **{"Net Zero": {"level": "5", "narrative": "Forged"}})
    assert client.post(url, forged).status_code == 403
    cell.refresh_from_db()
    assert cell.level == 2
    assert cell.history.count() == 1


def test_sponsor_and_facilitator_may_edit_alphas_row(
    client_for, sponsor_a, facilitator, org_a, columns
):
    url = reverse("procurement:status_edit", args=[org_a.pk])
    assert client_for(sponsor_a).get(url).status_code == 200
    assert client_for(facilitator).get(url).status_code == 200


def test_another_collaboratives_organisation_is_not_found(client_for, lead_a, columns):
    elsewhere = OrganisationFactory(name="Elsewhere Trust")
    response = client_for(lead_a).get(reverse("procurement:status_edit", args=[elsewhere.pk]))
    assert response.status_code == 404


def test_narrative_without_level_names_the_field(client_for, lead_a, org_a, net_zero, columns):
    data = _row_data(org_a, columns, **{"Net Zero": {"narrative": "Something"}})
    response = client_for(lead_a).post(reverse("procurement:status_edit", args=[org_a.pk]), data)
    assert response.status_code == 200
    assert "Select a maturity level for Net Zero" in response.content.decode()
    assert not OrganisationStatus.objects.exists()


def test_stale_save_is_refused(client_for, lead_a, facilitator, org_a, net_zero, columns):
    cell = StatusFactory(organisation=org_a, theme=net_zero, level=2)
    opened = _row_data(org_a, columns, **{"Net Zero": {"level": "3"}})
    # The facilitator saves first.
    client_for(facilitator).post(
        reverse("procurement:status_edit", args=[org_a.pk]),
        _row_data(org_a, columns, **{"Net Zero": {"level": "4"}}),
    )
    response = client_for(lead_a).post(reverse("procurement:status_edit", args=[org_a.pk]), opened)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Someone else changed this position" in html
    assert "What is saved now" in html
    assert "4 Established" in html
    cell.refresh_from_db()
    assert cell.level == 4
    # The page now carries the saved version: saving again replaces it knowingly.
    again = {**opened, f"theme-{net_zero.pk}-version": version_of(cell)}
    response = client_for(lead_a).post(reverse("procurement:status_edit", args=[org_a.pk]), again)
    assert response.status_code == 302
    cell.refresh_from_db()
    assert cell.level == 3


def test_unknown_column_kind_is_not_found(client_for, viewer, org_a, net_zero):
    url = reverse("procurement:status_cell", args=[org_a.pk, "workstream", net_zero.pk])
    assert client_for(viewer).get(url).status_code == 404


def test_cells_not_reviewed_for_90_days_are_flagged(client_for, viewer, org_a, net_zero, columns):
    old = timezone.now() - datetime.timedelta(days=91)
    StatusFactory(organisation=org_a, theme=net_zero, level=2, reviewed_at=old)
    html = client_for(viewer).get(reverse("procurement:index")).content.decode()
    assert "Not updated for 90 days" in html
    assert "1 position not updated for 90 days or more" in html


def test_confirming_marks_unchanged_cells_current(client_for, lead_a, org_a, net_zero, columns):
    old = timezone.now() - datetime.timedelta(days=120)
    cell = StatusFactory(organisation=org_a, theme=net_zero, level=2, reviewed_at=old)
    data = _row_data(org_a, columns)
    data["confirm"] = "on"
    client_for(lead_a).post(reverse("procurement:status_edit", args=[org_a.pk]), data)
    cell.refresh_from_db()
    assert not selectors.is_stale(cell)
    assert cell.history.first().history_change_reason == "Confirmed still current"


def _anchors(collaborative, count):
    return [
        OrganisationFactory(collaborative=collaborative, name=f"Anchor {i}", short_name=f"A{i}")
        for i in range(count)
    ]


@pytest.mark.parametrize("count", [6, 50])
def test_matrix_queries_are_flat(
    count, client_for, collaborative, backbone, facilitator, django_assert_max_num_queries
):
    themes = [ThemeFactory(collaborative=collaborative, name=n) for n in ("NZ", "SV", "MS")]
    opportunities = [OpportunityFactory(collaborative=collaborative) for _ in range(3)]
    lead = None
    for index, organisation in enumerate(_anchors(collaborative, count)):
        for theme in themes:
            StatusFactory(organisation=organisation, theme=theme, updated_by=facilitator)
        for opportunity in opportunities[: index % 3]:
            StatusFactory(organisation=organisation, opportunity=opportunity)
        if lead is None:
            lead = login_for(organisation=organisation, role=Role.PROCUREMENT_LEAD)
    for user in (facilitator, lead):
        client = client_for(user)
        with django_assert_max_num_queries(MATRIX_QUERIES):
            response = client.get(reverse("procurement:index"))
        assert response.status_code == 200
        assert response.content.decode().count('class="govuk-table__row"') == count + 1
    assert Organisation.objects.filter(collaborative=collaborative).count() == count + 1


@pytest.mark.parametrize("count", [6, 50])
def test_row_form_and_cell_page_queries_are_flat(
    count, client_for, collaborative, backbone, django_assert_max_num_queries
):
    themes = [ThemeFactory(collaborative=collaborative, name=n) for n in ("NZ", "SV", "MS")]
    anchors = _anchors(collaborative, count)
    for organisation in anchors:
        for theme in themes:
            StatusFactory(organisation=organisation, theme=theme)
    lead = login_for(organisation=anchors[0], role=Role.PROCUREMENT_LEAD)
    cell = OrganisationStatus.objects.get(organisation=anchors[0], theme=themes[0])
    for level in (1, 2, 4, 5):
        cell.level = level
        cell.save()
    client = client_for(lead)
    with django_assert_max_num_queries(ROW_QUERIES):
        assert (
            client.get(reverse("procurement:status_edit", args=[anchors[0].pk])).status_code == 200
        )
    with django_assert_max_num_queries(CELL_QUERIES):
        assert client.get(cell.get_absolute_url()).status_code == 200


def test_the_matrix_downloads_as_a_table(client_for, hwb_member, org_a, org_b, net_zero, columns):
    StatusFactory(organisation=org_a, theme=net_zero, level=4, narrative="=HYPERLINK(1)")
    response = client_for(hwb_member).get(reverse("procurement:index") + "?format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Alpha,Net Zero,Theme,4,Established" in text
    assert "'=HYPERLINK(1)" in text  # never run as a formula
    assert "Beta,Net Zero,Theme,,Not recorded" in text
