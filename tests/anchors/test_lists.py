"""Long lists come a page at a time (50 rows), and every page's links keep the filters: actions,
workshops, people, organisations, a workstream's timeline and history tables."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from anchors.common.history import save_with_history
from anchors.models import Action
from tests.anchors.factories import (
    ActionFactory,
    OrganisationFactory,
    OrganisationUpdateFactory,
    PersonFactory,
    WorkshopFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def _rows(html):
    body = html.split('<tbody class="govuk-table__body">', 1)[1].split("</tbody>", 1)[0]
    return body.count('<tr class="govuk-table__row')


def _links(html, label):
    nav = html.split(f'aria-label="{label}"', 1)[1].split("</nav>", 1)[0]
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', nav)]


def test_actions_come_fifty_a_page_and_the_links_keep_the_filters(
    client_for, facilitator, work, org_a, lead_a
):
    workshop = work["workshop"]
    for _ in range(120):
        ActionFactory(workshop=workshop, owner=lead_a.person, organisation=org_a)
    ActionFactory.create_batch(5, workshop=workshop)  # another organisation's
    client = client_for(facilitator)
    url = reverse("anchors:action_list")
    html = client.get(url, {"organisation": org_a.pk, "state": "open"}).content.decode()
    assert _rows(html) == 50
    assert "Showing 1 to 50 of 121 actions" in html  # and work's own overdue action
    next_link = _links(html, "Pages of actions")[-1]
    assert f"organisation={org_a.pk}" in next_link
    assert "state=open" in next_link
    assert "page=2" in next_link
    html = client.get(next_link).content.decode()
    assert "Showing 51 to 100 of 121 actions" in html
    last = client.get(url, {"organisation": org_a.pk, "state": "open", "page": 3}).content
    assert "Showing 101 to 121 of 121 actions" in last.decode()
    assert _rows(last.decode()) == 21


def test_every_state_lists_open_actions_first_then_the_rest_each_by_due_date(
    client_for, facilitator, work, lead_a, org_a, django_assert_max_num_queries
):
    """Read a page at a time in two parts (open, then the rest), the list is the one order
    sorting every action would give, a page crossing from one part to the other included."""
    today = timezone.localdate()
    for n in range(70):
        state = Action.State.OPEN if n % 3 else Action.State.DONE if n % 2 else "dropped"
        ActionFactory(
            workshop=work["workshop"],
            owner=lead_a.person,
            organisation=org_a,
            description=f"Action {n:02}",
            due_date=today + timedelta(days=(n * 7) % 30),
            state=state,
            completed_on=today if state == Action.State.DONE else None,
        )
    everything = sorted(
        Action.objects.filter(collaborative=work["workshop"].collaborative),
        key=lambda a: (a.state != Action.State.OPEN, a.due_date, a.pk),
    )
    client = client_for(facilitator)
    client.get(reverse("anchors:action_list"), {"state": ""})
    shown = []
    for page in (1, 2):
        with django_assert_max_num_queries(12):
            html = client.get(reverse("anchors:action_list"), {"state": "", "page": page})
        body = html.content.decode().split('<tbody class="govuk-table__body">', 1)[1]
        shown += re.findall(r'href="/actions/(\d+)/edit/"', body.split("</tbody>", 1)[0])
    assert [int(pk) for pk in shown] == [a.pk for a in everything]
    assert sum(a.state == Action.State.OPEN for a in everything) not in (0, 50, len(everything))


def test_show_all_is_a_filter_not_a_page_of_everything(client_for, facilitator, work):
    html = client_for(facilitator).get(reverse("anchors:action_list")).content.decode()
    assert "Show all actions" not in html
    assert "Clear filters" in html


def test_workshops_people_and_organisations_are_paginated(
    client_for, facilitator, collaborative, org_a
):
    stream = WorkstreamFactory(collaborative=collaborative)
    today = timezone.localdate()
    for n in range(55):
        WorkshopFactory(workstream=stream, date=today - timedelta(days=n))
    for _ in range(55):
        PersonFactory(organisation=org_a)
    for _ in range(55):
        OrganisationFactory(collaborative=collaborative)
    client = client_for(facilitator)
    workshops = client.get(reverse("anchors:workshop_list"), {"workstream": stream.pk})
    html = workshops.content.decode()
    assert _rows(html) == 50
    assert "Showing 1 to 50 of 55 workshops" in html
    assert f"workstream={stream.pk}" in _links(html, "Pages of workshops")[-1]
    people = client.get(reverse("anchors:person_list"), {"q": "", "page": 2}).content.decode()
    assert re.search(r"Showing 51 to \d+ of \d+ people", people)
    organisations = client.get(reverse("anchors:organisation_list")).content.decode()
    assert _rows(organisations) == 50
    assert re.search(r"Showing 1 to 50 of \d+ organisations", organisations)


def test_a_long_history_comes_in_pages_that_return_to_the_history(client_for, facilitator, work):
    action = Action.objects.get(pk=work["action"].pk)
    for n in range(55):
        action.note = f"Progress note {n:02d}"
        save_with_history(action, user=facilitator)
    client = client_for(facilitator)
    url = reverse("anchors:action_edit", args=[action.pk])
    html = client.get(url).content.decode()
    history = html.split('id="history"', 1)[1]
    assert "Progress note 54" in history
    assert "Progress note 03" not in history
    older = _links(html, "Pages of history")[-1]
    assert older.endswith("history_page=2#history")
    html = client.get(older).content.decode()
    history = html.split('id="history"', 1)[1]
    assert "Progress note 03" in history
    assert "Progress note 54" not in history


def test_a_workstreams_timeline_comes_in_pages(client_for, facilitator, collaborative, org_a):
    stream = WorkstreamFactory(collaborative=collaborative)
    today = timezone.localdate()
    for n in range(40):
        WorkshopFactory(workstream=stream, date=today - timedelta(days=2 * n), title=f"W{n}")
        OrganisationUpdateFactory(
            workstream=stream,
            organisation=org_a,
            workshop=None,
            date=today - timedelta(days=2 * n + 1),
            current_focus=f"Focus {n}",
        )
    client = client_for(facilitator)
    html = client.get(reverse("anchors:workstream_detail", args=[stream.pk])).content.decode()
    timeline = html.split('id="timeline-heading"', 1)[1].split("</section>", 1)[0]
    assert timeline.count('class="app-timeline__item') == 50
    assert "Focus 0" in timeline
    assert "Focus 39" not in timeline
    older = _links(html, "Pages of the timeline")[-1]
    assert older.endswith("timeline_page=2#timeline-heading")
    html = client.get(older).content.decode()
    assert "Focus 39" in html
