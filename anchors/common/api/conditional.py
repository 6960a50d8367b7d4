"""``ETag`` and ``Last-Modified`` on every successful GET, and 304 when the client already has it.

The ETag is the sha256 of the response's JSON as sent (rendered once, here, and hashed), so it
changes when anything shown changes; GZipMiddleware's weak form ``W/"…"`` matches too.
``Last-Modified`` is the latest ``updated_at`` of the rows shown, where the view knows it
(``self.modified``).
"""

import hashlib

from django.utils.http import http_date, parse_http_date_safe
from rest_framework import status
from rest_framework.response import Response


def body_etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:40]}"'


def _matches(header: str, etag: str) -> bool:
    wanted = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in wanted or etag in wanted


def latest_update(rows):
    """The newest ``updated_at`` among rows (None when they have none)."""
    stamps = [getattr(row, "updated_at", None) for row in rows or ()]
    stamps = [stamp for stamp in stamps if stamp is not None]
    return max(stamps) if stamps else None


class ConditionalMixin:
    """For a DRF view: set ``self.modified`` (a datetime) while answering to send
    ``Last-Modified``; the ETag needs nothing."""

    modified = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != status.HTTP_200_OK
            or not isinstance(response, Response)
            or response.data is None
        ):
            return response
        response.render()  # once: Django sends the rendered body as it is
        etag = body_etag(response.content)
        headers = {"ETag": etag}
        if self.modified is not None:
            headers["Last-Modified"] = http_date(self.modified.timestamp())
        for name, value in headers.items():
            response[name] = value
        if self._not_modified(request, etag):
            unchanged = Response(status=status.HTTP_304_NOT_MODIFIED, headers=headers)
            return super().finalize_response(request, unchanged, *args, **kwargs)
        return response

    def _not_modified(self, request, etag):
        if_none_match = request.headers.get("If-None-Match")
        if if_none_match:
            return _matches(if_none_match, etag)
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        return bool(since and self.modified and int(self.modified.timestamp()) <= since)
