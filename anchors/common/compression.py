"""Compressed responses at a level chosen for a page's time, not its last kilobyte.

Django's ``GZipMiddleware`` compresses at zlib level 6. On the portal's largest page (correcting
a workshop: 600 KB of HTML, most of it the owner lists of a dozen action rows) that costs 6.5 ms
of the request's ~45; level 1 costs 2.6 ms and sends 75 KB instead of 64 KB. Level 1 is also
nginx's default (``gzip_comp_level 1``). Everything else — what is compressed, ``Vary``, weak
ETags, the random padding in the gzip header that blurs the length (docs/adr/0013) — is
Django's middleware as it is; streamed responses go through it unchanged (level 6), since they
are downloads whose time is in building the rows.
"""

import gzip
import secrets

from django.middleware.gzip import GZipMiddleware as DjangoGZipMiddleware
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers

COMPRESS_LEVEL = 1


def compress(content: bytes, *, max_random_bytes: int) -> bytes:
    """``django.utils.text.compress_string`` at ``COMPRESS_LEVEL``: gzip with a random-length
    file name in the header, so equal pages differ in length."""
    data = gzip.compress(content, compresslevel=COMPRESS_LEVEL, mtime=0)
    header = bytearray(data[:10])
    header[3] = gzip.FNAME
    padding = b"a" * secrets.randbelow(max_random_bytes) + b"\x00"
    return bytes(header) + padding + data[10:]


class GZipMiddleware(DjangoGZipMiddleware):
    def process_response(self, request, response):
        if response.streaming:
            return super().process_response(request, response)
        if len(response.content) < 200 or response.has_header("Content-Encoding"):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        compressed = compress(response.content, max_random_bytes=self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
