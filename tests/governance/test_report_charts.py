"""The quarterly report's charts in the PDF: drawn as static, accessible SVG from the report's own
tables (each followed by its table), in the HTML WeasyPrint is given and in the PDF it makes."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from anchors.common.charts import svg_bar_chart, svg_line_chart
from anchors.common.locking import version_of
from governance.models import Report
from governance.services import reports as services
from tests.anchors.factories import ParticipationFactory, WorkstreamFactory
from tests.governance.pdf_text import pdf_text
from tests.governance.report_fixtures import build

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def _texts(svg: str) -> list[str]:
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_a_bar_chart_is_accessible_svg_with_its_values_as_text():
    svg = svg_bar_chart(
        key="demo",
        title="Spend by <anchor>",
        description="Bars: Hackney 12; ELFT 3.5.",
        labels=["Hackney", "ELFT"],
        values=[12, 3.5],
        value_axis="£ millions",
    )
    root = ET.fromstring(svg)  # noqa: S314 - our own output (and it is well-formed XML)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "svg-demo-title svg-demo-desc"
    assert root.find(f"{SVG}title").text == "Spend by <anchor>"  # escaped, read back
    assert root.find(f"{SVG}desc").text == "Bars: Hackney 12; ELFT 3.5."
    texts = _texts(svg)
    assert {"Hackney", "ELFT", "12", "3.5", "£ millions", "0"} <= set(texts)
    assert len(root.findall(f"{SVG}rect")) == 3  # the background and a bar each


def test_a_line_chart_labels_its_axes_and_writes_every_value():
    svg = svg_line_chart(
        key="trend",
        title="Mean score",
        description="Two lines over two quarters.",
        x_labels=["Q1", "Q2"],
        series=[("Common agenda", [2.5, 3]), ("Backbone support", [None, 4])],
        x_axis="Quarter",
        y_axis="Mean score (1 to 5)",
        y_max=5,
    )
    texts = _texts(svg)
    assert {"Q1", "Q2", "Quarter", "Mean score (1 to 5)", "5"} <= set(texts)
    assert "Common agenda: Q1 2.5, Q2 3" in texts
    assert "Backbone support: Q1 none, Q2 4" in texts
    root = ET.fromstring(svg)  # noqa: S314
    assert len(root.findall(f"{SVG}polyline")) == 1  # a single point draws no line
    assert len(root.findall(f"{SVG}circle")) == 3


@pytest.fixture
def published(
    collaborative, org_a, org_b, facilitator, sponsor_a, django_capture_on_commit_callbacks
):
    data = build(collaborative, orgs=[org_a, org_b], facilitator=facilitator, sponsor=sponsor_a)
    procurement = WorkstreamFactory(collaborative=collaborative, name="Procurement")
    for organisation in (org_a, org_b):
        ParticipationFactory(workstream=procurement, organisation=organisation)
    draft = services.report_create(
        user=facilitator, collaborative=collaborative, period=data["periods"][1]
    )
    with django_capture_on_commit_callbacks(execute=True):
        return services.report_publish(user=facilitator, report=draft, version=version_of(draft))


def test_the_pdfs_html_draws_each_chart_as_svg_before_its_table(published):
    html = services.render_pdf_html(published)
    svgs = re.findall(r"<svg .*?</svg>", html, re.S)
    ids = [re.search(r'id="(svg-[\w-]+)"', svg).group(1) for svg in svgs]
    assert ids == ["svg-workstreams", "svg-metrics", "svg-assessment"]
    for svg in svgs:
        root = ET.fromstring(svg)  # noqa: S314 - well-formed, so WeasyPrint can read it
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title").text
        assert root.find(f"{SVG}desc").text
    # Each chart is followed by its table (the accessible alternative), which is still there.
    for chart_title, caption in [
        ("Organisations taking part, by workstream", "Workstreams: status, participants"),
        ("Metrics by status against their collective targets", "Each metric: this quarter"),
        ("Collective-impact self-assessment: mean score by quarter", "<caption>Collective-impact"),
    ]:
        assert html.index(chart_title) < html.index(caption)
    assessment = svgs[2]
    assert "Mean score (1 to 5)" in assessment
    table_quarters = re.search(r"<caption>Collective-impact.*?</thead>", html, re.S).group(0)
    for quarter in re.findall(r'<th scope="col"[^>]*>(\d{4}/\d{2} Q\d)</th>', table_quarters):
        assert quarter in assessment


def test_the_charts_come_from_the_frozen_snapshot(published, collaborative):
    before = services.render_pdf_html(published)
    published.snapshot["sections"][0]["tables"][0]["rows"][0][2] = 41
    published.save(update_fields=["snapshot"])
    published.refresh_from_db()
    after = services.render_pdf_html(published)
    assert before != after
    assert ">41</text>" in after


def test_the_pdf_with_its_charts_still_builds_tagged(published):
    published.refresh_from_db()
    assert published.pdf_state == Report.PdfState.READY
    pdf = services.render_pdf(published)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert "/StructTreeRoot" in text  # tagged
    assert "pdfuaid" in text  # PDF/UA, as before the charts
    # The charts' vector drawing makes the PDF larger than the same report without them.
    published.snapshot = {
        **published.snapshot,
        "sections": [
            {
                **s,
                "tables": [
                    t
                    for t in s["tables"]
                    if t["key"] not in ("workstreams", "metrics", "assessment")
                ],
            }
            for s in published.snapshot["sections"]
        ],
    }
    assert len(services.render_pdf(published)) < len(pdf)


def test_the_web_version_shows_the_same_charts_before_their_tables(
    published, hwb_member, client_for
):
    page = client_for(hwb_member).get(reverse("governance:report_detail", args=[published.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for key, caption in [
        ("workstreams", "Workstreams: status, participants"),
        ("metrics", "Each metric: this quarter"),
        ("assessment", "Collective-impact self-assessment: mean score by quarter</caption>"),
    ]:
        assert html.index(f'id="svg-{key}"') < html.index(caption)
    assert html.count('role="img"') >= 3
