"""The supplier register: list, one supplier (buyers, passport, events), add and change,
passport items, buyers, the area, and engagement events."""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, perform, posted
from anchors.models import Organisation
from procurement import permissions
from procurement.forms.suppliers import (
    AreaForm,
    BuyerForm,
    EventForm,
    PassportForm,
    SupplierFilterForm,
    SupplierForm,
)
from procurement.models import PassportItem, SupplierBuyer
from procurement.selectors import suppliers as selectors
from procurement.services import suppliers as services
from procurement.views.common import collaborative_of


def supplier_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    if exported := export_response(request, "procurement.suppliers", collaborative=collaborative):
        return exported
    filters_form = SupplierFilterForm(request.GET or None, collaborative=collaborative)
    chosen = filters_form.filters() if request.GET else {}
    organisation = chosen.get("organisation")
    page = paginate(
        request,
        selectors.supplier_list(
            collaborative=collaborative,
            query=chosen.get("q", ""),
            flag=chosen.get("flag", ""),
            organisation_id=organisation.pk if organisation else None,
        ),
    )
    return render(
        request,
        "procurement/supplier_list.html",
        {
            "title": "Suppliers",
            "page": page,
            "filter_form": filters_form,
            "filtered": any(chosen.values()),
            "clear_url": reverse("procurement:supplier_list"),
            "new_url": reverse("procurement:supplier_create")
            if permissions.can_keep_suppliers(request.user, collaborative)
            else None,
            "new_label": "Add a supplier",
            "base": selectors.supplier_base(collaborative=collaborative),
            "districts": selectors.area_districts(collaborative=collaborative),
            "can_manage_area": permissions.can_manage_area(request.user, collaborative),
            "section": "suppliers",
        },
    )


def _get_supplier(collaborative, pk):
    return get_or_404(selectors.supplier_detail, collaborative=collaborative, pk=pk)


def supplier_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    supplier = _get_supplier(collaborative, pk)
    can_keep = permissions.can_keep_suppliers(request.user, collaborative)
    buyer_ids = permissions.buyer_organisation_ids(request.user, collaborative)
    buyers = list(selectors.supplier_buyers(supplier))
    for link in buyers:
        link.removable = can_keep and (buyer_ids is None or link.organisation_id in buyer_ids)
    passport = selectors.supplier_passport(supplier)
    return render(
        request,
        "procurement/supplier_detail.html",
        {
            "title": supplier.name,
            "supplier": supplier,
            "buyers": buyers,
            "passport": passport,
            "gaps": [entry for entry in passport if entry.is_gap],
            "events": selectors.supplier_events(supplier),
            "can_keep": can_keep,
            "section": "suppliers",
        },
    )


def supplier_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_keep_suppliers(request.user, collaborative))
    form = SupplierForm(posted(request), collaborative=collaborative)
    return form_page(
        request,
        form,
        save=lambda data: services.supplier_create(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda supplier: (f"{supplier.name} added to the register.", supplier),
        template="layouts/form.html",
        context={
            "title": "Add a supplier",
            "back_url": reverse("procurement:supplier_list"),
            "cancel_url": reverse("procurement:supplier_list"),
        },
    )


def supplier_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_keep_suppliers(request.user, collaborative))
    supplier = _get_supplier(collaborative, pk)
    form = SupplierForm(
        posted(request),
        instance=supplier,
        collaborative=collaborative,
        initial={"version": version_of(supplier)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.supplier_update(
            user=request.user, supplier=supplier, data=data, version=data["version"]
        ),
        done=lambda saved: (f"{saved.name} updated.", saved),
        template="layouts/form.html",
        context={
            "title": f"Change {supplier.name}",
            "back_url": supplier.get_absolute_url(),
            "cancel_url": supplier.get_absolute_url(),
        },
    )


def passport_edit(request, pk, kind):
    collaborative = collaborative_of(request)
    require(permissions.can_keep_suppliers(request.user, collaborative))
    supplier = _get_supplier(collaborative, pk)
    if kind not in PassportItem.Kind.values:
        raise Http404
    item = PassportItem.objects.filter(supplier=supplier, kind=kind).first()
    label = PassportItem.Kind(kind).label
    form = PassportForm(
        posted(request),
        instance=item,
        collaborative=collaborative,
        initial={"version": version_of(item) if item else ""},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.passport_save(
            user=request.user, supplier=supplier, kind=kind, data=data, version=data["version"]
        ),
        done=lambda saved: (f"{label} recorded for {supplier.name}.", supplier),
        template="layouts/form.html",
        context={
            "title": label,
            "caption": supplier.name,
            "back_url": supplier.get_absolute_url(),
            "cancel_url": supplier.get_absolute_url(),
        },
    )


def _buyer_organisations(request, collaborative):
    allowed = permissions.buyer_organisation_ids(request.user, collaborative)
    organisations = Organisation.objects.filter(
        collaborative=collaborative, role=Organisation.CollaborativeRole.CORE_ANCHOR
    ).order_by("name")
    return organisations if allowed is None else organisations.filter(pk__in=allowed)


def buyer_add(request, pk):
    """Record that an anchor buys from the supplier: a lead records their own organisation."""
    collaborative = collaborative_of(request)
    require(permissions.can_keep_suppliers(request.user, collaborative))
    supplier = _get_supplier(collaborative, pk)
    form = BuyerForm(posted(request), organisations=_buyer_organisations(request, collaborative))
    return form_page(
        request,
        form,
        save=lambda data: services.buyer_add(
            user=request.user,
            supplier=supplier,
            organisation=data["organisation"],
            what=data.get("what", ""),
        ),
        done=lambda link: (f"{link.organisation.short_name} buys from {supplier.name}.", supplier),
        template="layouts/form.html",
        context={
            "title": "Add an organisation that buys from this supplier",
            "caption": supplier.name,
            "back_url": supplier.get_absolute_url(),
            "cancel_url": supplier.get_absolute_url(),
        },
    )


@require_POST
def buyer_remove(request, pk):
    collaborative = collaborative_of(request)
    link = get_or_404(
        SupplierBuyer.objects.select_related("supplier", "organisation").get,
        collaborative=collaborative,
        pk=pk,
    )
    return perform(
        request,
        lambda: services.buyer_remove(user=request.user, link=link),
        success=f"{link.organisation.short_name} no longer listed as buying from "
        f"{link.supplier.name}.",
        then=link.supplier.get_absolute_url(),
    )


def area_edit(request):
    """The collaborative's area as postcode districts: suppliers there count as local."""
    collaborative = collaborative_of(request)
    require(permissions.can_manage_area(request.user, collaborative))
    current = list(selectors.area(collaborative=collaborative))
    form = AreaForm(
        posted(request),
        initial={
            "districts": ", ".join(d.district for d in current),
            "partial": ", ".join(d.district for d in current if d.partial),
        },
    )

    def save(data):
        districts = services.parse_districts(data["districts"])
        partial = services.parse_districts(data["partial"]) if data.get("partial") else []
        return services.area_set(
            user=request.user, collaborative=collaborative, districts=districts, partial=partial
        )

    return form_page(
        request,
        form,
        save=save,
        done=lambda changed: (
            f"Area saved. {changed} supplier{'s' if changed != 1 else ''} changed between "
            "local and not local.",
            reverse("procurement:supplier_list"),
        ),
        template="layouts/form.html",
        context={
            "title": "The collaborative’s area",
            "back_url": reverse("procurement:supplier_list"),
            "cancel_url": reverse("procurement:supplier_list"),
        },
    )


def event_list(request):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    if exported := export_response(request, "procurement.events", collaborative=collaborative):
        return exported
    return render(
        request,
        "procurement/event_list.html",
        {
            "title": "Supplier engagement events",
            "page": paginate(request, selectors.event_list(collaborative=collaborative)),
            "new_url": reverse("procurement:event_create")
            if permissions.can_keep_suppliers(request.user, collaborative)
            else None,
            "new_label": "Record an event",
            "section": "events",
        },
    )


def _get_event(collaborative, pk):
    return get_or_404(selectors.event_detail, collaborative=collaborative, pk=pk)


def event_detail(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_view_procurement(request.user, collaborative))
    event = _get_event(collaborative, pk)
    return render(
        request,
        "procurement/event_detail.html",
        {
            "title": event.title,
            "event": event,
            "hosts": event.hosts.order_by("name"),
            "attendances": selectors.event_attendances(event),
            "can_keep": permissions.can_keep_suppliers(request.user, collaborative),
            "section": "events",
        },
    )


def event_create(request):
    collaborative = collaborative_of(request)
    require(permissions.can_keep_suppliers(request.user, collaborative))
    form = EventForm(posted(request), collaborative=collaborative)
    return form_page(
        request,
        form,
        save=lambda data: services.event_save(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda event: (f"{event.title} recorded.", event),
        template="layouts/form.html",
        context={
            "title": "Record a supplier engagement event",
            "back_url": reverse("procurement:event_list"),
            "cancel_url": reverse("procurement:event_list"),
        },
    )


def event_edit(request, pk):
    collaborative = collaborative_of(request)
    require(permissions.can_keep_suppliers(request.user, collaborative))
    event = _get_event(collaborative, pk)
    form = EventForm(
        posted(request),
        instance=event,
        collaborative=collaborative,
        initial={"version": version_of(event)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.event_save(
            user=request.user,
            collaborative=collaborative,
            data=data,
            event=event,
            version=data["version"],
        ),
        done=lambda saved: (f"{saved.title} updated.", saved),
        template="layouts/form.html",
        context={
            "title": f"Change {event.title}",
            "back_url": event.get_absolute_url(),
            "cancel_url": event.get_absolute_url(),
        },
    )
