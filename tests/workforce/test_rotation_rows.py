"""The rotation page's cohort and placements rows written in Python (workforce/templatetags/
rotation_rows.py) write what the template's loops wrote; its history, read with fewer queries,
is the toolkit's merged history page for page; and a page of history keeps the rest of the
page."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from anchors.common.history import history_rows
from anchors.models import Organisation, Role
from tests.anchors.factories import OrganisationFactory, login_for
from tests.workforce.factories import rotation_setting
from workforce.selectors import rotations as selectors
from workforce.services import rotations as services
from workforce.templatetags.rotation_rows import member_rows, placement_rows

pytestmark = pytest.mark.django_db

# The loops the rotation page's template had, before the rows were written in Python.
MEMBER_LOOP = """{% for m in members %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{ m.apprentice.reference }}</th>
      <td class="govuk-table__cell">{{ m.apprentice.programme.organisation.short_name }}</td>
      <td class="govuk-table__cell"><a class="govuk-link" href="{{ m.apprentice.programme.get_absolute_url }}">{{ m.apprentice.programme.standard_name }}</a></td>
      <td class="govuk-table__cell app-nowrap govuk-body-s">{{ m.apprentice.start_date|date:"j M Y" }} to {{ m.apprentice.expected_end_date|date:"j M Y" }}</td>
      {% if can_manage %}<td class="govuk-table__cell"><form method="post" action="{% url 'workforce:member_remove' m.pk %}">{% csrf_token %}<button type="submit" class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">Remove<span class="govuk-visually-hidden"> {{ m.apprentice.reference }} from the cohort</span></button></form></td>{% endif %}
    </tr>
{% endfor %}"""  # noqa: E501 - the template's lines as they were
PLACEMENT_LOOP = """{% for p in placements %}
    <tr class="govuk-table__row">
      <th scope="row" class="govuk-table__header">{{ p.apprentice.reference }}{% if p.flagged %}<br><strong class="govuk-tag govuk-tag--red">Breaks a rule</strong>{% endif %}</th>
      <td class="govuk-table__cell">{{ p.host.organisation.short_name }}</td>
      <td class="govuk-table__cell app-nowrap">{{ p.start_date|date:"j M Y" }}</td>
      <td class="govuk-table__cell app-nowrap">{{ p.end_date|date:"j M Y" }}</td>
      <td class="govuk-table__cell govuk-body-s">{{ p.supervisor|default:"—" }}</td>
      <td class="govuk-table__cell govuk-body-s">{{ p.learning_objectives|default:"—"|truncatewords:30 }}</td>
      <td class="govuk-table__cell">{% if p.can_change %}<a class="govuk-link" href="{% url 'workforce:placement_edit' p.pk %}">Change<span class="govuk-visually-hidden"> the placement of {{ p.apprentice.reference }} from {{ p.start_date|date:"j M Y" }}</span></a>{% endif %}</td>
    </tr>
{% endfor %}"""  # noqa: E501 - the template's lines as they were


def _squeezed(html) -> str:
    return "".join(line.strip() for line in str(html).splitlines())


@pytest.fixture
def planned(collaborative, org_a, org_b, facilitator):
    org_c = OrganisationFactory(
        collaborative=collaborative,
        name="Gamma <Foundation> Trust",
        short_name="Gamma & Co",
        kind=Organisation.Kind.NHS_TRUST,
    )
    rotation, hosts, _ = rotation_setting(
        collaborative=collaborative, organisations=[org_a, org_b, org_c]
    )
    proposal = selectors.rotation_proposal(
        rotation,
        hosts=selectors.rotation_hosts(rotation),
        members=selectors.rotation_members(rotation),
    )
    services.proposal_accept(
        user=facilitator,
        rotation=rotation,
        fingerprint=selectors.proposal_fingerprint(rotation, proposal),
    )
    rotation.refresh_from_db()
    return rotation


def _context(rows_context):
    request = RequestFactory().get("/")
    return Context({**rows_context, "request": request, "csrf_token": "tok<en>"})


@pytest.mark.parametrize("can_manage", [True, False])
def test_cohort_rows_are_the_html_the_template_wrote(planned, can_manage):
    members = selectors.rotation_members(planned)
    assert members
    context = _context({"members": members, "can_manage": can_manage})
    expected = Template(MEMBER_LOOP).render(context)
    assert _squeezed(member_rows(context, members, can_manage)) == _squeezed(expected)


def test_placement_rows_are_the_html_the_template_wrote(planned):
    placements = selectors.rotation_page_placements(planned)
    assert len(placements) > 2
    long_text = " ".join(f"word{i} <b>&" for i in range(40))
    for i, placement in enumerate(placements):
        placement.can_change = i % 2 == 0
        placement.flagged = i % 3 == 0
        placement.supervisor = ["", "Head <of> Service", "Lead & nurse"][i % 3]
        placement.learning_objectives = ["", "Short aims", long_text][i % 3]
    expected = Template(PLACEMENT_LOOP).render(_context({"placements": placements}))
    assert _squeezed(placement_rows(placements)) == _squeezed(expected)
    assert "Breaks a rule" in expected
    assert "word14 &lt;b&gt;&amp; …" in expected  # 30 words, then the ellipsis


def _shown(entries):
    return [
        (
            e.when,
            e.who,
            e.action,
            e.subject,
            e.reason,
            [(c.field, c.before, c.after) for c in e.changes],
        )
        for e in entries
    ]


def test_the_history_is_the_toolkits_merge_page_for_page(planned):
    host = selectors.rotation_hosts(planned)[0]
    sponsor = login_for(organisation=host.organisation, role=Role.SENIOR_SPONSOR)
    services.host_sign_off(user=sponsor, host=host)  # a change, not only creations
    merged = history_rows(*selectors._history_sources(planned))
    mine = selectors.rotation_history(planned)
    assert mine.count() == merged.count() > 10
    total = merged.count()
    for start in range(0, total + 10, 5):
        assert _shown(mine[start : start + 5]) == _shown(merged[start : start + 5]), start
    assert _shown(mine[0:total]) == _shown(merged[0:total])


def test_a_page_of_history_reads_only_the_tables_on_it(planned):
    merged = history_rows(*selectors._history_sources(planned))
    with CaptureQueriesContext(connection) as toolkit:
        merged.count(), merged[0:5]
    mine = selectors.rotation_history(planned)
    with CaptureQueriesContext(connection) as fewer:
        mine.count(), mine[0:5]
    assert len(fewer) < len(toolkit)


def test_a_page_of_history_keeps_the_rest_of_the_page(planned, facilitator, client_for):
    client = client_for(facilitator)
    first = client.get(planned.get_absolute_url()).content.decode()
    later = client.get(planned.get_absolute_url() + "?history_page=2").content.decode()
    for html in (first, later):
        assert "Timeline of placements" in html
        assert 'id="cohort"' in html
        assert 'id="placements"' in html
        for placement in selectors.rotation_page_placements(planned):
            assert placement.apprentice.reference in html
    assert "history_page=2#history" in first
    assert "history_page=1" not in later  # its previous page is the first: no parameter
    assert first != later
