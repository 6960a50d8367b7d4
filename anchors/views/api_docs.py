"""The API's OpenAPI schema and its documentation page (the toolkit's views, named here)."""

from django.contrib.auth.decorators import login_required

from anchors.common.api.docs import DocsView, SchemaView

api_schema = SchemaView.as_view()
# Signed out, the docs page sends people to sign in, as every page does (DRF's views are exempt
# from the login middleware).
api_docs = login_required(DocsView.as_view(url_name="anchors:api_schema"))
