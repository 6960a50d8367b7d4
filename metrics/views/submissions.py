"""The submission grid (one organisation's values for a period), the facilitator's overview,
and one value's page where the facilitator verifies it or returns it with a reason."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from anchors.base import PortalError, StaleEditError, require
from anchors.permissions import is_facilitator
from anchors.services.common import version_of
from anchors.views.common import posted
from metrics import permissions, selectors, services
from metrics.formatting import format_figure
from metrics.forms import ReturnForm, SubmissionForm
from metrics.models import MetricValue
from metrics.views.common import (
    STATE_TAGS,
    collaborative_of,
    get_period,
    get_value,
    int_param,
)


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
    organisations = list(selectors.reporting_organisations(collaborative=collaborative))
    organisation, facilitator = _organisation_for(request, collaborative, organisations)
    if organisation is None:
        return _overview(request, collaborative, period, organisations)
    rows = selectors.organisation_grid(period=period, organisation=organisation)
    form = SubmissionForm(
        posted(request),
        request.FILES or None,
        rows=rows,
        submitting=request.POST.get("action") == "submit",
    )
    stale = []
    if request.method == "POST":
        if not period.is_open:
            messages.error(request, f"{period.label} is closed, so its values cannot change.")
        elif form.is_valid():
            submit_now = request.POST.get("action") == "submit"
            try:
                result = services.values_save(
                    user=request.user,
                    organisation=organisation,
                    period=period,
                    entries=form.entries(),
                    submit=submit_now,
                )
            except services.GridError as error:
                stale = _show_grid_errors(form, error)
            except PortalError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _saved_message(result, submit_now))
                url = reverse("metrics:submit", args=[period.pk])
                return redirect(f"{url}?organisation={organisation.pk}")
    editable = [row for row in rows if row.editable]
    return render(
        request,
        "metrics/submission_grid.html",
        {
            "period": period,
            "organisation": organisation,
            "form": form,
            "grid": [(row, form.bound_row(row)) for row in rows],
            "editable_count": len(editable),
            "returned": [row.value for row in rows if row.value and row.value.state == "returned"],
            "missing_count": sum(1 for row in rows if row.value is None),
            "stale": stale,
            "facilitator": facilitator,
            "state_tags": STATE_TAGS,
            "evidence_accept": ",".join(services.EVIDENCE_EXTENSIONS),
            "periods": selectors.period_list(collaborative=collaborative),
            "editable_organisations": _editable_organisations(
                request, collaborative, organisations
            ),
        },
    )


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


def _show_grid_errors(form, error):
    for metric_id, part, message in error.errors:
        form.add_cell_error(metric_id, part, message)
    form.data = form.data.copy()
    stale = []
    for cell in error.stale:
        metric, current = cell.metric, cell.current
        yours = _entry_display(metric, cell.entry)
        if current is None:
            message = (
                f"Someone else removed the saved {metric.code} value after you opened this page. "
                f"Yours: {yours}. Nothing has been saved; save again to keep yours."
            )
        else:
            who = current.entered_by.get_full_name() if current.entered_by else "someone else"
            when = timezone.localtime(current.updated_at)
            message = (
                f"{who} changed {metric.code} after you opened this page. Saved now: "
                f"{current.display} ({current.get_state_display().lower()}, "
                f"{when:%-d %b %Y %H:%M}). Yours: {yours}. Nothing has been saved; save again "
                "to replace the saved value with yours."
            )
        part = "numerator" if metric.is_ratio else "value"
        form.add_cell_error(metric.pk, part, message)
        form.data[f"m{metric.pk}-version"] = version_of(current) if current else ""
        stale.append({"metric": metric, "current": current, "yours": yours})
    return stale


def _entry_display(metric, entry):
    if metric.is_ratio:
        if entry.numerator is None and entry.denominator is None:
            return "empty"
        return f"{entry.numerator} of {entry.denominator}"
    return format_figure(entry.value, metric.unit) if entry.value is not None else "empty"


def _overview(request, collaborative, period, organisations):
    metrics, rows = selectors.overview_grid(period=period, organisations=organisations)
    for row in rows:
        for cell in row.cells:
            value = cell.value
            cell.can_verify = bool(
                value
                and value.state in MetricValue.AWAITING
                and not permissions.is_own_value(request.user, value)
            )
    totals = {
        "expected": sum(r.expected for r in rows),
        "complete": sum(r.complete for r in rows),
        "awaiting": sum(r.counts.get(s, 0) for r in rows for s in MetricValue.AWAITING),
    }
    return render(
        request,
        "metrics/submission_overview.html",
        {
            "period": period,
            "rows": rows,
            "by_metric": [(m, [row.cells[i] for row in rows]) for i, m in enumerate(metrics)],
            "totals": totals,
            "state_tags": STATE_TAGS,
            "periods": selectors.period_list(collaborative=collaborative),
        },
    )


@require_POST
def verify_selected(request, period):
    collaborative = collaborative_of(request)
    require(permissions.can_verify_values(request.user, collaborative))
    period = get_period(collaborative, period)
    ids = [int(v) for v in request.POST.getlist("value") if v.isdigit()]
    try:
        count = services.values_verify(user=request.user, period=period, value_ids=ids)
    except PortalError as error:
        messages.error(request, f"Nothing was verified. {error.message}")
    else:
        messages.success(request, f"{count} value{'s' if count != 1 else ''} verified.")
    return redirect("metrics:submit", period=period.pk)


def _value_or_404(request, pk):
    collaborative = collaborative_of(request)
    value = get_value(collaborative, pk)
    # Another organisation's value: as if it did not exist.
    require(permissions.can_view_value(request.user, value), not_found=True)
    return value


def _render_value(request, value, return_form=None, status=200):
    collaborative = value.collaborative
    return render(
        request,
        "metrics/value_detail.html",
        {
            "value": value,
            "history": selectors.value_history(value=value),
            "return_form": return_form
            or ReturnForm(initial={"version": version_of(value)}, auto_id="return_%s"),
            "version": version_of(value),
            "can_verify": permissions.can_verify_values(request.user, collaborative)
            and value.state in MetricValue.AWAITING,
            "own_value": permissions.is_own_value(request.user, value),
            "can_return": permissions.can_return_value(request.user, value)
            and value.state in MetricValue.COUNTED,
            "can_edit": permissions.can_edit_values(request.user, value.organisation)
            and value.state in MetricValue.EDITABLE
            and value.period.is_open,
            "state_tags": STATE_TAGS,
        },
        status=status,
    )


def value_detail(request, pk):
    return _render_value(request, _value_or_404(request, pk))


@require_POST
def value_verify(request, pk):
    value = _value_or_404(request, pk)
    require(permissions.can_verify_values(request.user, value.collaborative))
    try:
        services.value_verify(user=request.user, value=value, version=request.POST.get("version"))
    except PortalError as error:  # a stale version too: the message says what changed
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{value.metric.code} for {value.organisation.short_name} verified."
        )
        return redirect("metrics:submit", period=value.period_id)
    return redirect(value)


@require_POST
def value_return(request, pk):
    value = _value_or_404(request, pk)
    require(permissions.can_return_value(request.user, value))
    form = ReturnForm(request.POST, auto_id="return_%s")
    if form.is_valid():
        try:
            services.value_return(
                user=request.user,
                value=value,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data.get("version"),
            )
        except PortalError as error:
            form.add_service_error(error)
            if isinstance(error, StaleEditError):
                value = selectors.value_detail(collaborative=value.collaborative, pk=value.pk)
                form.data = form.data.copy()
                form.data["version"] = version_of(value)
                form.current_values = [
                    ("Value", value.display),
                    ("State", value.get_state_display()),
                ]
        else:
            messages.success(
                request,
                f"{value.metric.code} for {value.organisation.short_name} returned with your "
                "reason.",
            )
            return redirect("metrics:submit", period=value.period_id)
    return _render_value(request, value, return_form=form, status=200)


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
