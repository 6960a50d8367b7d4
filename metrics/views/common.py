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
        return selectors.metric_detail(collaborative=collaborative, pk=pk)
    except Metric.DoesNotExist as exc:
        raise Http404 from exc


def get_period(collaborative, pk) -> ReportingPeriod:
    try:
        return selectors.period_detail(collaborative=collaborative, pk=pk)
    except ReportingPeriod.DoesNotExist as exc:
        raise Http404 from exc


def get_value(collaborative, pk) -> MetricValue:
    try:
        return selectors.value_detail(collaborative=collaborative, pk=pk)
    except MetricValue.DoesNotExist as exc:
        raise Http404 from exc


def int_param(request, name):
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None
