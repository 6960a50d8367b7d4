"""Table rows written in Python: the toolkit's fast table.

A list page shows fifty rows, a grid hundreds of cells, a form hundreds of options; through the
template engine (a lookup, a filter, a ``{% url %}`` and an include for each) they cost several
times the rest of the page. Pages whose rows dominate their time write them with these helpers
instead, in a template tag of their app, and the tag returns the rows as safe HTML:

    edit = pk_url("anchors:action_edit")           # reverse() once, the pk put in per row
    cells = [f'<a class="govuk-link" href="{edit(a.pk)}">{esc(a.description)}</a>', day(a.due)]
    return html_rows(row(cells) for a in actions)

Every value goes through ``esc`` (the standard library's escaping, which Django's equals; text
already marked safe is kept as it is), so nothing typed by a user reaches the page unescaped.
"""

from collections.abc import Callable, Iterable
from html import escape

from django.urls import reverse
from django.utils.dates import MONTHS_3
from django.utils.safestring import SafeString, mark_safe

MONTHS = {number: name.title() for number, name in MONTHS_3.items()}


def esc(value) -> str:
    """``value`` as HTML text: escaped, or as it is when already safe HTML; nothing for None."""
    if value is None:
        return ""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape(str(value))


def pk_url(name: str, *args) -> Callable[[object], str]:
    """The URL of ``name`` for any pk (its last argument), reversed once: ``pk_url(name)(7)``."""
    pattern = reverse(name, args=[*args, 0])
    head, _, tail = pattern.rpartition("/0/")
    return lambda pk: f"{head}/{pk}/{tail}"


def day(value, empty: str = "") -> str:
    """A date as the portal shows it in tables (Django's ``j M Y``): 3 Mar 2027."""
    if value is None:
        return empty
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def tag(text, modifier: str = "") -> str:
    """A GOV.UK tag: ``tag("Done", "govuk-tag--green")``."""
    classes = f"govuk-tag {modifier}" if modifier else "govuk-tag"
    return f'<strong class="{classes}">{esc(text)}</strong>'


def cell(content: str = "", classes: str = "") -> str:
    """A table cell of HTML already escaped (``esc``)."""
    return f'<td class="govuk-table__cell{" " + classes if classes else ""}">{content}</td>'


def row(cells: Iterable[str]) -> str:
    return f'<tr class="govuk-table__row">{"".join(cells)}</tr>'


def html_rows(parts: Iterable[str]) -> SafeString:
    """Rows (or cells) built with ``esc`` above, as safe HTML for the template."""
    return mark_safe("\n".join(parts))  # noqa: S308 - every value escaped by esc()
