"""The base of every API viewset: read-only, authenticated, one collaborative, the page's rules.

An app's viewset names the page's own predicate and selector::

    class ActionViewSet(PortalReadOnlyViewSet):
        serializer_class = ActionSerializer
        filterset_class = ActionFilter
        allowed = staticmethod(permissions.can_view_actions)   # (user, collaborative) -> bool

        def rows(self, *, user, collaborative):
            return selectors.action_list(collaborative=collaborative)

``allowed`` False is a 403 (as the page's ``require``); a row the selector does not return is a 404.
Rows another rule hides from this role (another organisation's values) are filtered in ``rows``
by the same predicates the pages call.

Fast lists (issue 13): every page is serialized by ``represent`` (the same JSON, fast); a list may
read its rows as ``Row``s (``related.as_rows``) and its to-many relations and per-row counts for
the page's rows only, in ``attach`` (``self.action == "list"``), while the detail keeps the page's
selector and prefetches.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.openapi import AutoSchema
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied as ApiPermissionDenied

from anchors.common.api.conditional import ConditionalMixin, latest_update
from anchors.common.api.filters import PortalFilterBackend
from anchors.common.api.pagination import SequenceCursorPagination
from anchors.common.api.serializers import represent


class LoginNotRequiredMixin:
    """DRF authenticates (a token or the session): Django's LoginRequiredMiddleware, which only
    knows the session, must not send a token's request to the sign-in page."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        view = super().as_view(*args, **kwargs)
        view.login_required = False
        return view


class CollaborativeMixin:
    """``self.collaborative``: the token's collaborative, or the session's (set by the base
    layer's middleware as ``request.collaborative``)."""

    @property
    def collaborative(self):
        if not hasattr(self, "_collaborative"):
            token = self.request.auth
            if token is not None and hasattr(token, "collaborative"):
                self._collaborative = token.collaborative
            else:
                self._collaborative = getattr(self.request._request, "collaborative", None)
        return self._collaborative


class PortalViewSet(
    LoginNotRequiredMixin, CollaborativeMixin, ConditionalMixin, viewsets.GenericViewSet
):
    """Authenticated, in one collaborative, allowed by the page's predicate; no actions of its
    own (a viewset answering about the request itself adds ``list``)."""

    filter_backends = [PortalFilterBackend]
    allowed = None  # staticmethod (user, collaborative) -> bool: the page's own predicate

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, IsAuthenticated, throttle
        if getattr(self, "swagger_fake_view", False):
            return
        if self.collaborative is None or not self.allowed(request.user, self.collaborative):
            raise ApiPermissionDenied

    def represent(self, instance, *, many=False, serializer_class=None):
        """What ``self.get_serializer(instance, many=many).data`` gives, made fast
        (``anchors.common.api.serializers``)."""
        return represent(
            serializer_class or self.get_serializer_class(),
            instance,
            many=many,
            context=self.get_serializer_context(),
        )


class SingleObjectSchema(AutoSchema):
    """For a viewset whose ``list`` answers one object (who is asking), not an array."""

    def _is_list_view(self, serializer=None):
        return False


class PortalReadOnlyViewSet(
    PortalViewSet, viewsets.mixins.ListModelMixin, viewsets.mixins.RetrieveModelMixin
):
    """A list (cursor pages, filters) and a detail of the rows ``rows`` returns."""

    def rows(self, *, user, collaborative):  # pragma: no cover - every viewset defines it
        raise NotImplementedError

    def attach(self, page):
        """After paging: what the list shows that is read for the page's rows only (to-many
        relations with ``anchors.common.api.related.attach``, counts); ``rows`` then reads
        them only for a detail."""

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular building the schema
            return self.get_serializer_class().Meta.model.objects.none()
        return self.rows(user=self.request.user, collaborative=self.collaborative)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        self.attach(page)
        self.modified = latest_update(page)
        return self.get_paginated_response(self.represent(page, many=True))

    def get_object(self):
        try:
            instance = super().get_object()
        except PermissionDenied as error:
            raise ApiPermissionDenied from error
        self.modified = getattr(instance, "updated_at", None)
        return instance


class PortalSequenceViewSet(PortalViewSet):
    """A list computed in memory by a page's selector (joint-tender matches, spend shares), in
    the selector's fixed order, paged with an opaque cursor like every other list."""

    pagination_class = SequenceCursorPagination
    filter_backends: list = []

    def rows(self, *, user, collaborative):  # pragma: no cover - every viewset defines it
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(
            self.rows(user=request.user, collaborative=self.collaborative)
        )
        return self.get_paginated_response(self.represent(page, many=True))
