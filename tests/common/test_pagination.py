"""Pagination (anchors.common.pagination): GOV.UK's links, with the filters kept."""

from django.test import RequestFactory

from anchors.common.pagination import paginate


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
