"""Demo shared measurement: a starter framework of 15 metrics, eight quarters of illustrative
values for the six core anchors (with realistic gaps, late and returned values), and targets.

The framework's definitions are written for City & Hackney from the paper's themes and TOMs-style
local measures. Every figure is invented and labelled so; the one proxy £ value is a published
public rate (the National Living Wage), named as such and not presented as a TOMs figure.
Running it again creates nothing new: every step is keyed on natural keys, and values are drawn
from a seeded generator so the same gaps are left each time.
"""

import datetime
import random
import zlib
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from anchors.models import Membership, Organisation, Role, Theme
from metrics.models import FrameworkVersion, Metric, MetricValue, Outcome, ReportingPeriod, Target
from metrics.models.periods import quarter_dates, quarter_of
from metrics.services.common import short_reason

NZ, SV, MS = "Net Zero", "Social Value", "Modern Slavery"
U, K, D, T = Metric.Unit, Metric.Kind, Metric.Direction, Metric.OverTime

OUTCOMES = [
    ("local-spend", "More of the anchors’ spend stays in the local economy", NZ),
    ("suppliers", "A more diverse local supplier base wins anchor contracts", SV),
    ("jobs", "Local people, especially from the most deprived areas, get good jobs", SV),
    ("carbon", "Anchors and their supply chains cut carbon emissions", NZ),
    ("slavery", "Anchor supply chains are free of modern slavery", MS),
    ("contracts", "Contracts secure social value for the place", SV),
]
OUTCOME_DESCRIPTIONS = {
    "local-spend": "Community wealth building: money the anchors spend circulates locally.",
    "suppliers": "Small, voluntary-sector and Black, Asian and minority ethnic-led suppliers can "
    "bid for and win anchor work (the paper’s ‘collectively engaging suppliers’ opportunity).",
    "jobs": "Apprenticeships, local hiring and routes from volunteering into work (NHS Long Term "
    "Plan and People Plan ambitions named in the paper).",
    "carbon": "The Hackney Net Zero Partnership ambition and the anchors’ own net zero plans.",
    "slavery": "Finding and tackling the risk of forced labour in what the anchors buy.",
    "contracts": "Social value is weighted when contracts are awarded, and reported the same way.",
}

EVIDENCE_SPEND = "An extract from the finance system for the quarter, listing supplier and amount."

# code, outcome, themes, name, unit, kind, over time, direction, numerator, denominator,
# definition, evidence
METRICS = [
    (
        "LOC-SPEND",
        "local-spend",
        [SV, NZ],
        "Local spend share",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Spend with suppliers trading from the City or Hackney (£)",
        "All third-party spend in the quarter (£)",
        "Share of the quarter’s third-party spend (invoices paid, excluding VAT) that went to "
        "suppliers with a trading address in the City of London or the London Borough of Hackney. "
        "Counts: every supplier, including sole traders, by the address they invoice from. Does "
        "not count: payments to other public bodies, grants, salaries and pensions, or national "
        "firms with a local branch that invoice from elsewhere.",
        EVIDENCE_SPEND,
    ),
    (
        "SME-SPEND",
        "suppliers",
        [SV],
        "Small and medium-sized enterprise (SME) spend share",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Spend with SMEs (£)",
        "All third-party spend in the quarter (£)",
        "Share of third-party spend with businesses of fewer than 250 staff and turnover up to "
        "£44m or balance sheet up to £38m (the UK government’s SME definition), paid directly. "
        "Does not count: spend that reaches SMEs only as subcontractors of a large supplier.",
        EVIDENCE_SPEND + " SME status from the supplier record or Companies House.",
    ),
    (
        "VCSE-SPEND",
        "suppliers",
        [SV],
        "Voluntary, community and social enterprise (VCSE) spend share",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Spend with VCSE organisations (£)",
        "All third-party spend in the quarter (£)",
        "Share of third-party spend with charities, community interest companies, co-operatives "
        "and other not-for-profit social enterprises, for goods and services bought. Does not "
        "count: grants, which are reported separately.",
        EVIDENCE_SPEND + " VCSE status from the Charity Commission or CIC register.",
    ),
    (
        "DIV-SPEND",
        "suppliers",
        [SV],
        "Spend share with Black, Asian and minority ethnic-led suppliers",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Spend with suppliers that say they are Black, Asian or minority ethnic-led (£)",
        "All third-party spend in the quarter (£)",
        "Share of spend with suppliers that declare that most of their owners or directors are "
        "from Black, Asian or minority ethnic backgrounds. Self-declared, so an undercount while "
        "few suppliers have answered: report what is known, not an estimate.",
        "The supplier declarations used, with the date each was collected.",
    ),
    (
        "SUP-ENGAGE",
        "suppliers",
        [SV],
        "Local suppliers engaged in bid-readiness support",
        U.COUNT,
        K.AMOUNT,
        T.FLOW,
        D.HIGHER,
        "",
        "",
        "Distinct local SMEs and VCSEs that took part in a meet-the-buyer event, bid-writing "
        "session or one-to-one support run by or with the anchor in the quarter. A supplier "
        "attending twice counts once per quarter.",
        "Attendance lists with supplier names.",
    ),
    (
        "LOC-FTE",
        "jobs",
        [SV],
        "Local residents employed",
        U.FTE,
        K.AMOUNT,
        T.STOCK,
        D.HIGHER,
        "",
        "",
        "Full-time equivalent staff on the anchor’s payroll at the end of the quarter whose home "
        "postcode is in the City of London or Hackney. Does not count: agency staff, bank staff "
        "without a contract that quarter, or contractors’ staff.",
        "A payroll report by home postcode at the quarter end.",
    ),
    (
        "APP-STARTS",
        "jobs",
        [SV],
        "Apprenticeship starts",
        U.COUNT,
        K.AMOUNT,
        T.FLOW,
        D.HIGHER,
        "",
        "",
        "Apprentices who started an approved apprenticeship standard (any level) with the anchor "
        "in the quarter, new recruits and existing staff alike. Does not count: starts that were "
        "withdrawn within the first six weeks.",
        "Start records from the apprenticeship service account.",
    ),
    (
        "APP-DEPRIVED",
        "jobs",
        [SV],
        "Apprentices from the most deprived areas",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Apprenticeship starts living in the two most deprived deciles (IMD 2019)",
        "All apprenticeship starts in the quarter",
        "Share of the quarter’s apprenticeship starts whose home postcode is in a neighbourhood "
        "(LSOA) in deciles 1 or 2 of the English Indices of Deprivation 2019.",
        "Start records with postcodes matched to IMD deciles (the postcode itself stays local).",
    ),
    (
        "VOL-EMPLOY",
        "jobs",
        [SV],
        "Volunteers moving into paid work",
        U.COUNT,
        K.AMOUNT,
        T.FLOW,
        D.HIGHER,
        "",
        "",
        "People who volunteered with the anchor in the past year and started paid employment with "
        "it in the quarter (the NHS People Plan’s volunteer-to-career route).",
        "Volunteer records matched to new starters.",
    ),
    (
        "SUP-CRP",
        "carbon",
        [NZ],
        "New major contracts with a supplier carbon reduction plan",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Contracts awarded whose supplier has a published carbon reduction plan",
        "Contracts awarded in the quarter worth £5m or more",
        "Share of contracts of £5m or more (whole-life value) awarded in the quarter whose "
        "supplier has published a carbon reduction plan in the format of Procurement Policy Note "
        "06/21 (now PPN 016). Count each contract once.",
        "Contract award register with a link to each supplier’s plan.",
    ),
    (
        "CO2-SCOPE12",
        "carbon",
        [NZ],
        "Scope 1 and 2 carbon emissions",
        U.TCO2E,
        K.AMOUNT,
        T.FLOW,
        D.LOWER,
        "",
        "",
        "Tonnes of carbon dioxide equivalent from the anchor’s own buildings and vehicles "
        "(scope 1) and purchased electricity and heat (scope 2, location-based) in the quarter, "
        "using the UK government greenhouse gas conversion factors for the year.",
        "The emissions workings, with meter readings and the conversion factor year.",
    ),
    (
        "MS-ASSESSED",
        "slavery",
        [MS],
        "High-risk suppliers assessed for modern slavery",
        U.PERCENT,
        K.RATIO,
        T.STOCK,
        D.HIGHER,
        "Active suppliers in high-risk categories with a completed risk assessment",
        "Active suppliers in high-risk categories",
        "At the quarter end, the share of active suppliers in categories the anchor treats as high "
        "risk (for example textiles, cleaning, construction, medical gloves) that have completed a "
        "modern slavery assessment, such as the government’s Modern Slavery Assessment Tool.",
        "The list of high-risk suppliers and the date of each assessment.",
    ),
    (
        "MS-TRAINED",
        "slavery",
        [MS],
        "Procurement staff trained on modern slavery",
        U.PERCENT,
        K.RATIO,
        T.STOCK,
        D.HIGHER,
        "Procurement and contract management staff trained in the past two years",
        "All procurement and contract management staff",
        "At the quarter end, the share of procurement and contract management staff who have "
        "completed modern slavery training in the past two years.",
        "Training records.",
    ),
    (
        "SV-WEIGHT",
        "contracts",
        [SV],
        "Contracts with at least 10% social value weighting",
        U.PERCENT,
        K.RATIO,
        T.FLOW,
        D.HIGHER,
        "Contracts awarded with social value weighted at 10% or more of the evaluation",
        "Contracts awarded in the quarter above the procurement threshold",
        "Share of contracts above the procurement threshold awarded in the quarter whose "
        "evaluation gave social value at least 10% of the total weighting (the minimum central "
        "government set in PPN 06/20, now the UK Social Value Model in PPN 002).",
        "Tender evaluation criteria for each contract awarded.",
    ),
    (
        "VOL-HOURS",
        "contracts",
        [SV],
        "Staff volunteering hours",
        U.HOURS,
        K.AMOUNT,
        T.FLOW,
        D.HIGHER,
        "",
        "",
        "Hours the anchor’s staff spent volunteering with local community organisations in "
        "working time (employer-supported volunteering) in the quarter.",
        "Volunteering leave records.",
    ),
]
PROXIES = {
    "VOL-HOURS": (
        Decimal("12.21"),
        "National Living Wage for workers aged 21 and over from 1 April 2025 (GOV.UK), used by "
        "the collaborative as a conservative value of one volunteered hour. Not a National TOMs "
        "proxy: replace it with your licensed TOMs value if the partnership adopts TOMs.",
        2025,
    ),
}

# Realistic gaps: metrics some anchors cannot report yet, and whole quarters missed.
NOT_MEASURED = {
    "GP Confederation": {"DIV-SPEND", "MS-ASSESSED", "SUP-CRP", "CO2-SCOPE12"},
    "NEL ICB": {"VOL-EMPLOY", "LOC-FTE"},
    "City of London": {"DIV-SPEND"},
}
MISSED_QUARTERS = {"NEL ICB": {2}, "GP Confederation": {0, 5}}  # period index 0 = oldest
LATE = {("ELFT", 7), ("City of London", 3), ("Homerton", 5), ("GP Confederation", 6)}
RETURN_REASON = (
    "The denominator looks like a year’s spend rather than the quarter’s (£410m is the annual "
    "figure). Please check the finance extract and resubmit."
)

# Targets for the current financial year: (code, organisation short name or None, value)
TARGETS = [
    ("LOC-SPEND", None, "35"),
    ("LOC-SPEND", "Hackney Council", "40"),
    ("SME-SPEND", None, "28"),
    ("VCSE-SPEND", None, "6"),
    ("APP-STARTS", None, "110"),
    ("APP-STARTS", "ELFT", "36"),
    ("APP-DEPRIVED", None, "40"),
    ("CO2-SCOPE12", None, "9500"),
    ("MS-ASSESSED", None, "75"),
    ("SV-WEIGHT", None, "90"),
    ("VOL-HOURS", None, "7000"),
]


def _quarters(today, count=8):
    """The ``count`` quarters up to the last one that has ended, oldest first, and the current."""
    fy, q = quarter_of(today)
    current = (fy, q)
    keys = []
    for _ in range(count):
        fy, q = (fy, q - 1) if q > 1 else (fy - 1, 4)
        keys.append((fy, q))
    return list(reversed(keys)), current


def _rng(*parts):
    return random.Random(zlib.crc32("|".join(str(p) for p in parts).encode()))


def _money(value):
    return Decimal(value).quantize(Decimal("1"))


def _figures(code, org, index, rng):
    """Illustrative (value) or (numerator, denominator) for one anchor, metric and quarter."""
    headcount = org.headcount or 500
    spend = (org.annual_spend or Decimal(20_000_000)) / 4
    trend = 1 + 0.015 * index
    base = _rng(code, org.short_name)  # the anchor's own level, the same every quarter
    wobble = rng.uniform(0.92, 1.08)
    shares = {
        "LOC-SPEND": (0.22, 0.38),
        "SME-SPEND": (0.18, 0.32),
        "VCSE-SPEND": (0.03, 0.08),
        "DIV-SPEND": (0.02, 0.05),
    }
    if code in shares:
        den = _money(spend * Decimal(str(rng.uniform(0.85, 1.15))))
        share = min(0.95, base.uniform(*shares[code]) * trend * wobble)
        return None, _money(den * Decimal(str(share))), den
    if code == "SUP-ENGAGE":
        return Decimal(int(base.uniform(4, 25) * trend * wobble)), None, None
    if code == "LOC-FTE":
        return (
            Decimal(round(headcount * base.uniform(0.22, 0.4) * (1 + 0.004 * index), 1)),
            None,
            None,
        )
    if code == "APP-STARTS":
        return Decimal(max(0, int(headcount / base.uniform(180, 320) * wobble))), None, None
    if code == "APP-DEPRIVED":
        starts = max(1, int(headcount / base.uniform(180, 320) * wobble))
        share = min(1, base.uniform(0.25, 0.45) * trend * wobble)
        return None, Decimal(round(starts * share)), Decimal(starts)
    if code == "VOL-EMPLOY":
        return Decimal(rng.randint(0, max(1, headcount // 1500))), None, None
    if code in ("SUP-CRP", "SV-WEIGHT"):
        den = rng.randint(2, max(3, headcount // 400))
        share = min(1, base.uniform(0.3, 0.6) * trend * wobble)
        return None, Decimal(round(den * share)), Decimal(den)
    if code == "CO2-SCOPE12":
        return Decimal(round(headcount * base.uniform(0.35, 0.6) / trend * wobble, 1)), None, None
    if code == "MS-ASSESSED":
        den = int(base.uniform(15, 90))
        share = min(1, base.uniform(0.35, 0.6) * (1 + 0.05 * index))
        return None, Decimal(round(den * share)), Decimal(den)
    if code == "MS-TRAINED":
        den = int(base.uniform(6, 40))
        share = min(1, base.uniform(0.3, 0.5) * (1 + 0.07 * index))
        return None, Decimal(round(den * share)), Decimal(den)
    if code == "VOL-HOURS":
        return Decimal(int(headcount * base.uniform(0.15, 0.45) * trend * wobble)), None, None
    raise ValueError(code)


def _framework(collaborative, facilitator):
    themes = {t.name: t for t in Theme.objects.filter(collaborative=collaborative)}
    outcomes = {}
    for order, (key, name, _) in enumerate(OUTCOMES, start=1):
        outcomes[key], _ = Outcome.objects.get_or_create(
            collaborative=collaborative,
            name=name,
            defaults={"description": OUTCOME_DESCRIPTIONS[key], "order": order},
        )
    metrics = {}
    created = 0
    for order, row in enumerate(METRICS, start=1):
        code, outcome, theme_names, name, unit, kind, over_time, direction = row[:8]
        numerator, denominator, definition, evidence = row[8:]
        proxy = PROXIES.get(code, (None, "", None))
        metric, made = Metric.objects.get_or_create(
            collaborative=collaborative,
            code=code,
            defaults={
                "name": name,
                "outcome": outcomes[outcome],
                "unit": unit,
                "kind": kind,
                "over_time": over_time,
                "direction": direction,
                "numerator_label": numerator,
                "denominator_label": denominator,
                "definition": definition,
                "evidence_required": evidence,
                "proxy_value": proxy[0],
                "proxy_source": proxy[1],
                "proxy_year": proxy[2],
                "order": order,
                "created_by": facilitator,
            },
        )
        if made:
            metric.themes.set([themes[t] for t in theme_names if t in themes])
            created += 1
        metrics[code] = metric
    if not FrameworkVersion.objects.filter(collaborative=collaborative).exists():
        FrameworkVersion.objects.create(
            collaborative=collaborative,
            number=1,
            note="Starter framework: 15 common metrics drawn from the paper’s themes (Net Zero, "
            "Social Value, Modern Slavery) and TOMs-style local measures, agreed to pilot for "
            "eight quarters. Figures in this demo are illustrative.",
            created_by=facilitator,
        )
    return metrics, created


def _periods(collaborative, today):
    keys, current = _quarters(today)
    periods = []
    for index, (fy, q) in enumerate([*keys, current]):
        _, end = quarter_dates(fy, q)
        latest = index >= len(keys) - 1
        period, _ = ReportingPeriod.objects.get_or_create(
            collaborative=collaborative,
            financial_year=fy,
            quarter=q,
            defaults={
                "deadline": end + datetime.timedelta(days=30),
                "state": ReportingPeriod.State.OPEN if latest else ReportingPeriod.State.CLOSED,
            },
        )
        periods.append(period)
    return periods[:-1], periods[-1]


def _at(day, hour=11):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _values(collaborative, metrics, periods, people, facilitator):
    anchors = list(
        Organisation.objects.filter(
            collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
        ).order_by("name")
    )
    existing = set(
        MetricValue.objects.filter(period__in=periods).values_list(
            "organisation_id", "metric_id", "period_id"
        )
    )
    S = MetricValue.State
    to_create = []
    last = len(periods) - 1
    for org in anchors:
        lead = people.get(org.pk)
        for index, period in enumerate(periods):
            if index in MISSED_QUARTERS.get(org.short_name, set()):
                continue
            if index == last and org.short_name == "GP Confederation":
                continue  # not started on the latest quarter yet
            for code, metric in metrics.items():
                if code in NOT_MEASURED.get(org.short_name, set()):
                    continue
                if (org.pk, metric.pk, period.pk) in existing:
                    continue
                rng = _rng(org.short_name, code, period.code)
                value, numerator, denominator = _figures(code, org, index, rng)
                late = (org.short_name, index) in LATE
                offset = rng.randint(2, 12) if late else -rng.randint(1, 20)
                now = timezone.now() - datetime.timedelta(hours=1)
                submitted = min(now, _at(period.deadline + datetime.timedelta(days=offset)))
                state, verified_at = S.VERIFIED, min(now, submitted + datetime.timedelta(days=6))
                if index == last:
                    if org.short_name == "Homerton":
                        state = S.DRAFT
                    elif org.short_name in ("NEL ICB", "ELFT") or rng.random() < 0.4:
                        state = S.SUBMITTED
                elif index == last - 1 and rng.random() < 0.15:
                    state = S.SUBMITTED
                value_row = MetricValue(
                    collaborative=collaborative,
                    organisation=org,
                    metric=metric,
                    period=period,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    evidence_note=f"Illustrative demo figure. {metric.evidence_required}",
                    state=state,
                    entered_by=lead,
                    created_by=lead,
                )
                if state != S.DRAFT:
                    value_row.submitted_by = lead
                    value_row.submitted_at = value_row.first_submitted_at = submitted
                if state == S.VERIFIED:
                    value_row.verified_by = facilitator
                    value_row.verified_at = verified_at
                to_create.append(value_row)
    MetricValue.objects.bulk_create(to_create, batch_size=500)
    MetricValue.history.bulk_history_create(
        to_create, batch_size=500, default_change_reason="Illustrative demo data"
    )
    return to_create


def _return_one(collaborative, metrics, latest, facilitator, organisations):
    """One value in the latest quarter returned with a reason, as the facilitator would."""
    hackney = organisations.get("Hackney Council")
    if hackney is None:
        return
    value = MetricValue.objects.filter(
        organisation=hackney, metric=metrics["LOC-SPEND"], period=latest
    ).first()
    if value is None or value.state == MetricValue.State.RETURNED or value.returned_at:
        return
    value.denominator = value.denominator * 4
    value.state = MetricValue.State.SUBMITTED
    value.verified_by = value.verified_at = None
    value._history_user = value.submitted_by
    value._change_reason = "Submitted"
    value.save()
    value.state = MetricValue.State.RETURNED
    value.return_reason = RETURN_REASON
    value.returned_by = facilitator
    value.returned_at = timezone.now()
    value._history_user = facilitator
    value._change_reason = short_reason(f"Returned: {RETURN_REASON}")
    value.save()


def _targets(collaborative, metrics, financial_year, organisations, facilitator):
    for code, short, value in TARGETS:
        Target.objects.get_or_create(
            collaborative=collaborative,
            metric=metrics[code],
            financial_year=financial_year,
            organisation=organisations.get(short) if short else None,
            defaults={"value": Decimal(value), "created_by": facilitator},
        )


@transaction.atomic
def load(*, collaborative, stdout=None, today=None):
    today = today or timezone.localdate()
    memberships = Membership.objects.filter(collaborative=collaborative).select_related(
        "person__user"
    )
    facilitator = next(
        (m.person.user for m in memberships if m.role == Role.FACILITATOR and m.person.user),
        None,
    )
    people = {}
    for m in memberships.filter(role=Role.PROCUREMENT_LEAD).order_by("pk"):
        if m.person.user and m.organisation_id not in people:
            people[m.organisation_id] = m.person.user
    metrics, created = _framework(collaborative, facilitator)
    periods, current = _periods(collaborative, today)
    organisations = {
        o.short_name: o for o in Organisation.objects.filter(collaborative=collaborative)
    }
    made = _values(collaborative, metrics, periods, people, facilitator)
    _return_one(collaborative, metrics, periods[-1], facilitator, organisations)
    _targets(collaborative, metrics, current.financial_year, organisations, facilitator)
    _targets(collaborative, metrics, periods[-1].financial_year, organisations, facilitator)
    if stdout is not None:
        stdout.write(
            f"Metrics: {created} new metric(s) of {len(metrics)}, {len(periods) + 1} periods, "
            f"{len(made)} new illustrative value(s)."
        )
    return metrics
