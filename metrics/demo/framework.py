"""The starter framework: 15 common metrics under six outcomes, from the paper's themes (Net
Zero, Social Value, Modern Slavery) and TOMs-style local measures, defined for City & Hackney.

Definitions say what counts and what does not. The one proxy £ value is a published public rate
(the National Living Wage), named as such; no official-sounding figure is invented.
"""

from decimal import Decimal

from anchors.models import Theme
from metrics.models import FrameworkVersion, Metric, Outcome

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


def load_framework(collaborative, facilitator):
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
