"""The OpenAPI schema and the interactive docs page, under the portal's CSP.

The Swagger UI comes from drf-spectacular-sidecar's static files (served by WhiteNoise, never a
CDN); the page starts it with the portal's own static module ``js/api_docs.js``, which reads its
settings from a JSON data element: no inline script, and every script tag carries the request's
CSP nonce.
"""

from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from anchors.common.api.auth import TokenAuthentication
from anchors.common.api.views import LoginNotRequiredMixin


class SchemaView(LoginNotRequiredMixin, SpectacularAPIView):
    """The OpenAPI 3 schema (YAML, or JSON with ``?format=json``), for anyone signed in or
    holding a token."""

    authentication_classes = [SessionAuthentication, TokenAuthentication]
    permission_classes = [IsAuthenticated]


class DocsView(SpectacularSwaggerView):
    """Swagger UI for a signed-in person (session authentication, as every page)."""

    template_name = "api/docs.html"
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        return Response(
            data={
                "title": self.title,
                "swagger_ui_css": self._swagger_ui_resource("swagger-ui.css"),
                "swagger_ui_bundle": self._swagger_ui_resource("swagger-ui-bundle.js"),
                "swagger_ui_standalone": self._swagger_ui_resource(
                    "swagger-ui-standalone-preset.js"
                ),
                "favicon_href": self._swagger_ui_favicon(),
                "config": {
                    "schema_url": self._get_schema_url(request),
                    "csrf_header_name": self._get_csrf_header_name(),
                },
            },
            template_name=self.template_name,
        )
