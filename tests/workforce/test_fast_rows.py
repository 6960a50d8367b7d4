"""The workforce tables written in Python (``workforce.templatetags.workforce_rows``) write what
the templates' rows wrote: the rows the templates had are kept here and rendered beside the tags
for the same figures (a thousands separator, a share, a dash, an escaped name, a link, a Remove
form). The overview's routes into work come a page at a time (``?routes_page=``), the period
kept and the page's other tables whole."""

import re

import pytest
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from anchors.models import Organisation
from tests.anchors.factories import OrganisationFactory
from tests.workforce.factories import (
    RouteActivityFactory,
    RouteProgrammeFactory,
    StarterCountFactory,
    StarterFactory,
)
from workforce.models import DeprivationEdition
from workforce.selectors.hiring import AnchorFigures, Figures, Share, starter_counts, starter_rows
from workforce.selectors.routes import RouteLine

pytestmark = pytest.mark.django_db

OLD_ANCHOR_ROWS = """{% load humanize %}{% for line in lines %}{% with f=line.figures o=line.organisation %}
<tr class="govuk-table__row">
  <th scope="row" class="govuk-table__header">{% if all_rows or o.pk in row_ids %}<a class="govuk-link" href="{% url 'workforce:starter_list' o.pk %}?period={{ period.pk }}">{{ o.short_name }}</a>{% else %}{{ o.short_name }}{% endif %}</th>
  <td class="govuk-table__cell govuk-table__cell--numeric">{{ f.starters|intcomma }}</td>
  <td class="govuk-table__cell govuk-table__cell--numeric">{% if f.resident.value is not None %}{{ f.resident.value }}%{% else %}—{% endif %}</td>
  <td class="govuk-table__cell govuk-table__cell--numeric">{% if f.deprived.value is not None %}{{ f.deprived.value }}%{% else %}—{% endif %}</td>
  <td class="govuk-table__cell govuk-body-s">{% if f.edition %}IMD {{ f.edition.code }}{% for e, s in f.others %}<br>(also {{ s.denominator }} by IMD {{ e.code }}, not counted){% endfor %}{% else %}—{% endif %}</td>
  <td class="govuk-table__cell govuk-body-s">{% if not f.starters %}Nothing recorded{% elif f.from_counts and f.from_rows %}Rows and counts{% elif f.from_counts %}Counts only{% else %}Rows{% endif %}</td>
</tr>
{% endwith %}{% endfor %}"""  # noqa: E501

OLD_ROUTE_ROWS = """{% load humanize %}{% for r in routes %}
<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{{ r.organisation }}</th><td class="govuk-table__cell">{{ r.kind }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.programmes }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.people_reached|intcomma }}</td><td class="govuk-table__cell govuk-table__cell--numeric">{{ r.progressions|intcomma }}</td></tr>
{% endfor %}"""  # noqa: E501

OLD_STARTER_ROWS = """{% for s in rows %}
<tr class="govuk-table__row">
  <td class="govuk-table__cell app-nowrap">{{ s.start_date|date:"j M Y" }}</td>
  <td class="govuk-table__cell app-nowrap">{{ s.period.short_label }}</td>
  <td class="govuk-table__cell">{{ s.get_role_band_display }}</td>
  <td class="govuk-table__cell">{{ s.get_route_display }}</td>
  <td class="govuk-table__cell">{{ s.home_lsoa|default:"Not known" }}</td>
  <td class="govuk-table__cell govuk-table__cell--numeric">{% if s.imd_decile %}{{ s.imd_decile }} <span class="govuk-body-s">(IMD {{ s.edition.code }})</span>{% else %}—{% endif %}</td>
  <td class="govuk-table__cell">{% if s.in_area is None %}—{% elif s.in_area %}Yes{% else %}No{% endif %}</td>
  {% if can_edit %}<td class="govuk-table__cell"><form method="post" action="{% url 'workforce:starter_remove' s.pk %}">{% csrf_token %}<button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0 govuk-body-s" data-module="govuk-button">Remove<span class="govuk-visually-hidden"> the starter of {{ s.start_date|date:"j M Y" }}</span></button></form></td>{% endif %}
</tr>
{% endfor %}"""  # noqa: E501

OLD_COUNT_ROWS = """{% for c in rows %}
<tr class="govuk-table__row">
  <td class="govuk-table__cell app-nowrap">{{ c.period.short_label }}</td>
  <td class="govuk-table__cell">{{ c.get_route_display }}</td>
  <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.starters }}</td>
  <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.resident_in_area }}</td>
  <td class="govuk-table__cell govuk-table__cell--numeric">{{ c.from_deprived_deciles }}</td>
  <td class="govuk-table__cell govuk-body-s">IMD {{ c.edition.code }}, deciles 1–{{ c.decile_cutoff }}</td>
  {% if can_edit %}<td class="govuk-table__cell"><form method="post" action="{% url 'workforce:starter_count_remove' c.pk %}">{% csrf_token %}<button type="submit" class="govuk-button govuk-button--warning govuk-!-margin-bottom-0" data-module="govuk-button">Remove<span class="govuk-visually-hidden"> the {{ c.get_route_display|lower }} count of {{ c.period.short_label }}</span></button></form></td>{% endif %}
</tr>
{% endfor %}"""  # noqa: E501


def _html(text) -> str:
    """HTML without the whitespace between tags and with the (per-call) CSRF masks alike."""
    text = re.sub(r">\s+<", "><", str(text).strip())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', text)


def _both(old, tag, context):
    request = RequestFactory().get("/")
    engine = engines["django"]
    before = engine.from_string(old).render(context, request)
    after = engine.from_string("{% load workforce_rows %}" + tag).render(context, request)
    assert _html(after)  # rows were written
    return _html(before), _html(after)


def test_anchor_rows_are_the_templates(period):
    e2019 = DeprivationEdition(code="2019", name="IMD 2019")
    e2015 = DeprivationEdition(code="2015", name="IMD 2015")
    lines = [
        AnchorFigures(
            Organisation(pk=7, short_name="Barts & <Royal>"),
            Figures(
                starters=12345,
                from_rows=345,
                from_counts=12000,
                resident=Share(2, 3),
                edition=e2019,
                deprived=Share(1000, 12345),
                others=[(e2015, Share(4, 1234))],
            ),
        ),
        AnchorFigures(Organisation(pk=8, short_name="Homerton"), Figures()),
        AnchorFigures(
            Organisation(pk=9, short_name="Council"),
            Figures(starters=5, from_counts=5, resident=Share(0, 5)),
        ),
        AnchorFigures(
            Organisation(pk=10, short_name="College"),
            Figures(starters=4, from_rows=4, resident=Share(4, 4), edition=e2019),
        ),
    ]
    for all_rows, row_ids in ((True, None), (False, {7, 9})):
        context = {"lines": lines, "period": period, "row_ids": row_ids, "all_rows": all_rows}
        before, after = _both(
            OLD_ANCHOR_ROWS, "{% anchor_hiring_rows lines period row_ids all_rows %}", context
        )
        assert after == before
    assert "12,345" in after
    assert "66.7%" in after
    assert "8.1%" in after
    assert "0.0%" in after
    assert "Barts &amp; &lt;Royal&gt;" in after
    assert f'href="/workforce/starters/7/?period={period.pk}"' in after
    assert 'href="/workforce/starters/8/' not in after  # not one of theirs


def test_route_rows_are_the_templates():
    routes = [
        RouteLine("Barts & Co", "Volunteer programme", 3, 12500, 1200),
        RouteLine("Homerton", "School or college partnership", 0, 0, 0),
    ]
    before, after = _both(OLD_ROUTE_ROWS, "{% route_total_rows routes %}", {"routes": routes})
    assert after == before
    assert "12,500" in after
    assert "Barts &amp; Co" in after


def test_starter_and_count_rows_are_the_templates(anchors, period, earlier):
    org_a = anchors[0]
    StarterFactory(organisation=org_a, period=period, role_band="8a", route="apprenticeship")
    StarterFactory(
        organisation=org_a,
        period=earlier,
        home_lsoa="",
        imd_decile=None,
        edition=None,
        in_area=None,
    )
    StarterFactory(organisation=org_a, period=period, in_area=False)
    StarterCountFactory(organisation=org_a, period=period, route="volunteering", starters=1500)
    StarterCountFactory(organisation=org_a, period=earlier)
    starters = list(starter_rows(organisation=org_a))
    counts = list(starter_counts(organisation=org_a))
    for can_edit in (True, False):
        context = {"rows": starters, "can_edit": can_edit}
        before, after = _both(OLD_STARTER_ROWS, "{% starter_rows rows can_edit %}", context)
        assert after == before
        assert ("Remove" in after) == can_edit
        assert "Not known" in after
        assert ">Apprenticeship<" in after
        context = {"rows": counts, "can_edit": can_edit}
        before, after = _both(OLD_COUNT_ROWS, "{% starter_count_rows rows can_edit %}", context)
        assert after == before
    assert ">1500<" in after
    assert "Remove" not in after


def test_overview_routes_come_a_page_at_a_time_with_the_period_kept(
    client_for, collaborative, viewer, anchors, period
):
    for n in range(13):
        name = f"Route org {n:02}"
        org = OrganisationFactory(collaborative=collaborative, name=name, short_name=name)
        for kind in ("volunteering", "school_college"):
            RouteActivityFactory(
                programme=RouteProgrammeFactory(organisation=org, kind=kind), period=period
            )
    client = client_for(viewer)
    url = reverse("workforce:index") + f"?period={period.pk}"
    first = client.get(url).content.decode()
    row = (
        '<th scope="row" class="govuk-table__header">Route org 12</th>'
        '<td class="govuk-table__cell">Volunteer programme</td>'
    )
    routes_first = first.split('id="routes"')[1]
    assert "Showing 1 to 25 of 26 rows" in routes_first
    assert row not in routes_first
    assert f'href="/workforce/?period={period.pk}&amp;routes_page=2#routes"' in routes_first
    second = client.get(url + "&routes_page=2").content.decode()
    routes_second = second.split('id="routes"')[1]
    assert "Showing 26 to 26 of 26 rows" in routes_second
    assert row in routes_second
    assert "Route org 00</th>" not in routes_second

    # The anchors' table is the period's, whole, whatever page of routes is shown.
    def by_anchor(html):
        return html.split('id="by-anchor"')[1].split("</table>")[0]

    assert by_anchor(first) == by_anchor(second)
    assert ">Route org 00</th>" in by_anchor(second)  # (no link: a viewer)


OLD_PERIOD_OPTIONS = """{% for p in periods reversed %}<option value="{{ p.pk }}"{% if period and p.pk == period.pk %} selected{% endif %}>{{ p.label }}</option>{% endfor %}"""  # noqa: E501


def test_period_options_are_the_templates(period, earlier):
    for chosen in (period, earlier, None):
        context = {"periods": [earlier, period], "period": chosen}
        before, after = _both(OLD_PERIOD_OPTIONS, "{% period_options periods period %}", context)
        assert after == before
    assert after.index(period.label) < after.index(earlier.label)
