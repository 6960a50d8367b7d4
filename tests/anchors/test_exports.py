"""The base layer's list pages as CSV and Excel (``?format=``): the rows the page shows with its
filters, in its column order, under the header block; a role that cannot open the page cannot
export it."""

import pytest

from anchors.models import Action
from tests.exporting import both

pytestmark = pytest.mark.django_db

PAGES = {
    "/organisations/": [
        "Organisation",
        "Active",
        "Kind",
        "Role in the collaborative",
        "People",
        "Headcount",
        "Annual third-party spend (£)",
    ],
    "/people/": ["Name", "Organisation", "Job title", "Roles", "Can log in"],
    "/workstreams/": [
        "Workstream",
        "Status",
        "Participants",
        "Senior sponsorship secured",
        "Resources committed",
        "Workshops",
        "Last workshop",
    ],
    "/workshops/": [
        "Date",
        "Planned",
        "Workshop",
        "Deep dive",
        "Workstream",
        "Themes",
        "Attendance",
        "Organisations",
        "Actions",
        "Open actions",
    ],
    "/actions/": [
        "Action",
        "Progress",
        "Owner",
        "Owner's organisation",
        "Workshop",
        "Workstream",
        "Workshop date",
        "Due",
        "Overdue",
        "State",
        "Completed on",
    ],
}


@pytest.mark.parametrize("url", list(PAGES))
def test_each_page_exports_its_table_with_the_header_block(
    url, client_for, facilitator, collaborative, work
):
    client = client_for(facilitator)
    page = client.get(url).content.decode()
    download = both(client, url)
    assert download.columns == PAGES[url]
    assert download.header["Collaborative"] == collaborative.name
    assert download.header["Exported at"]
    assert download.rows, "the page's rows"
    key = "Workshop" if url == "/workshops/" else PAGES[url][0]
    for value in download.column(key):
        assert value.replace("'", "&#x27;") in page or value in page
    # The page's own link to the export, with the page's filters.
    assert "format=csv" in page
    assert "format=xlsx" in page


def test_organisations_filtered_as_the_page(client_for, facilitator, work, org_a, org_b):
    client = client_for(facilitator)
    page = client.get("/organisations/?kind=local_authority").content.decode()
    download = both(client, "/organisations/?kind=local_authority")
    assert download.column("Organisation") == ["Alpha Council"]
    assert "Alpha Council" in page
    assert "Beta NHS Trust" not in page
    assert download.header["Filters"] == "Kind: Local authority"


def test_people_search_as_the_page(client_for, facilitator, work, lead_a):
    client = client_for(facilitator)
    download = both(client, f"/people/?q={lead_a.person.name[:6]}")
    assert lead_a.person.name in download.column("Name")
    assert download.header["Filters"].startswith("Name contains:")


def test_actions_default_to_open_and_follow_the_filters(client_for, facilitator, work):
    client = client_for(facilitator)
    action = work["action"]
    Action.objects.filter(pk=action.pk).update(
        description="Closed one", state="done", completed_on=action.due_date
    )
    Action.objects.create(
        collaborative=action.collaborative,
        workshop=action.workshop,
        owner=action.owner,
        organisation=action.organisation,
        description="Still open",
        due_date=action.due_date,
    )
    assert both(client, "/actions/").column("Action") == ["Still open"]  # as the page: open
    done = both(client, "/actions/?state=done")
    assert done.column("Action") == ["Closed one"]
    assert done.header["Filters"] == "State: Done"
    page = client.get("/actions/?state=done").content.decode()
    assert "Closed one" in page
    assert "Still open" not in page
    assert "state=done&amp;format=csv" in page


@pytest.mark.parametrize("url", list(PAGES))
def test_a_role_that_cannot_open_the_page_cannot_export_it(url, client_for, role_users, work):
    for role, user in role_users.items():
        client = client_for(user)
        page = client.get(url)
        for format in ("csv", "xlsx"):
            exported = client.get(f"{url}?format={format}")
            assert exported.status_code == page.status_code, (role, format)
    client.logout()
    response = client.get(f"{url}?format=csv")
    assert response.status_code == 302  # to sign in
    assert "/accounts/login/" in response.url


def test_a_lead_exports_people_without_the_managers_column(client_for, lead_a, work):
    download = both(client_for(lead_a), "/people/")
    assert download.columns == ["Name", "Organisation", "Job title", "Roles"]


def test_an_export_over_the_limit_goes_to_the_background(
    client_for, facilitator, work, settings, django_capture_on_commit_callbacks
):
    settings.EXPORT_STREAM_MAX_ROWS = 1
    client = client_for(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get("/organisations/?format=xlsx")
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Your export is ready" in page or "Your export is being prepared" in page


@pytest.mark.parametrize("n", [1, 30])
def test_an_exports_queries_do_not_grow_with_its_rows(
    n, client_for, facilitator, work, lead_a, django_assert_max_num_queries
):
    from tests.anchors.factories import ActionFactory, WorkshopFactory

    for index in range(n):
        workshop = WorkshopFactory(workstream=work["workstream"], title=f"Extra workshop {index}")
        workshop.themes.add(work["theme"])
        ActionFactory(workshop=workshop, owner=lead_a.person, description=f"Extra action {index}")
    client = client_for(facilitator)
    for url in ("/actions/?state=&format=csv", "/workshops/?format=xlsx"):
        with django_assert_max_num_queries(16):
            response = client.get(url)
            content = (
                b"".join(response.streaming_content) if response.streaming else response.content
            )
        assert content
