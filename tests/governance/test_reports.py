"""The quarterly HWB report: built from data, the board's five questions each answered by a
named section, a published report frozen, drafts private, the PDF made by its task."""

import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from anchors.common.locking import version_of
from anchors.common.outbox.models import OutboxMessage
from governance.models import Report
from governance.selectors.reports import (
    QUESTIONS,
    SECTION_HEADINGS,
    report_content,
    with_narrative,
)
from governance.services import reports as services
from metrics.models import MetricValue
from tests.governance.pdf_text import pdf_text
from tests.governance.report_fixtures import build

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(collaborative, org_a, org_b, facilitator, sponsor_a):
    return build(collaborative, orgs=[org_a, org_b], facilitator=facilitator, sponsor=sponsor_a)


@pytest.fixture
def draft(data, collaborative, facilitator):
    return services.report_create(
        user=facilitator, collaborative=collaborative, period=data["periods"][1]
    )


def _publish(report, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.report_publish(user=user, report=report, version=version_of(report))


def test_each_of_the_boards_five_questions_is_answered_by_a_named_section(data, collaborative):
    content = report_content(collaborative=collaborative, period=data["periods"][1])
    keys = {s["key"] for s in content["sections"]}
    assert [a["number"] for a in content["answers"]] == [1, 2, 3, 4, 5]
    for answer, (number, question, key) in zip(content["answers"], QUESTIONS, strict=True):
        assert answer["question"] == question
        assert answer["section"] in keys
        assert answer["section_heading"] == SECTION_HEADINGS[key]
        assert answer["answer"], f"question {number} has no answer from data"
    by_number = {a["number"]: a["answer"] for a in content["answers"]}
    # From data: the roadmap's recommendations, the objectives, the metrics' RAG and social
    # value, the governance tree and the delegated-authority register.
    assert "Recommendations: 0 of 1 done, 1 in progress" in by_number[1]
    assert "1 shared objectives" in by_number[2]
    # 2 anchors × 25 a quarter: Q2's year to date is 100 against 400 × 2/4 = 200 expected: red.
    assert "2 metrics with a collective target, 0 are green, 0 amber and 2 red" in by_number[3]
    assert "£10,000" in by_number[3]  # 2 metrics × 50 × £100
    assert "2 groups reporting up to Health and Wellbeing Board" in by_number[4]
    assert "1 person in 2 organisations holds 2 delegated authorities" in by_number[5]


def test_the_report_page_shows_each_question_with_its_section(data, draft, client_for, facilitator):
    html = client_for(facilitator).get(reverse("governance:report_detail", args=[draft.pk]))
    text = html.content.decode()
    for _number, question, key in QUESTIONS:
        assert question.replace("'", "&#x27;") in text
        assert f'href="#section-{key}"' in text
        assert f'id="section-{key}"' in text


def test_a_published_report_keeps_its_figures_after_the_data_changes(
    data, draft, facilitator, client_for, django_capture_on_commit_callbacks
):
    report = _publish(draft, facilitator, django_capture_on_commit_callbacks)
    url = reverse("governance:report_detail", args=[report.pk])
    before = client_for(facilitator).get(url).content.decode()
    assert "£10,000" in before
    # A value is corrected after publishing: the live figures change, the report does not.
    MetricValue.objects.filter(period=data["periods"][1]).update(value=Decimal("250"))
    live = report_content(collaborative=report.collaborative, period=data["periods"][1])
    assert "£10,000" not in live["answers"][2]["answer"]
    after = client_for(facilitator).get(url).content.decode()
    assert "£10,000" in after
    assert re.findall(r"£[\d,]+", before) == re.findall(r"£[\d,]+", after)


def test_hwb_members_see_published_reports_only(
    data,
    draft,
    collaborative,
    facilitator,
    hwb_member,
    client_for,
    django_capture_on_commit_callbacks,
):
    client = client_for(hwb_member)
    detail = reverse("governance:report_detail", args=[draft.pk])
    assert client.get(detail).status_code == 404
    assert draft.title not in client.get(reverse("governance:report_list")).content.decode()
    assert client.get(detail + "?download=metrics").status_code == 404
    _publish(draft, facilitator, django_capture_on_commit_callbacks)
    client = client_for(hwb_member)
    assert client.get(detail).status_code == 200
    assert draft.title in client.get(reverse("governance:report_list")).content.decode()


def test_only_the_facilitator_publishes(data, draft, sponsor_a, client_for):
    response = client_for(sponsor_a).post(
        reverse("governance:report_publish", args=[draft.pk]), {"version": version_of(draft)}
    )
    assert response.status_code == 404  # a draft is not even visible to others
    draft.refresh_from_db()
    assert draft.state == Report.State.DRAFT


def _pdf_text(pdf: bytes) -> str:
    """The PDF's raw text and every stream decompressed (metadata and page content)."""
    return pdf_text(pdf)


def test_publishing_makes_a_valid_tagged_pdf_with_the_periods_title(
    data, draft, facilitator, hwb_member, client_for, django_capture_on_commit_callbacks
):
    report = _publish(draft, facilitator, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.pdf_state == Report.PdfState.READY
    response = client_for(hwb_member).get(reverse("governance:report_pdf", args=[report.pk]))
    assert response.status_code == 200
    pdf = b"".join(response.streaming_content)
    assert pdf.startswith(b"%PDF")
    text = _pdf_text(pdf)
    # The document title (XMP metadata, PDF/UA) carries the period's title.
    assert report.title in text
    # The facilitator's answer to a question is in the PDF too (the page text is in fonts'
    # glyph codes, so this is checked on the HTML WeasyPrint is given).
    html = render_to_string(
        "governance/report_pdf.html",
        {"report": report, "content": with_narrative(report.snapshot, {"q4": "Under the HWB."})},
    )
    assert "Under the HWB." in html
    assert "2025/26 Q2" in report.title
    assert "pdfuaid:part" in text or "pdfuaid" in text
    assert "/StructTreeRoot" in pdf.decode("latin-1") + text  # tagged


def test_the_pdf_task_runs_once_per_publication(
    data, draft, facilitator, django_capture_on_commit_callbacks
):
    _publish(draft, facilitator, django_capture_on_commit_callbacks)
    messages = OutboxMessage.objects.filter(task="governance.report_pdf_make")
    assert messages.count() == 1
    assert messages.get().done_at is not None


def test_every_table_downloads_as_csv_and_excel(data, draft, facilitator, client_for):
    client = client_for(facilitator)
    url = reverse("governance:report_detail", args=[draft.pk])
    csv = client.get(url + "?download=metrics")
    assert csv["Content-Type"].startswith("text/csv")
    assert "LOC-00" in csv.content.decode("utf-8-sig")
    xlsx = client.get(url + "?download=decisions&format=xlsx")
    assert xlsx.content[:2] == b"PK"


def test_the_facilitator_edits_the_narrative_and_answers(data, draft, facilitator, client_for):
    client = client_for(facilitator)
    url = reverse("governance:report_edit", args=[draft.pk])
    response = client.post(
        url,
        {
            "title": draft.title,
            "version": version_of(draft),
            "progress": "Both workstreams moved on.",
            "q4": "Under the HWB, through the senior leaders' board.",
        },
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Both workstreams moved on." in html
    assert "through the senior leaders&#x27; board." in html


def test_a_stale_narrative_edit_is_refused(data, draft, facilitator, client_for):
    client = client_for(facilitator)
    url = reverse("governance:report_edit", args=[draft.pk])
    old = version_of(draft)
    assert client.post(url, {"title": "First", "version": old}).status_code == 302
    response = client.post(url, {"title": "Second", "version": old})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.title == "First"


def test_two_quarters_side_by_side(
    data, draft, collaborative, facilitator, client_for, django_capture_on_commit_callbacks
):
    _publish(draft, facilitator, django_capture_on_commit_callbacks)
    second = services.report_create(
        user=facilitator, collaborative=collaborative, period=data["periods"][2]
    )
    html = (
        client_for(facilitator)
        .get(reverse("governance:report_compare") + f"?a={draft.pk}&b={second.pk}")
        .content.decode()
    )
    assert "2025/26 Q2" in html
    assert "2025/26 Q3" in html
    assert html.count("Metrics against targets") >= 1


def test_the_demo_has_a_published_report_for_the_last_quarter_and_a_draft_for_this_one(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--quiet-logins", stdout=io.StringIO())
    reports = list(
        Report.objects.select_related("period").order_by(
            "period__financial_year", "period__quarter"
        )
    )
    assert [r.state for r in reports] == [Report.State.PUBLISHED, Report.State.DRAFT]
    published, draft = reports
    today = timezone.localdate()
    assert published.period.end_date < today <= draft.period.end_date
    assert draft.period.start_date <= today
    assert published.snapshot["answers"][3]["answer"].startswith("Governance sits in a tree")
    assert published.pdf_state == Report.PdfState.READY
