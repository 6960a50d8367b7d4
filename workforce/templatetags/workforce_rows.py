"""The workforce pages' long tables, written in Python with the toolkit's fast table
(``anchors.common.rows``): the overview's fifty anchors (two shares and a link each) and routes
into work, an anchor's fifty starter rows and twenty counts (a Remove form each). Through the
template engine (lookups, ``intcomma`` and a ``{% url %}`` for each) they cost more than the
rest of the page. The HTML is the same the templates wrote; every value is escaped by ``esc``."""

from django import template
from django.middleware.csrf import get_token

from anchors.common.rows import cell, day, esc, html_rows, pk_url, row
from workforce.models import Starter, StarterCount

register = template.Library()

NUMERIC = "govuk-table__cell--numeric"
NONE = "—"


def _number(value) -> str:
    """An integer as ``intcomma`` writes it (thousands separated by commas)."""
    return f"{value:,}" if isinstance(value, int) else esc(value)


def _percent(share) -> str:
    """A share's value (computed once) as the page shows it: 40.0%, or a dash."""
    value = share.value
    return f"{value:f}%" if value is not None else NONE


def _choices(model, name) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def _shared_as(figures) -> str:
    if not figures.starters:
        return "Nothing recorded"
    if figures.from_counts and figures.from_rows:
        return "Rows and counts"
    return "Counts only" if figures.from_counts else "Rows"


@register.simple_tag
def anchor_hiring_rows(lines, period, row_ids, all_rows):
    """The overview's rows by anchor (``AnchorFigures``): its name (a link to its starter rows
    for those who may see them), starters, the two shares, the edition and how it shared."""
    rows_url = pk_url("workforce:starter_list")
    query = f"?period={esc(period.pk)}"
    rows = []
    for line in lines:
        f, o = line.figures, line.organisation
        name = esc(o.short_name)
        if all_rows or o.pk in row_ids:
            name = f'<a class="govuk-link" href="{rows_url(o.pk)}{query}">{name}</a>'
        if f.edition:
            edition = f"IMD {esc(f.edition.code)}" + "".join(
                f"<br>(also {esc(s.denominator)} by IMD {esc(e.code)}, not counted)"
                for e, s in f.others
            )
        else:
            edition = NONE
        rows.append(
            row(
                [
                    f'<th scope="row" class="govuk-table__header">{name}</th>',
                    cell(_number(f.starters), NUMERIC),
                    cell(_percent(f.resident), NUMERIC),
                    cell(_percent(f.deprived), NUMERIC),
                    cell(edition, "govuk-body-s"),
                    cell(_shared_as(f), "govuk-body-s"),
                ]
            )
        )
    return html_rows(rows)


@register.simple_tag
def route_total_rows(lines):
    """The overview's routes into work (``RouteLine``): anchor, kind, programmes, people reached
    and progressions."""
    return html_rows(
        row(
            [
                f'<th scope="row" class="govuk-table__header">{esc(r.organisation)}</th>',
                cell(esc(r.kind)),
                cell(esc(r.programmes), NUMERIC),
                cell(_number(r.people_reached), NUMERIC),
                cell(_number(r.progressions), NUMERIC),
            ]
        )
        for r in lines
    )


def _remove(url, csrf, label, classes=""):
    return (
        f'<form method="post" action="{url}"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{csrf}"><button type="submit" class="govuk-button govuk-button--warning '
        f'govuk-!-margin-bottom-0{classes}" data-module="govuk-button">Remove<span '
        f'class="govuk-visually-hidden"> {label}</span></button></form>'
    )


@register.simple_tag(takes_context=True)
def starter_rows(context, starters, can_edit):
    """An anchor's starter rows (``Starter``, with their period and edition), each with a Remove
    form for those who may change them."""
    csrf = esc(get_token(context["request"])) if can_edit else ""
    remove_url = pk_url("workforce:starter_remove")
    bands = _choices(Starter, "role_band")
    routes = _choices(Starter, "route")
    rows = []
    for s in starters:
        started = day(s.start_date)
        if s.imd_decile:
            code = esc(s.edition.code) if s.edition else ""
            decile = f'{esc(s.imd_decile)} <span class="govuk-body-s">(IMD {code})</span>'
        else:
            decile = NONE
        cells = [
            cell(started, "app-nowrap"),
            cell(esc(s.period.short_label), "app-nowrap"),
            cell(esc(bands.get(s.role_band, s.role_band))),
            cell(esc(routes.get(s.route, s.route))),
            cell(esc(s.home_lsoa or "Not known")),
            cell(decile, NUMERIC),
            cell(NONE if s.in_area is None else "Yes" if s.in_area else "No"),
        ]
        if can_edit:
            label = f"the starter of {started}"
            cells.append(cell(_remove(remove_url(s.pk), csrf, label, " govuk-body-s")))
        rows.append(row(cells))
    return html_rows(rows)


@register.simple_tag(takes_context=True)
def starter_count_rows(context, counts, can_edit):
    """An anchor's counts (``StarterCount``, with their period and edition), each with a Remove
    form for those who may change them."""
    csrf = esc(get_token(context["request"])) if can_edit else ""
    remove_url = pk_url("workforce:starter_count_remove")
    routes = _choices(StarterCount, "route")
    rows = []
    for c in counts:
        period = esc(c.period.short_label)
        route = esc(routes.get(c.route, c.route))
        cells = [
            cell(period, "app-nowrap"),
            cell(route),
            cell(esc(c.starters), NUMERIC),
            cell(esc(c.resident_in_area), NUMERIC),
            cell(esc(c.from_deprived_deciles), NUMERIC),
            cell(
                f"IMD {esc(c.edition.code if c.edition else '')}, deciles 1–{esc(c.decile_cutoff)}",
                "govuk-body-s",
            ),
        ]
        if can_edit:
            label = f"the {route.lower()} count of {period}"
            cells.append(cell(_remove(remove_url(c.pk), csrf, label)))
        rows.append(row(cells))
    return html_rows(rows)


@register.simple_tag
def period_options(periods, chosen):
    """The overview's period choices, newest first, the chosen one selected (forty quarters of
    a ten-year collaborative)."""
    chosen_pk = chosen.pk if chosen else None
    return html_rows(
        f'<option value="{esc(p.pk)}"{" selected" if p.pk == chosen_pk else ""}>'
        f"{esc(p.label)}</option>"
        for p in reversed(periods)
    )
