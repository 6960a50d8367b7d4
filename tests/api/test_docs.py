"""The OpenAPI schema validates, every path in it is tested, and the docs page runs under the
portal's CSP with its scripts from /static/ (no CDN, no inline script)."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from tests.api.paths import TESTED_PATHS

pytestmark = pytest.mark.django_db


def test_the_schema_validates_without_warnings(tmp_path):
    # --fail-on-warn: any warning drf-spectacular raises (an untyped field, a path it cannot
    # describe) fails the command; --validate checks it against the OpenAPI 3 meta-schema.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))
    assert (tmp_path / "s.yml").stat().st_size > 10_000


def _schema(client):
    response = client.get(reverse("anchors:api_schema"))
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_path_in_the_schema_is_tested(client_for, lead_a):
    paths = set(_schema(client_for(lead_a))["paths"])
    assert paths == TESTED_PATHS, (
        f"untested: {sorted(paths - TESTED_PATHS)}; gone: {sorted(TESTED_PATHS - paths)}"
    )


def test_every_operation_is_read_only_and_needs_a_token(client_for, lead_a):
    schema = _schema(client_for(lead_a))
    methods = {method for operations in schema["paths"].values() for method in operations}
    assert methods <= {"get"}
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["tokenAuth"]["description"],
    }


def test_the_docs_page_runs_under_the_csp_from_static_files(client_for, lead_a):
    response = client_for(lead_a).get(reverse("anchors:api_docs"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in script_src
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>", html)
    sources = []
    for attributes in scripts:
        if 'type="application/json"' in attributes:
            continue  # data, not code
        src = re.search(r'src="([^"]+)"', attributes)
        if src:
            sources.append(src.group(1))
        else:  # an inline script runs only with the request's nonce
            assert f'nonce="{nonce}"' in attributes, attributes
    # Swagger UI (drf-spectacular-sidecar) and the page's own starter, all from /static/.
    assert len(sources) >= 4
    assert all(src.startswith("/static/") for src in sources), sources
    assert any("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in s for s in sources)
    assert "/static/js/api_docs.js" in sources
    swagger = [a for a in scripts if "drf_spectacular_sidecar" in a or "api_docs.js" in a]
    assert len(swagger) == 3
    assert all(f'nonce="{nonce}"' in a for a in swagger)
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert all(href.startswith("/static/") for href in styles)
    assert "cdn" not in html.lower()


# The test settings serve static files from STATIC_ROOT (after collectstatic); here they come
# through the finders, as in development, so the test needs no collectstatic.
@override_settings(WHITENOISE_USE_FINDERS=True)
def test_the_vendored_assets_are_served(client_for, lead_a):
    client = client_for(lead_a)
    for path in (
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/js/api_docs.js",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        b"".join(response.streaming_content) if response.streaming else response.content


def test_signed_out_the_docs_page_sends_to_sign_in(client):
    response = client.get(reverse("anchors:api_docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
