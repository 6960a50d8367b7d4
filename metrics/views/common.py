"""Look-ups every metrics view shares: 404 for anything outside the person's collaborative."""

from django.http import Http404

from anchors.views.common import member_collaborative
from metrics import selectors
from metrics.models import Metric, MetricValue, ReportingPeriod

STATE_TAGS = {
    "draft": "govuk-tag--grey",
    "submitted": "govuk-tag--blue",
    "resubmitted": "govuk-tag--light-blue",
    "returned": "govuk-tag--red",
    "verified": "govuk-tag--green",
    "missing": "govuk-tag--yellow",
}


def collaborative_of(request):
    return member_collaborative(request)


def get_metric(collaborative, pk) -> Metric:
    try:
        metric = selectors.metric_detail(collaborative=collaborative, pk=pk)
    except Metric.DoesNotExist as exc:
        raise Http404 from exc
    metric.collaborative = collaborative  # already loaded: no query to reach it again
    return metric


def get_period(collaborative, pk) -> ReportingPeriod:
    try:
        period = selectors.period_detail(collaborative=collaborative, pk=pk)
    except ReportingPeriod.DoesNotExist as exc:
        raise Http404 from exc
    period.collaborative = collaborative
    return period


def get_value(collaborative, pk) -> MetricValue:
    try:
        value = selectors.value_detail(collaborative=collaborative, pk=pk)
    except MetricValue.DoesNotExist as exc:
        raise Http404 from exc
    value.collaborative = collaborative
    return value
