"""The quarterly HWB report: its sections built from data, the board's five questions each
answered by a named section, and the reports a person may see.

``report_content`` returns plain JSON values (headings, tables of strings and numbers, the
answers): a draft is built afresh each time it is shown; publishing stores the same dict in
``Report.snapshot``, so a published report never changes after the data is corrected.
"""

from decimal import Decimal

from django.utils import timezone

from anchors.permissions.roles import is_facilitator
from governance.models import Report
from governance.selectors import figures
from governance.selectors.report_tables import (
    authority_rows,
    barrier_rows,
    decision_rows,
    escalation_rows,
    governance_rows,
    objective_rows,
    recommendation_rows,
    self_assessment_rows,
)
from metrics.formatting import format_figure

# The board's questions (the seed's "Questions for HWB"), each answered by one named section.
QUESTIONS = [
    (
        1,
        "What steps can the HWB partnership take to ensure that local anchor organisations are "
        "working collaboratively to maximise the economic and social impact in our local "
        "community?",
        "roadmap",
    ),
    (2, "What should be our focus over the next four years?", "focus"),
    (3, "How can we bring all of this work together to demonstrate collective impact?", "metrics"),
    (4, "Where should the governance structures sit for this work?", "governance"),
    (
        5,
        "Who, in each organisation, will have delegated authority to ensure any new AI "
        "objectives are fulfilled?",
        "authority",
    ),
]

SECTION_ORDER = [
    ("progress", "Progress by workstream"),
    ("metrics", "Metrics against targets"),
    ("decisions", "Decisions and escalations"),
    ("barriers", "Barriers"),
    ("roadmap", "Roadmap: the seven recommendations"),
    ("focus", "Focus: the shared objectives"),
    ("governance", "Where governance sits"),
    ("authority", "Delegated authority"),
    ("assessment", "Collective-impact self-assessment"),
    ("workforce", "Local hiring and routes into work"),
]
SECTION_HEADINGS = dict(SECTION_ORDER)


def _table(key, caption, columns, rows, numeric=()):
    return {
        "key": key,
        "caption": caption,
        "columns": list(columns),
        "rows": [[_cell(c) for c in row] for row in rows],
        "numeric": list(numeric),
    }


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if isinstance(value, int | float | str):
        return value
    return str(value)


def _money(value) -> str:
    return format_figure(value, "gbp") if value is not None else "£0"


def progress_section(*, collaborative, today=None):
    lines = figures.workstream_lines(collaborative=collaborative, today=today)
    active = sum(1 for line in lines if line.workstream.status == "active")
    gaps = sum(len(line.lacking) for line in lines)
    rows = [
        [
            line.workstream.name,
            line.workstream.get_status_display(),
            line.participants,
            ", ".join(f"{name} ({days} days)" for name, days in line.lacking) or "None",
        ]
        for line in lines
    ]
    return {
        "summary": f"{active} of {len(lines)} open workstreams are active; {gaps} participating "
        "organisations have no secured senior sponsor.",
        "tables": [
            _table(
                "workstreams",
                "Workstreams: status, participants and sponsorship gaps",
                ["Workstream", "Status", "Organisations taking part", "No secured sponsor (for)"],
                rows,
                numeric=[2],
            )
        ],
    }


def metrics_section(*, collaborative, period, theme_id=None):
    headline = figures.headline_metrics(
        collaborative=collaborative, period=period, theme_id=theme_id
    )
    rows = [
        [
            line.metric.code,
            line.metric.name,
            line.display,
            line.ytd_display,
            line.target_display or "No target",
            line.status_label,
            _money(line.social_value) if line.social_value is not None else "",
        ]
        for line in headline.lines
    ]
    green, amber, red = headline.count("green"), headline.count("amber"), headline.count("red")
    return {
        "summary": f"Of {headline.with_target} metrics with a collective target, {green} are "
        f"green, {amber} amber and {red} red; the quarter's social value is "
        f"{_money(headline.social_value)}.",
        "social_value": str(headline.social_value),
        "rag": {"green": green, "amber": amber, "red": red},
        "tables": [
            _table(
                "metrics",
                "Each metric: this quarter, the year to date and the collective target",
                [
                    "Code",
                    "Metric",
                    "This quarter",
                    "Year to date",
                    "Target",
                    "Status",
                    "Social value",
                ],
                rows,
                numeric=[2, 3, 4, 6],
            )
        ],
    }


def workforce_section(*, collaborative, period):
    hiring = figures.local_hiring(collaborative=collaborative, period=period)
    if hiring is None:
        return {
            "summary": "The workforce figures are not collected in the portal yet. This section "
            "will show: " + "; ".join(figures.WORKFORCE_FIGURES) + ".",
            "tables": [],
        }
    return hiring


def report_content(*, collaborative, period, today=None) -> dict:
    """Every section of the report for ``period``, from the data as it stands now."""
    today = today or timezone.localdate()
    start, end = period.start_date, period.end_date
    sections = {
        "progress": progress_section(collaborative=collaborative, today=min(today, end)),
        "metrics": metrics_section(collaborative=collaborative, period=period),
        "decisions": {
            "tables": [
                decision_rows(collaborative=collaborative, start=start, end=end, table=_table),
                escalation_rows(collaborative=collaborative, start=start, end=end, table=_table),
            ]
        },
        "barriers": barrier_rows(collaborative=collaborative, table=_table),
        "roadmap": recommendation_rows(collaborative=collaborative, table=_table),
        "focus": objective_rows(collaborative=collaborative, table=_table),
        "governance": governance_rows(collaborative=collaborative, table=_table),
        "authority": authority_rows(collaborative=collaborative, table=_table),
        "assessment": self_assessment_rows(
            collaborative=collaborative, period=period, table=_table
        ),
        "workforce": workforce_section(collaborative=collaborative, period=period),
    }
    decided = len(sections["decisions"]["tables"][0]["rows"])
    still_open = len(sections["decisions"]["tables"][1]["rows"])
    sections["decisions"].setdefault(
        "summary", f"{decided} decisions recorded in the quarter; {still_open} escalations open."
    )
    ordered = []
    for key, heading in SECTION_ORDER:
        section = sections[key]
        ordered.append(
            {
                "key": key,
                "heading": heading,
                "summary": section.get("summary", ""),
                "tables": section.get("tables", []),
                "extra": {k: v for k, v in section.items() if k not in {"summary", "tables"}},
            }
        )
    answers = [
        {
            "number": number,
            "question": question,
            "section": key,
            "section_heading": SECTION_HEADINGS[key],
            "answer": sections[key].get("summary", ""),
        }
        for number, question, key in QUESTIONS
    ]
    return {
        "period": period.short_label,
        "period_label": period.label,
        "built_at": timezone.now().isoformat(),
        "sections": ordered,
        "answers": answers,
    }


def section_by_key(content, key):
    return next((s for s in content["sections"] if s["key"] == key), None)


def all_tables(content) -> list[dict]:
    return [table for section in content["sections"] for table in section["tables"]]


def visible_reports(*, user, collaborative):
    """The facilitator sees drafts and published reports; everyone else published ones only."""
    reports = Report.objects.filter(collaborative=collaborative).select_related("period")
    if not is_facilitator(user, collaborative):
        reports = reports.filter(state=Report.State.PUBLISHED)
    return reports.order_by("-period__financial_year", "-period__quarter")


def report_detail(*, user, collaborative, pk) -> Report:
    """A report this person may see (Report.DoesNotExist otherwise: drafts are private)."""
    return visible_reports(user=user, collaborative=collaborative).get(pk=pk)


def report_view(report, *, today=None) -> dict:
    """What the report shows: the frozen snapshot once published, else the live figures."""
    if report.is_published and report.snapshot:
        return report.snapshot
    return report_content(collaborative=report.collaborative, period=report.period, today=today)


def with_narrative(content, narrative) -> dict:
    """The content with the facilitator's words beside each section and each answer."""
    narrative = narrative or {}
    return {
        **content,
        "sections": [
            {**section, "narrative": narrative.get(section["key"], "")}
            for section in content["sections"]
        ],
        "answers": [
            {**answer, "narrative": narrative.get(f"q{answer['number']}", "")}
            for answer in content["answers"]
        ],
    }
