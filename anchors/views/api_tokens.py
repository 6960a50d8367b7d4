"""Personal API tokens on "Your account": the list, making one (shown once), revoking one."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from anchors.common.errors import PortalError
from anchors.common.pagination import paginate
from anchors.common.views import get_or_404, perform, posted
from anchors.forms.api_tokens import ApiTokenForm
from anchors.selectors import api_tokens as selectors
from anchors.services import api_tokens as services


def api_token_list(request):
    return render(
        request,
        "anchors/api_token_list.html",
        {"tokens": paginate(request, selectors.tokens_for(user=request.user))},
    )


@never_cache
def api_token_create(request):
    form = ApiTokenForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            token, raw = services.api_token_create(
                user=request.user,
                collaborative=request.collaborative,
                name=form.cleaned_data["name"],
                days=form.cleaned_data["days"],
            )
        except PortalError as error:
            form.add_service_error(error)
        else:
            # Shown on this response only: the portal keeps just its hash.
            return render(
                request, "anchors/api_token_created.html", {"token": token, "secret": raw}
            )
    return render(request, "anchors/api_token_form.html", {"form": form})


@require_POST
def api_token_revoke(request, pk):
    token = get_or_404(selectors.own_token, user=request.user, pk=pk)
    return perform(
        request,
        lambda: services.api_token_revoke(user=request.user, token=token),
        success=f"The token “{token.name}” is revoked: tools using it can no longer read the API.",
        then=reverse("anchors:api_token_list"),
    )
