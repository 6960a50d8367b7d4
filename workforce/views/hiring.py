"""An anchor's new starters: its rows (paginated) and counts, adding a starter or a period's
counts, the starters file (dry run, then confirm: all or nothing), and writing the figures into
the metrics as drafts. Rows are seen only by the organisation's own workforce lead and senior
sponsor and the facilitator; only they change them."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.errors import PortalError, require
from anchors.common.pagination import paginate
from anchors.common.views import form_page, get_or_404, perform, posted
from anchors.models import Organisation
from anchors.views.common import member_collaborative
from metrics.imports.files import FileRejected
from metrics.models import ReportingPeriod
from workforce import deprivation, imports, permissions
from workforce.forms.hiring import (
    StarterCountForm,
    StarterFilterForm,
    StarterForm,
    StarterImportForm,
)
from workforce.selectors import hiring as selectors
from workforce.services import hiring as services
from workforce.services import hiring_metrics

PAGE_SIZE = 50
COUNTS_PAGE_SIZE = 20  # a year's counts, by route


def _organisation(request, pk, *, edit=False):
    collaborative = member_collaborative(request)
    organisation = get_or_404(
        lambda: Organisation.objects.select_related("collaborative").get(
            collaborative=collaborative, pk=pk
        )
    )
    check = permissions.can_edit_workforce if edit else permissions.can_view_starter_rows
    require(check(request.user, organisation))
    return organisation


def starter_list(request, organisation):
    organisation = _organisation(request, organisation)
    collaborative = organisation.collaborative
    filter_form = StarterFilterForm(request.GET or None, collaborative=collaborative)
    period = filter_form.cleaned_data.get("period") if filter_form.is_valid() else None
    page = paginate(
        request,
        selectors.starter_rows(organisation=organisation, period=period),
        per_page=PAGE_SIZE,
    )
    counts = paginate(
        request,
        selectors.starter_counts(organisation=organisation, period=period),
        per_page=COUNTS_PAGE_SIZE,
        param="counts_page",
        fragment="counts",
    )
    figure_period = period or next(
        iter(
            ReportingPeriod.objects.filter(collaborative=collaborative).order_by(
                "-financial_year", "-quarter"
            )
        ),
        None,
    )
    return render(
        request,
        "workforce/starter_list.html",
        {
            "title": f"New starters: {organisation.short_name}",
            "section": "starters",
            "organisation": organisation,
            "page": page,
            "counts": counts,
            "filter_form": filter_form,
            "period": period,
            "figure_period": figure_period,
            "can_edit": permissions.can_edit_workforce(request.user, organisation),
            "settings": selectors.settings_for(collaborative=collaborative),
            "edition": deprivation.current_edition(),
        },
    )


def starter_add(request, organisation):
    organisation = _organisation(request, organisation, edit=True)
    lookup_loaded = deprivation.postcode_lookup_loaded()
    form = StarterForm(
        posted(request), collaborative=organisation.collaborative, lookup_loaded=lookup_loaded
    )
    back = reverse("workforce:starter_list", args=[organisation.pk])
    return form_page(
        request,
        form,
        save=lambda data: services.starter_record(
            user=request.user, organisation=organisation, period=data["period"], data=data
        ),
        done=lambda starter: (
            f"Starter saved ({starter.edition.name}, decile {starter.imd_decile})."
            if starter.edition
            else "Starter saved (home area not known).",
            back,
        ),
        template="workforce/starter_form.html",
        context={
            "title": "Add a new starter",
            "caption": organisation.short_name,
            "back_url": back,
            "lookup_loaded": lookup_loaded,
            "edition": deprivation.current_edition(),
            "section": "starters",
        },
    )


@require_POST
def starter_remove(request, pk):
    collaborative = member_collaborative(request)
    starter = get_or_404(selectors.starter_detail, collaborative=collaborative, pk=pk)
    require(permissions.can_edit_workforce(request.user, starter.organisation))
    back = reverse("workforce:starter_list", args=[starter.organisation_id])
    return perform(
        request,
        lambda: services.starter_remove(user=request.user, starter=starter),
        success="Starter removed.",
        then=back,
    )


def starter_count(request, organisation):
    organisation = _organisation(request, organisation, edit=True)
    collaborative = organisation.collaborative
    settings = selectors.settings_for(collaborative=collaborative)
    form = StarterCountForm(
        posted(request),
        collaborative=collaborative,
        cutoff=settings.deprived_decile_cutoff,
        edition=deprivation.current_edition(),
    )
    back = reverse("workforce:starter_list", args=[organisation.pk])
    return form_page(
        request,
        form,
        save=lambda data: services.starter_count_save(
            user=request.user,
            organisation=organisation,
            period=data["period"],
            data=data,
            version=data.get("version") or None,
        ),
        done=lambda count: (f"Counts saved for {count.period.short_label}.", back),
        template="workforce/starter_count_form.html",
        context={
            "title": "Count new starters",
            "caption": organisation.short_name,
            "back_url": back,
            "section": "starters",
        },
    )


@require_POST
def starter_count_remove(request, pk):
    collaborative = member_collaborative(request)
    count = get_or_404(selectors.count_detail, collaborative=collaborative, pk=pk)
    require(permissions.can_edit_workforce(request.user, count.organisation))
    return perform(
        request,
        lambda: services.starter_count_remove(user=request.user, count=count),
        success="Counts removed.",
        then=reverse("workforce:starter_list", args=[count.organisation_id]),
    )


def starter_import(request, organisation):
    """Upload → dry run (every row checked, problems named by row and column) → confirm."""
    organisation = _organisation(request, organisation, edit=True)
    back = reverse("workforce:starter_list", args=[organisation.pk])
    context = {
        "title": "Import new starters",
        "caption": organisation.short_name,
        "organisation": organisation,
        "back_url": back,
        "columns": imports.COLUMNS,
        "lookup_loaded": deprivation.postcode_lookup_loaded(),
        "section": "starters",
    }
    if request.method == "POST" and request.POST.get("token") is not None:
        try:
            name, rows = imports.rows_from_token(
                request.POST["token"], organisation_id=organisation.pk
            )
            plan = services.starters_import(user=request.user, organisation=organisation, rows=rows)
        except PortalError as error:
            messages.error(request, error.message)
            return redirect(reverse("workforce:starter_import", args=[organisation.pk]))
        message = f"{len(plan.starters):,} starters imported from “{name}”."
        messages.success(request, message)
        return redirect(back)
    form = StarterImportForm(posted(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows, ignored = imports.read_starters(name=upload.name, data=upload.read())
        except FileRejected as error:
            form.add_service_error(error)
        else:
            plan = services.starters_plan(organisation=organisation, rows=rows)
            context.update(
                plan=plan,
                name=upload.name,
                ignored=ignored,
                rows=len(rows),
                problems=plan.problems[:200],
                token=imports.rows_token(
                    organisation_id=organisation.pk, name=upload.name, rows=rows
                )
                if plan.ok
                else "",
                by_period=_by_period(plan),
            )
    context["form"] = form
    return render(request, "workforce/starter_import.html", context)


def _by_period(plan):
    summary = {}
    for starter in plan.starters:
        line = summary.setdefault(starter.period.pk, [starter.period.short_label, 0, 0, 0])
        line[1] += 1
        line[2] += 1 if starter.in_area else 0
        line[3] += 1 if starter.imd_decile is not None else 0
    return list(summary.values())


@require_POST
def starter_metrics(request, organisation):
    organisation = _organisation(request, organisation, edit=True)
    period = get_or_404(
        lambda: ReportingPeriod.objects.get(
            collaborative=organisation.collaborative, pk=request.POST.get("period") or 0
        )
    )
    back = reverse("workforce:starter_list", args=[organisation.pk]) + f"?period={period.pk}"

    def write():
        result = hiring_metrics.hiring_metrics_write(
            user=request.user, organisation=organisation, period=period
        )
        if not result.written:
            raise PortalError(result.note or "No metric values were written.")
        return result

    return perform(request, write, success=lambda result: result.note, then=back)
