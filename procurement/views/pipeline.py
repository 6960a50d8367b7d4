"""Each anchor's tender pipeline: the list, an item with its notices and history, the form, and
the OCDS upload (the same importer as ``manage.py import_ocds``)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from anchors.common.errors import PortalError, require
from anchors.common.exports import table_response
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, posted
from anchors.models import Organisation
from procurement import cpv, permissions, pipeline_csv
from procurement.forms.pipeline import (
    BuyerIdentifierForm,
    CsvUploadForm,
    OcdsUploadForm,
    PipelineFilterForm,
    PipelineItemForm,
)
from procurement.selectors import pipeline as selectors
from procurement.services import pipeline as services
from procurement.views.common import collaborative_of


def _editable_organisations(user, collaborative):
    ids = permissions.pipeline_organisation_ids(user, collaborative)
    organisations = Organisation.objects.filter(collaborative=collaborative).order_by("name")
    return organisations if ids is None else organisations.filter(pk__in=ids)


def pipeline_list(request):
    """Every anchor's planned procurements, soonest window first."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    if exported := export_response(request, "procurement.pipeline", collaborative=collaborative):
        return exported
    filter_form = PipelineFilterForm(request.GET or None, collaborative=collaborative)
    chosen = filter_form.filters() if request.GET else {}
    organisation = chosen.get("organisation")
    items = selectors.pipeline_items(
        collaborative=collaborative,
        organisation_id=organisation.pk if organisation else None,
        stage=chosen.get("stage") or "",
    )
    page = paginate(request, items)
    for item in page.object_list:
        item.cpv_label = cpv.label(item.cpv_code)
        # Formatted here: the template's floatformat with grouping costs ~0.2 ms a cell.
        if item.estimated_value is not None:
            item.value_text = f"£{item.estimated_value:,.0f}"
        elif item.estimated_value_gross is not None:
            item.value_text = f"£{item.estimated_value_gross:,.0f} gross"
        else:
            item.value_text = "—"
    can_add = permissions.can_import_pipeline(request.user, collaborative)
    return render(
        request,
        "procurement/pipeline_list.html",
        {
            "title": "Tender pipeline",
            "page": page,
            "filter_form": filter_form,
            "filtered": bool(organisation or chosen.get("stage")),
            "clear_url": reverse("procurement:pipeline_list"),
            "new_url": reverse("procurement:pipeline_new") if can_add else "",
            "new_label": "Add a planned procurement",
            "can_import": can_add,
            "section": "pipeline",
        },
    )


def pipeline_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    item = get_or_404(selectors.pipeline_item, collaborative=collaborative, pk=pk)
    item.organisation.collaborative = collaborative
    history = paginate(
        request, selectors.item_history(item), param="history_page", fragment="history"
    )
    return render(
        request,
        "procurement/pipeline_detail.html",
        {
            "item": item,
            "cpv_label": cpv.label(item.cpv_code),
            "other_cpv": [(code, cpv.label(code)) for code in item.other_cpv_codes],
            "can_edit": permissions.can_edit_pipeline(request.user, item.organisation),
            "history": history,
            "section": "pipeline",
        },
    )


def pipeline_new(request):
    collaborative = collaborative_of(request)
    require(permissions.can_import_pipeline(request.user, collaborative))
    form = PipelineItemForm(
        posted(request),
        collaborative=collaborative,
        organisations=_editable_organisations(request.user, collaborative),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.pipeline_item_save(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda item: (f"“{item.title}” added to the pipeline.", item),
        template="procurement/pipeline_form.html",
        context={
            "title": "Add a planned procurement",
            "back_url": reverse("procurement:pipeline_list"),
            "section": "pipeline",
        },
    )


def pipeline_edit(request, pk):
    collaborative = collaborative_of(request)
    item = get_or_404(selectors.pipeline_item, collaborative=collaborative, pk=pk)
    item.organisation.collaborative = collaborative
    require(permissions.can_edit_pipeline(request.user, item.organisation))
    form = PipelineItemForm(
        posted(request),
        instance=item,
        initial={"version": version_of(item)},
        collaborative=collaborative,
        organisations=_editable_organisations(request.user, collaborative),
    )
    return form_page(
        request,
        form,
        save=lambda data: services.pipeline_item_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            item=item,
            version=data.get("version"),
        ),
        done=lambda saved: (f"“{saved.title}” saved.", saved),
        template="procurement/pipeline_form.html",
        context={
            "title": f"Change “{item.title}”",
            "back_url": item.get_absolute_url(),
            "item": item,
            "section": "pipeline",
        },
    )


def pipeline_import(request):
    """Upload an OCDS file: "Check the file" reports what would happen and saves nothing;
    "Import" saves the file's releases for the organisations the person keeps, or nothing when
    any release is refused (each named) — unless the person ticks "leave out any refused
    releases", when the others are saved and the left-out ones still named."""
    collaborative = collaborative_of(request)
    require(permissions.can_import_pipeline(request.user, collaborative))
    form = OcdsUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = "import" not in request.POST
        try:
            report = services.ocds_import(
                user=request.user,
                collaborative=collaborative,
                files=[(upload.name, upload.read())],
                dry_run=dry_run,
                leave_out_refused=form.cleaned_data["leave_out_refused"],
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            if not dry_run and not report.refused_files:
                messages.success(request, f"OCDS file imported: {report.summary}.")
    return render(
        request,
        "procurement/pipeline_import.html",
        {
            "title": "Import OCDS notices",
            "form": form,
            "report": report,
            "back_url": reverse("procurement:pipeline_list"),
            "section": "pipeline",
        },
    )


def local_what_if(request):
    """What re-letting the pipeline's expiring contracts held outside the area to local
    suppliers would do to each anchor's local share of spend, and the collaborative's."""
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    return render(
        request,
        "procurement/local_what_if.html",
        {
            "title": "Local what-if",
            "what_if": selectors.local_what_if(collaborative=collaborative),
            "section": "what_if",
        },
    )


def pipeline_csv_import(request):
    """Upload a pipeline CSV: "Check the file" names every bad row and column and saves nothing;
    "Import" saves every row, or nothing when any row is wrong. ``?template`` downloads the
    headings."""
    collaborative = collaborative_of(request)
    require(permissions.can_import_pipeline(request.user, collaborative))
    if "template" in request.GET:
        return table_response(
            filename="pipeline-template", columns=pipeline_csv.template_headings(), rows=[]
        )
    form = CsvUploadForm(posted(request), request.FILES if request.method == "POST" else None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = "import" not in request.POST
        try:
            report = services.pipeline_csv_import(
                user=request.user,
                collaborative=collaborative,
                name=upload.name,
                data=upload.read(),
                dry_run=dry_run,
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            if not dry_run and not report.errors:
                messages.success(request, f"Pipeline file imported: {report.summary}.")
                return redirect("procurement:pipeline_list")
    return render(
        request,
        "procurement/pipeline_csv_import.html",
        {
            "title": "Import planned procurements from a CSV file",
            "form": form,
            "report": report,
            "back_url": reverse("procurement:pipeline_list"),
            "section": "pipeline",
        },
    )


def buyer_identifiers(request):
    """The identifiers notices give each organisation as buyer, and a form to add one for an
    organisation whose pipeline the person keeps."""
    collaborative = collaborative_of(request)
    require(permissions.can_import_pipeline(request.user, collaborative))
    form = BuyerIdentifierForm(
        posted(request), organisations=_editable_organisations(request.user, collaborative)
    )
    return form_page(
        request,
        form,
        save=lambda data: services.buyer_identifier_add(
            user=request.user,
            collaborative=collaborative,
            organisation=data["organisation"],
            identifier=data["identifier"],
        ),
        done=lambda saved: (
            f"{saved.identifier} recorded for {saved.organisation.name}.",
            "procurement:buyer_identifiers",
        ),
        template="procurement/buyer_identifiers.html",
        context={
            "title": "Buyer identifiers",
            "identifiers": selectors.buyer_identifiers(collaborative=collaborative),
            "back_url": reverse("procurement:pipeline_import"),
            "section": "pipeline",
        },
    )
