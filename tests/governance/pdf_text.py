"""The text of a PDF's streams, for tests that look for markers (tagging, PDF/UA metadata).

Each stream is inflated from just after its ``stream`` keyword until zlib says the data ends, so
compressed bytes that happen to hold a carriage return or the word ``endstream`` cannot cut a
stream short (a regular expression up to ``endstream`` did, now and then)."""

import re
import zlib


def pdf_text(pdf: bytes) -> str:
    texts = [pdf.decode("latin-1")]
    for match in re.finditer(rb"stream\r?\n", pdf):
        start = match.end()
        inflater = zlib.decompressobj()
        try:
            texts.append(inflater.decompress(pdf[start : start + 10_000_000]).decode("latin-1"))
        except zlib.error:
            continue  # not a compressed stream: its bytes are in the raw text above
    return "\n".join(texts)
