"""The one way a page saves a form, the one way a button runs an action, and request helpers.

A view checks permission, builds its form, then hands over::

    return form_page(
        request, form,
        save=lambda data: services.person_update(user=request.user, person=person, data=data,
                                                 version=data["version"]),
        done=lambda saved: (f"{saved.name} updated.", saved),
        template="anchors/person_form.html",
        context={"title": f"Edit {person.name}", "person": person},
    )

``form_page`` validates, calls ``save`` (one service) with the cleaned data, turns a
``PortalError`` into errors on the form (a stale save also shows what is saved now), or adds the
success message and redirects. ``perform`` does the same for a POST-only button.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from anchors.common import exports
from anchors.common.errors import PortalError, StaleEditError
from anchors.common.exportjobs.services import export_job_start


def posted(request):
    """The submitted data on a POST (even when empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None


def get_or_404(fetch, **kwargs):
    """Call a detail selector; a record that does not exist (here) is a 404.

    Given ``collaborative=``, the record found is of that collaborative: it is given the
    collaborative already loaded, so nothing (a permission check, a link) queries it again."""
    try:
        record = fetch(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    collaborative = kwargs.get("collaborative")
    if collaborative is not None and getattr(record, "collaborative_id", None) == collaborative.pk:
        record.collaborative = collaborative
    return record


def int_param(request, name):
    """A whole-number query parameter, or None."""
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() else None


def safe_next(request, default):
    """The ``next`` URL a form or link carries, if it stays on this site; else ``default``."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def form_page(request, form, *, save, done, template, context=None, status=200):
    """Render ``form``; on a valid POST call ``save(cleaned_data)`` — one service — then say
    ``done(result)``'s message and redirect to its target, or show the service's refusal on the
    form. ``done`` returns (message, anything ``redirect`` takes)."""
    stale = False
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except PortalError as error:
            form.add_service_error(error)
            stale = isinstance(error, StaleEditError)
        else:
            message, target = done(result) if callable(done) else done
            if message:
                messages.success(request, message)
            return redirect(target)
    page = {"form": form, "stale": stale, **(context or {})}
    return render(request, template, page, status=status)


def perform(request, action, *, success, then, failed=None, failure_prefix=""):
    """Run a POST-only button's service: on success say ``success`` (a message, or a function of
    the result giving one) and redirect to ``then``; on a refusal show the service's message and
    redirect to ``failed`` (default: ``then``)."""
    try:
        result = action()
    except PortalError as error:
        messages.error(request, f"{failure_prefix}{error.message}")
        return redirect(then if failed is None else failed)
    message = success(result) if callable(success) else success
    if message:
        messages.success(request, message)
    return redirect(then)


def export_response(request, name, *, collaborative, **url):
    """Answer ``?format=csv|xlsx`` on a list page, or None when no format is asked for: the table
    registered as ``name`` (``AppConfig.exports``) with the page's filters, streamed, or — past
    ``EXPORT_STREAM_MAX_ROWS`` rows — handed to a background task, with a redirect to the page
    that follows it. Call it after the page's own permission check::

        if exported := export_response(request, "anchors.actions", collaborative=collaborative):
            return exported

    ``url`` holds the page's own URL arguments (``period=3``): the builder reads them from its
    query as ``url.period``, so a background build sees them too.
    """
    format = request.GET.get("format")
    if format not in exports.FORMATS:
        return None
    query = request.GET.copy()
    for key in ("format", "page"):
        query.pop(key, None)
    for key, value in url.items():
        query[f"url.{key}"] = str(value)
    export = exports.build_export(name, user=request.user, collaborative=collaborative, query=query)
    limit = getattr(settings, "EXPORT_STREAM_MAX_ROWS", exports.STREAM_MAX_ROWS)
    if export.count is not None and export.count > limit:
        job = export_job_start(
            user=request.user,
            name=name,
            format=format,
            query=query.urlencode(),
            scope=collaborative.pk,
            title=export.title,
            rows=export.count,
        )
        # The job's page says whether it is still being prepared (in eager mode it is ready).
        return redirect(job)
    return exports.stream_response(export, format)
