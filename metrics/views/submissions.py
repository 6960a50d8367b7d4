"""The submission grid (one organisation's values for a period), the facilitator's overview,
and one value's page where the facilitator verifies it or returns it with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, int_param, perform, posted
from anchors.permissions import is_facilitator
from metrics import permissions, selectors, services
from metrics.forms import ReturnForm, SubmissionForm
from metrics.models import MetricValue
from metrics.views.common import STATE_TAGS, collaborative_of, get_period, get_value


def submit_index(request):
    """The grid for the open period with the nearest deadline."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_submissions(request.user, collaborative))
    period = selectors.current_period(collaborative=collaborative)
    if period is None:
        messages.info(request, "There are no reporting periods yet.")
        return redirect("metrics:period_list")
    return redirect("metrics:submit", period=period.pk)


def _organisation_for(request, collaborative, organisations):
    """The organisation whose grid to show: ?organisation= if the user may edit it, else theirs.

    None means the facilitator's overview of every organisation.
    """
    organisations = {o.pk: o for o in organisations}
    wanted = int_param(request, "organisation")
    facilitator = is_facilitator(request.user, collaborative)
    editable = permissions.editable_organisation_ids(request.user, collaborative)
    if wanted is not None:
        if wanted not in organisations:
            raise Http404
        if not (facilitator or wanted in editable):
            raise PermissionDenied
        return organisations[wanted], facilitator
    if facilitator:
        return None, True
    mine = [organisations[pk] for pk in organisations if pk in editable]
    if not mine:
        raise PermissionDenied
    return mine[0], False


def submit(request, period):
    collaborative = collaborative_of(request)
    require(permissions.can_view_submissions(request.user, collaborative))
    period = get_period(collaborative, period)
    if exported := export_response(
        request, "metrics.submissions", collaborative=collaborative, period=period.pk
    ):
        return exported
    organisations = list(selectors.reporting_organisations(collaborative=collaborative))
    organisation, facilitator = _organisation_for(request, collaborative, organisations)
    if organisation is None:
        return _overview(request, collaborative, period, organisations)
    rows = selectors.organisation_grid(period=period, organisation=organisation)
    submit_now = request.POST.get("action") == "submit"
    form = SubmissionForm(posted(request), request.FILES or None, rows=rows, submitting=submit_now)
    url = reverse("metrics:submit", args=[period.pk])
    return form_page(
        request,
        form,
        save=lambda data: services.values_save(
            user=request.user,
            organisation=organisation,
            period=period,
            entries=form.entries(),
            submit=submit_now,
        ),
        done=lambda result: (
            _saved_message(result, submit_now),
            f"{url}?organisation={organisation.pk}",
        ),
        template="metrics/submission_grid.html",
        context={
            "period": period,
            "organisation": organisation,
            "grid": [(row, form.bound_row(row)) for row in rows],
            "editable_count": sum(1 for row in rows if row.editable),
            "returned": [row.value for row in rows if row.value and row.value.state == "returned"],
            "missing_count": sum(1 for row in rows if row.value is None),
            "facilitator": facilitator,
            "state_tags": STATE_TAGS,
            "periods": _latest_periods(collaborative),
            "editable_organisations": _editable_organisations(
                request, collaborative, organisations
            ),
        },
    )


def _latest_periods(collaborative, count=5):
    """The latest periods, oldest first: the grid links to the five newest but its own (the
    page lists them newest first), so it needs no more than the newest five of perhaps forty."""
    latest = selectors.period_list(collaborative=collaborative).reverse()[:count]
    return list(reversed(latest))


def _editable_organisations(request, collaborative, organisations):
    editable = permissions.editable_organisation_ids(request.user, collaborative)
    return [o for o in organisations if o.pk in editable]


def _saved_message(result, submitted):
    plural = "s" if result.submitted != 1 else ""
    if submitted:
        if result.submitted == 0:
            return "Nothing to submit: enter values first."
        return f"{result.submitted} value{plural} submitted for the facilitator to check."
    if result.saved == 0 and result.removed == 0:
        return "No changes to save."
    text = f"{result.saved} draft value{'s' if result.saved != 1 else ''} saved."
    if result.removed:
        text += f" {result.removed} draft{'s' if result.removed != 1 else ''} removed."
    return text


# The facilitator's grid shows this many anchors (columns) at a time, every metric (rows).
GRID_ORGANISATIONS = 10


def _overview(request, collaborative, period, organisations):
    page = paginate(
        request, organisations, per_page=GRID_ORGANISATIONS, param="anchors_page", fragment="grid"
    )
    metrics, rows = selectors.overview_grid(period=period, organisations=list(page))
    for row in rows:
        for cell in row.cells:
            value = cell.value
            cell.can_verify = bool(
                value
                and value.state in MetricValue.AWAITING
                and not permissions.is_own_value(request.user, value)
            )
    # Every anchor's, not only this page's.
    totals = selectors.period_totals(period=period, organisations=organisations, metrics=metrics)
    return render(
        request,
        "metrics/submission_overview.html",
        {
            "period": period,
            "rows": rows,
            "page": page,
            "page_awaiting": any(c.can_verify for r in rows for c in r.cells),
            "by_metric": [(m, [row.cells[i] for row in rows]) for i, m in enumerate(metrics)],
            "totals": totals,
            "state_tags": STATE_TAGS,
            "periods": _latest_periods(collaborative),
        },
    )


@require_POST
def verify_selected(request, period):
    collaborative = collaborative_of(request)
    require(permissions.can_verify_values(request.user, collaborative))
    period = get_period(collaborative, period)
    return perform(
        request,
        lambda: services.values_verify(
            user=request.user, period=period, versions=_checked_versions(request)
        ),
        success=lambda count: f"{count} value{'s' if count != 1 else ''} verified.",
        then=reverse("metrics:submit", args=[period.pk]),
        failure_prefix="Nothing was verified. ",
    )


def _checked_versions(request):
    """{value id: version} for the ticked values: each box carries "id@version"."""
    versions = {}
    for item in request.POST.getlist("value"):
        pk, _, version = item.partition("@")
        if pk.isdigit():
            versions[int(pk)] = version
    return versions


def _value_or_404(request, pk):
    collaborative = collaborative_of(request)
    value = get_value(collaborative, pk)
    # Another organisation's value: as if it did not exist.
    require(permissions.can_view_value(request.user, value), not_found=True)
    return value


def _value_context(request, value, return_form):
    collaborative = value.collaborative
    return {
        "value": value,
        "history": paginate(
            request, selectors.value_history(value=value), param="history_page", fragment="history"
        ),
        "return_form": return_form,
        "can_verify": permissions.can_verify_values(request.user, collaborative)
        and value.state in MetricValue.AWAITING,
        "own_value": permissions.is_own_value(request.user, value),
        "can_return": permissions.can_return_value(request.user, value)
        and value.state in MetricValue.COUNTED,
        "can_edit": permissions.can_edit_values(request.user, value.organisation)
        and value.state in MetricValue.EDITABLE
        and value.period.is_open,
        "state_tags": STATE_TAGS,
    }


def value_detail(request, pk):
    value = _value_or_404(request, pk)
    form = ReturnForm(initial={"version": version_of(value)}, auto_id="return_%s")
    return render(request, "metrics/value_detail.html", _value_context(request, value, form))


@require_POST
def value_verify(request, pk):
    value = _value_or_404(request, pk)
    require(permissions.can_verify_values(request.user, value.collaborative))
    return perform(
        request,
        lambda: services.value_verify(
            user=request.user, value=value, version=request.POST.get("version")
        ),
        success=f"{value.metric.code} for {value.organisation.short_name} verified.",
        then=reverse("metrics:submit", args=[value.period_id]),
        failed=value,
    )


@require_POST
def value_return(request, pk):
    value = _value_or_404(request, pk)
    require(permissions.can_return_value(request.user, value))
    form = ReturnForm(request.POST, auto_id="return_%s")
    return form_page(
        request,
        form,
        save=lambda data: services.value_return(
            user=request.user, value=value, reason=data["reason"], version=data["version"]
        ),
        done=(
            f"{value.metric.code} for {value.organisation.short_name} returned with your reason.",
            reverse("metrics:submit", args=[value.period_id]),
        ),
        template="metrics/value_detail.html",
        context=_value_context(request, value, form),
    )


def value_evidence(request, pk):
    value = _value_or_404(request, pk)
    if not value.evidence_file:
        raise Http404
    try:
        handle = value.evidence_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=value.evidence_file.name.rsplit("/", 1)[-1]
    )
