"""Pages are compressed when the browser asks (GZipMiddleware), and the CSRF token in them differs
from response to response, so compression does not reopen BREACH (docs/adr/0013)."""

import gzip
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_page_is_compressed_when_the_browser_accepts_gzip(client_for, facilitator):
    client = client_for(facilitator)
    response = client.get(reverse("anchors:action_list"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "<h1" in html
    assert "Actions" in html
    assert len(response.content) < len(html.encode()) / 3


def test_a_page_is_sent_plain_when_the_browser_does_not_ask(client_for, facilitator):
    response = client_for(facilitator).get(reverse("anchors:action_list"))
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"<h1" in response.content


def test_each_response_carries_a_differently_masked_csrf_token(client_for, facilitator):
    client = client_for(facilitator)
    tokens = set()
    for _ in range(3):
        response = client.get(reverse("anchors:workshop_create"), HTTP_ACCEPT_ENCODING="gzip")
        html = gzip.decompress(response.content).decode()
        tokens.add(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert len(tokens) == 3


def test_the_compressed_page_is_the_plain_page_and_its_length_varies(client_for, facilitator):
    """The toolkit's middleware (level 1, docs/adr/0013) sends what the plain response holds,
    with Django's random padding in the gzip header, so equal pages differ in length."""
    from anchors.common.compression import compress

    client = client_for(facilitator)
    url = reverse("anchors:action_list")
    plain = client.get(url).content
    html = gzip.decompress(client.get(url, HTTP_ACCEPT_ENCODING="gzip").content)
    assert html.count(b"<tr") == plain.count(b"<tr") > 0
    body = b"<p>same page</p>" * 100
    lengths = {len(compress(body, max_random_bytes=100)) for _ in range(20)}
    assert len(lengths) > 1
    assert {gzip.decompress(compress(body, max_random_bytes=100)) for _ in range(5)} == {body}


def test_a_streamed_download_is_still_compressed(client_for, facilitator):
    from django.http import StreamingHttpResponse
    from django.test import RequestFactory

    from anchors.common.compression import GZipMiddleware

    rows = [b"ref,name\n"] + [f"{n},row {n}\n".encode() for n in range(500)]
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    response = GZipMiddleware(lambda r: StreamingHttpResponse(iter(rows)))(request)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(response.streaming_content)) == b"".join(rows)
