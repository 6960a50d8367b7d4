"""Pagination (anchors.common.pagination): GOV.UK's links, with the filters kept."""

import pytest
from django.test import RequestFactory

from anchors.common.history import HistorySource, history_rows, save_with_history
from anchors.common.pagination import keyed_rows, merged_rows, paginate
from anchors.models import Action
from tests.anchors.factories import ActionFactory


def _page(query, count=1000, **kwargs):
    return paginate(RequestFactory().get("/actions/", query), list(range(count)), **kwargs)


def test_one_page_of_fifty_by_default():
    page = _page({})
    assert list(page) == list(range(50))
    assert (page.start, page.end, page.count, page.num_pages) == (1, 50, 1000, 20)
    assert page.previous_href == ""
    assert page.next_href == "/actions/?page=2"


def test_links_keep_the_filters_and_elide_the_middle():
    page = _page({"state": "open", "owner": ["3", "4"], "page": "7"})
    assert [link.number for link in page.links] == [1, None, 6, 7, 8, None, 20]
    assert page.links[0].href == "/actions/?state=open&owner=3&owner=4"
    assert page.links[3].current
    assert page.next_href == "/actions/?state=open&owner=3&owner=4&page=8"
    assert page.previous_href == "/actions/?state=open&owner=3&owner=4&page=6"


def test_past_the_end_shows_the_last_page_and_nonsense_the_first():
    assert _page({"page": "999"}).number == 20
    assert _page({"page": "x"}).number == 1


def test_a_short_list_has_no_links():
    page = _page({}, count=3)
    assert not page.has_other_pages
    assert [link.number for link in page.links] == [1]


def test_links_end_with_the_lists_fragment_and_use_its_own_parameter():
    page = _page({"state": "open", "page": "3"}, param="history_page", fragment="history")
    assert page.number == 1  # ?page= belongs to another list on the page
    assert page.next_href == "/actions/?state=open&page=3&history_page=2#history"


def test_merged_rows_read_only_what_the_page_needs():
    """Several sources (each newest first) read as one list: a page of 50 reads at most
    ``stop`` rows of each source, and the order across sources is kept."""
    reads = []

    class Source(list):
        def count(self):
            return len(self)

        def __getitem__(self, index):
            reads.append(index.stop)
            return list.__getitem__(self, index)

    evens = Source(range(998, -1, -2))
    odds = Source(range(999, 0, -2))
    rows = merged_rows((evens, list), (odds, list), key=lambda n: n)
    page = paginate(RequestFactory().get("/", {"page": "2"}), rows)
    assert list(page) == list(range(949, 899, -1))
    assert page.count == 1000
    assert max(reads) == 100


@pytest.mark.django_db
def test_keyed_rows_give_the_querysets_page_in_its_order_in_one_query(
    django_assert_num_queries,
):
    """The page's keys chosen by the light queryset (its filters and order), its rows read in
    full from the other: the same page as slicing the queryset, in two queries (count, page)."""
    actions = ActionFactory.create_batch(7)
    for n, action in enumerate(actions):  # due dates out of creation order, and one other state
        action.due_date = action.due_date.replace(day=1 + (n * 3) % 7)
        action.state = "done" if n == 2 else "open"
        action.completed_on = action.due_date if n == 2 else None
        action.save()
    ordered = Action.objects.filter(state="open").order_by("due_date", "pk")
    rows = Action.objects.select_related("owner", "workshop")
    with django_assert_num_queries(2):
        page = paginate(
            RequestFactory().get("/", {"page": "2"}), keyed_rows(ordered, rows=rows), per_page=4
        )
        shown = [(a.pk, a.owner.name) for a in page]
    assert [pk for pk, _ in shown] == [a.pk for a in ordered[4:8]]
    assert page.count == 6
    assert shown[0][1]  # the owner came with the row


@pytest.mark.django_db
def test_history_pages_compare_each_change_with_the_version_before_across_pages(facilitator):
    action = ActionFactory(description="Version 0")
    for n in range(1, 61):
        action.description = f"Version {n}"
        save_with_history(action, user=facilitator, reason=f"Edit {n}")
    rows = history_rows(
        HistorySource(Action.history.filter(id=action.pk), label=lambda r: "Action")
    )
    first = paginate(RequestFactory().get("/"), rows, param="history_page")
    assert first.count == 61
    newest = next(iter(first))
    assert (newest.changes[0].before, newest.changes[0].after) == ("Version 59", "Version 60")
    request = RequestFactory().get("/", {"history_page": "2"})
    second = list(
        paginate(
            request,
            history_rows(
                HistorySource(Action.history.filter(id=action.pk), label=lambda r: "Action")
            ),
            param="history_page",
        )
    )
    # The last change on page 2 is the creation; the one before it compares with it.
    assert second[-1].action == "Created"
    assert (second[-2].changes[0].before, second[-2].changes[0].after) == (
        "Version 0",
        "Version 1",
    )
    assert second[0].reason == "Edit 10"
