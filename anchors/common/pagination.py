"""One page of a list, and the GOV.UK pagination component's links with the filters kept.

    page = paginate(request, queryset)           # 50 a page, ?page=N
    {% include "components/pagination.html" with page=page %}

Nothing renders every row: a list view passes ``page.object_list`` to its template. A page with
two lists gives each its own parameter and a fragment to come back to
(``paginate(request, rows, param="history_page", fragment="history")``).

A list that is not one queryset (history from several tables, a timeline of several kinds) is a
``LazyRows``: its length and each slice come from the database when the paginator asks, so only
the page shown is read. A long list whose rows join several tables is a ``keyed_rows``: the
page's keys are chosen first (a subquery), then only those rows read in full.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Count, Q

PAGE_SIZE = 50


class LazyRows:
    """A list whose length (``count()``, one query) and slices (``fetch(start, stop)``) are read
    on demand: what ``paginate`` takes when a page is assembled from more than one query."""

    def __init__(self, *, count, fetch):
        self._count = count
        self._fetch = fetch
        self._total = None

    def count(self) -> int:
        if self._total is None:
            self._total = self._count()
        return self._total

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, _ = index.indices(self.count())
            return list(self._fetch(start, stop)) if stop > start else []
        return self._fetch(index, index + 1)[0]


def merged_rows(*sources, key) -> LazyRows:
    """One list of several querysets, each already ordered by ``key`` descending (newest first),
    read a page at a time: a page of N rows reads at most ``stop`` rows of each source.

    ``sources`` are ``(queryset, convert)`` pairs; ``convert`` turns a list of the queryset's rows
    into the list's entries (it may read more, once per page, or drop rows)."""

    def count():
        return sum(queryset.count() for queryset, _ in sources)

    def fetch(start, stop):
        rows = []
        for queryset, convert in sources:
            rows += convert(list(queryset[:stop]))
        rows.sort(key=key, reverse=True)
        return rows[start:stop]

    return LazyRows(count=count, fetch=fetch)


def keyed_rows(queryset, *, rows, parts=None, convert=list) -> LazyRows:
    """A long list whose rows join several tables, read a page at a time in one query: the
    page's keys come from ``queryset`` (its filters and order, the keys only, which an index
    gives however many rows match) and only those rows are read in full from ``rows`` (the same
    table with what the page shows joined), in the same order. Sorting thousands of joined rows
    to show fifty cost more than the rest of the page. ``convert`` turns the page's rows into
    the list's entries (columns read with ``values_list`` into light objects, say).

    A list in an order no index gives (open actions first, then the rest, each by due date) is
    read in ``parts``: ``(filter, order)`` pairs that divide the list between them, one after
    another, each in an order an index gives. One query counts every part; a page's keys come
    from the parts it spans, so nothing sorts the whole list, however deep the page."""
    order = queryset.query.order_by
    if not parts:

        def fetch(start, stop):
            keys = queryset.values("pk")[start:stop]
            return convert(rows.filter(pk__in=keys).order_by(*order))

        return LazyRows(count=queryset.count, fetch=fetch)

    sizes = []

    def count():
        counted = queryset.order_by().aggregate(
            total=Count("pk"),
            **{f"part{n}": Count("pk", filter=where) for n, (where, _) in enumerate(parts[:-1])},
        )
        sizes[:] = [counted[f"part{n}"] for n in range(len(parts) - 1)]
        sizes.append(counted["total"] - sum(sizes))  # the parts divide the list between them
        return counted["total"]

    def fetch(start, stop):
        wanted, first = [], 0
        for size, (where, part_order) in zip(sizes, parts, strict=True):
            low, high = max(start - first, 0), min(stop - first, size)
            if low < high:
                keys = queryset.filter(where).order_by(*part_order).values("pk")[low:high]
                wanted.append(Q(pk__in=keys))
            first += size
        if not wanted:
            return []
        return convert(rows.filter(reduce(or_, wanted)).order_by(*order))

    return LazyRows(count=count, fetch=fetch)


@dataclass
class PageLink:
    number: int | None  # None: an ellipsis
    href: str = ""
    current: bool = False


class Page:
    """A page of items with the links the GOV.UK pagination component needs."""

    def __init__(self, page, *, request, param, fragment=""):
        self._page = page
        self.object_list = page.object_list
        self.number = page.number
        self.paginator = page.paginator
        self.count = page.paginator.count
        self.num_pages = page.paginator.num_pages
        self._query = {k: v for k, v in request.GET.lists() if k != param}
        self._param = param
        self._path = request.path
        self._fragment = f"#{fragment}" if fragment else ""
        self.param = param

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def href(self, number) -> str:
        query = dict(self._query)
        if number > 1:
            query[self._param] = [str(number)]
        encoded = urlencode(query, doseq=True)
        return (f"{self._path}?{encoded}" if encoded else self._path) + self._fragment

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_href(self) -> str:
        return self.href(self.number - 1) if self._page.has_previous() else ""

    @property
    def next_href(self) -> str:
        return self.href(self.number + 1) if self._page.has_next() else ""

    @property
    def start(self) -> int:
        return self._page.start_index()

    @property
    def end(self) -> int:
        return self._page.end_index()

    @property
    def links(self) -> list[PageLink]:
        """First, last, current and its neighbours; ellipses between (GOV.UK's pattern)."""
        shown = sorted(
            {1, self.num_pages, self.number - 1, self.number, self.number + 1}
            & set(range(1, self.num_pages + 1))
        )
        links, previous = [], 0
        for number in shown:
            if number - previous > 1:
                links.append(PageLink(number=None))
            links.append(
                PageLink(number=number, href=self.href(number), current=number == self.number)
            )
            previous = number
        return links


def paginate(request, items, *, per_page=PAGE_SIZE, param="page", fragment="") -> Page:
    """The page of ``items`` (a queryset, a list or ``LazyRows``) that ``?page=`` asks for (the
    last page if past the end); its links keep every other query parameter and end in
    ``#fragment`` when given."""
    paginator = Paginator(items, per_page)
    return Page(
        paginator.get_page(request.GET.get(param)), request=request, param=param, fragment=fragment
    )
