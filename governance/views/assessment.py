"""The collective-impact self-assessment: the trend of the five conditions, one quarter's
ratings, and a core anchor's representative rating them."""

from django.shortcuts import render

from anchors.common.charts import (
    DataTable,
    PlainFigure,
    base_layout,
    build_chart,
    chart_download,
)
from anchors.common.errors import PortalError, require
from anchors.common.views import form_page, posted
from anchors.models import Organisation, Person
from governance import permissions, selectors
from governance.forms import AssessmentForm
from governance.models import Condition
from governance.services import registers as services
from governance.views.common import collaborative_of
from metrics.models import ReportingPeriod


def _mean(point):
    """A point's mean rating as a plain number for the chart (None where no anchor rated)."""
    mean = getattr(point, "mean", None)
    return None if mean is None else float(mean)


def _trend_chart(request, points):
    periods = list(dict.fromkeys(p.period for p in points))
    by_key = {(p.period, p.condition): p for p in points}
    figure = PlainFigure(
        [
            {
                "type": "scatter",
                "x": periods,
                "y": [_mean(by_key.get((period, value))) for period in periods],
                "name": str(label),
                "mode": "lines+markers",
            }
            for value, label in Condition.choices
        ],
        base_layout(yaxis={"title": {"text": "Mean rating (1 to 5)"}, "range": [0, 5.2]}),
    )
    table = DataTable(
        caption="Mean rating by quarter (number of anchors rating)",
        columns=["Quarter", *[str(label) for _, label in Condition.choices]],
        rows=[
            [
                period,
                *[
                    (
                        f"{by_key[(period, value)].mean:.1f} ({by_key[(period, value)].n})"
                        if (period, value) in by_key
                        else "—"
                    )
                    for value in Condition.values
                ],
            ]
            for period in periods
        ],
        csv_columns=["Quarter", "Condition", "Mean rating", "Anchors rating"],
        csv_rows=[[p.period, p.condition_label, p.mean, p.n] for p in points],
    )
    return build_chart(
        request=request,
        key="self-assessment",
        title="The five conditions of collective impact, by quarter",
        figure=figure,
        table=table,
        summary="Line chart of the mean rating of each of the five conditions, by quarter.",
        layout="stacked",
    )


def assessment(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_governance(request.user, collaborative))
    points = selectors.self_assessment_trend(collaborative)
    chart = _trend_chart(request, points) if points else None
    if chart is not None:
        download = chart_download(request, [chart], filename_prefix="self-assessment")
        if download is not None:
            return download
    latest = None
    ratings = []
    if points and permissions.can_view_assessment_detail(request.user, collaborative):
        latest = ReportingPeriod.objects.get(pk=points[-1].period_id)
        ratings = list(selectors.assessments_for(collaborative=collaborative, period=latest))
    return render(
        request,
        "governance/assessment.html",
        {
            "title": "Collective-impact self-assessment",
            "section": "assessment",
            "chart": chart,
            "latest": latest,
            "ratings": ratings,
            "can_rate": bool(_rateable(request.user, collaborative)),
        },
    )


def _rateable(user, collaborative):
    organisations = Organisation.objects.filter(
        collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR, active=True
    )
    return [o for o in organisations if _can_rate(user, o, collaborative)]


def _can_rate(user, organisation, collaborative):
    organisation.collaborative = collaborative
    return permissions.can_rate_for(user, organisation)


def assessment_record(request):
    collaborative = collaborative_of(request)
    rateable = _rateable(request.user, collaborative)
    require(bool(rateable))
    form = AssessmentForm(
        posted(request),
        organisations=Organisation.objects.filter(pk__in=[o.pk for o in rateable]),
        periods=ReportingPeriod.objects.filter(collaborative=collaborative).order_by(
            "-financial_year", "-quarter"
        ),
    )

    def save(data):
        respondent = Person.objects.filter(collaborative=collaborative, user=request.user).first()
        if respondent is None:
            raise PortalError("Your login is not linked to a person in this collaborative.")
        organisation = data["organisation"]
        organisation.collaborative = collaborative
        return services.assessment_record(
            user=request.user,
            organisation=organisation,
            period=data["period"],
            respondent=respondent,
            ratings=form.ratings(),
        )

    return form_page(
        request,
        form,
        save=save,
        done=("Ratings saved.", "governance:assessment"),
        template="governance/form.html",
        context={
            "title": "Rate the five conditions",
            "section": "assessment",
            "intro": "Rate how far each condition of collective impact is in place in the "
            "collaborative this quarter, as your organisation sees it.",
        },
    )
