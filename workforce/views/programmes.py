"""Apprenticeship programmes: the list (filters, pages), a programme with its apprentices and
history, and adding or changing programmes and apprentices (own organisation only)."""

from django.shortcuts import render
from django.urls import reverse

from anchors.common.errors import require
from anchors.common.locking import version_of
from anchors.common.pagination import paginate
from anchors.common.views import export_response, form_page, get_or_404, posted
from anchors.models import Organisation
from anchors.views.common import member_collaborative
from workforce import permissions
from workforce.forms.programmes import ApprenticeForm, ProgrammeFilterForm, ProgrammeForm
from workforce.selectors import programmes as selectors
from workforce.services import programmes as services

NO_NAMES = (
    "Apprentices are recorded by a reference only — never a name, date of birth or address. "
    "The portal needs to count apprentices and see where they live by area, not who they are, "
    "so it keeps no more than that (data minimisation, UK GDPR Article 5). Your organisation "
    "keeps the key that links a reference to a person."
)


def _editable_organisations(user, collaborative):
    ids = permissions.workforce_organisation_ids(user, collaborative)
    organisations = Organisation.objects.filter(collaborative=collaborative).order_by("name")
    if ids is None:
        return organisations.filter(role=Organisation.CollaborativeRole.CORE_ANCHOR)
    return organisations.filter(pk__in=ids)


def programme_list(request):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    if exported := export_response(request, "workforce.programmes", collaborative=collaborative):
        return exported
    filter_form = ProgrammeFilterForm(request.GET or None, collaborative=collaborative)
    chosen = filter_form.filters() if request.GET else {}
    organisation = chosen.get("organisation")
    page = paginate(
        request,
        selectors.programme_list(
            collaborative=collaborative,
            organisation_id=organisation.pk if organisation else None,
            status=chosen.get("status", ""),
            level=chosen.get("level"),
            query=chosen.get("q", ""),
        ),
    )
    return render(
        request,
        "workforce/programme_list.html",
        {
            "title": "Apprenticeship programmes",
            "page": page,
            "filter_form": filter_form,
            "filtered": any(chosen.values()),
            "clear_url": reverse("workforce:programme_list"),
            "new_url": reverse("workforce:programme_create")
            if permissions.can_keep_any_workforce(request.user, collaborative)
            else None,
            "new_label": "Add a programme",
        },
    )


def _programme(collaborative, pk):
    return get_or_404(selectors.programme_detail, collaborative=collaborative, pk=pk)


def programme_detail(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    programme = _programme(collaborative, pk)
    return render(
        request,
        "workforce/programme_detail.html",
        {
            "title": programme.standard_name,
            "caption": f"{programme.organisation.name} · level {programme.level}",
            "programme": programme,
            "apprentices": paginate(
                request,
                selectors.programme_apprentices(programme),
                param="apprentices_page",
                fragment="apprentices",
            ),
            "can_edit": permissions.can_edit_workforce(request.user, programme.organisation),
            "history": paginate(
                request,
                selectors.programme_history(programme),
                per_page=20,
                param="history_page",
                fragment="history",
            ),
            "back_url": reverse("workforce:programme_list"),
            "back_label": "All programmes",
        },
    )


def programme_create(request):
    collaborative = member_collaborative(request)
    require(permissions.can_keep_any_workforce(request.user, collaborative))
    form = ProgrammeForm(
        posted(request),
        organisations=_editable_organisations(request.user, collaborative),
        collaborative=collaborative,
    )
    return form_page(
        request,
        form,
        save=lambda data: services.programme_create(
            user=request.user, collaborative=collaborative, data=data
        ),
        done=lambda saved: (f"{saved.standard_name} added.", saved),
        template="layouts/form.html",
        context={
            "title": "Add an apprenticeship programme",
            "back_url": reverse("workforce:programme_list"),
            "cancel_url": reverse("workforce:programme_list"),
        },
    )


def programme_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    programme = _programme(collaborative, pk)
    require(permissions.can_edit_workforce(request.user, programme.organisation))
    form = ProgrammeForm(
        posted(request),
        instance=programme,
        organisations=_editable_organisations(request.user, collaborative),
        collaborative=collaborative,
        initial={"version": version_of(programme)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.programme_update(
            user=request.user, programme=programme, data=data, version=data["version"]
        ),
        done=lambda saved: (f"{saved.standard_name} updated.", saved),
        template="layouts/form.html",
        context={
            "title": f"Change {programme.standard_name}",
            "caption": programme.organisation.name,
            "back_url": programme.get_absolute_url(),
            "cancel_url": programme.get_absolute_url(),
        },
    )


def apprentice_add(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    programme = _programme(collaborative, pk)
    require(permissions.can_edit_workforce(request.user, programme.organisation))
    form = ApprenticeForm(posted(request), programme=programme)
    return form_page(
        request,
        form,
        save=lambda data: services.apprentice_create(
            user=request.user, programme=programme, data=data
        ),
        done=lambda saved: (f"Apprentice {saved.reference} added.", programme),
        template="workforce/programme_apprentice_form.html",
        context={
            "title": "Add an apprentice",
            "caption": f"{programme.standard_name}, {programme.organisation.name}",
            "no_names": NO_NAMES,
            "back_url": programme.get_absolute_url(),
            "cancel_url": programme.get_absolute_url(),
        },
    )


def apprentice_edit(request, pk):
    collaborative = member_collaborative(request)
    require(permissions.can_view_workforce(request.user, collaborative))
    apprentice = get_or_404(selectors.apprentice_detail, collaborative=collaborative, pk=pk)
    programme = apprentice.programme
    programme.collaborative = collaborative
    require(permissions.can_edit_workforce(request.user, programme.organisation))
    form = ApprenticeForm(
        posted(request),
        instance=apprentice,
        programme=programme,
        initial={"version": version_of(apprentice)},
    )
    return form_page(
        request,
        form,
        save=lambda data: services.apprentice_update(
            user=request.user, apprentice=apprentice, data=data, version=data["version"]
        ),
        done=lambda saved: (f"Apprentice {saved.reference} updated.", programme),
        template="workforce/programme_apprentice_form.html",
        context={
            "title": f"Change apprentice {apprentice.reference}",
            "caption": f"{programme.standard_name}, {programme.organisation.name}",
            "no_names": NO_NAMES,
            "back_url": programme.get_absolute_url(),
            "cancel_url": programme.get_absolute_url(),
        },
    )
