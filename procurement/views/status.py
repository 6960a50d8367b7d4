"""The status matrix, an organisation's row (one form, one save) and one cell with its timeline."""

from django.shortcuts import render
from django.urls import reverse

from anchors.common.errors import require
from anchors.common.views import export_response, form_page, get_or_404, posted
from anchors.permissions import is_facilitator
from procurement import permissions
from procurement.forms.status import StatusRowForm
from procurement.models import MATURITY_MEANING, Maturity
from procurement.selectors import status as selectors
from procurement.services import status as services
from procurement.views.common import LEVEL_TAGS, collaborative_of, get_organisation


def _scale():
    return [
        {
            "level": value,
            "label": label,
            "meaning": MATURITY_MEANING[value],
            "tag": LEVEL_TAGS[value],
        }
        for value, label in Maturity.choices
    ]


def index(request):
    """Anchors × themes and opportunities: every organisation's current position."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    if exported := export_response(request, "procurement.status", collaborative=collaborative):
        return exported
    matrix = selectors.status_matrix(collaborative=collaborative)
    editable = permissions.status_organisation_ids(request.user, collaborative)
    facilitator = is_facilitator(request.user, collaborative)
    for row in matrix.rows:
        row.editable = facilitator or row.organisation.pk in editable
    return render(
        request,
        "procurement/status_matrix.html",
        {
            "matrix": matrix,
            "scale": _scale(),
            "level_tags": LEVEL_TAGS,
            "own_rows": [row for row in matrix.rows if row.organisation.pk in editable],
            "section": "status",
        },
    )


def status_edit(request, organisation):
    """An organisation's whole row in one form: the page a lead comes to every month."""
    collaborative = collaborative_of(request)
    organisation = get_organisation(collaborative, organisation)
    require(permissions.can_edit_status(request.user, organisation))
    cells = selectors.status_row(organisation=organisation)
    form = StatusRowForm(posted(request), cells=cells)
    return form_page(
        request,
        form,
        save=lambda data: services.status_row_save(
            user=request.user,
            organisation=organisation,
            entries=form.entries(),
            confirm=bool(data.get("confirm")),
        ),
        done=lambda result: (_saved_message(organisation, result), reverse("procurement:index")),
        template="procurement/status_form.html",
        context={
            "title": f"Update {organisation.short_name}’s positions",
            "organisation": organisation,
            "rows": form.rows(),
            "scale": _scale(),
            "level_tags": LEVEL_TAGS,
            "section": "status",
        },
    )


def _saved_message(organisation, result):
    if not result.changed and not result.confirmed:
        return f"No changes to {organisation.short_name}’s positions."
    parts = []
    if result.changed:
        parts.append(f"{result.changed} position{'s' if result.changed != 1 else ''} updated")
    if result.confirmed:
        parts.append(f"{result.confirmed} confirmed as still current")
    return f"{organisation.short_name}: {' and '.join(parts)}."


def status_cell(request, organisation, kind, pk):
    """One organisation's position on one theme or opportunity, with every change as a
    timeline."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    organisation = get_organisation(collaborative, organisation)
    subject = get_or_404(selectors.subject, collaborative=collaborative, kind=kind, pk=pk)
    status = selectors.status_cell(organisation=organisation, kind=kind, subject=subject)
    return render(
        request,
        "procurement/status_cell.html",
        {
            "title": f"{organisation.short_name}: {subject.name}",
            "organisation": organisation,
            "subject": subject,
            "kind": kind,
            "status": status,
            "stale": selectors.is_stale(status),
            "timeline": selectors.cell_history(status),
            "level_tags": LEVEL_TAGS,
            "scale": _scale(),
            "can_edit": permissions.can_edit_status(request.user, organisation),
            "section": "status",
        },
    )
