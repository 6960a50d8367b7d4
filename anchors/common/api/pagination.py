"""Cursor pagination for every list: stable under inserts, so a BI tool can page through a
table while it changes. Ordered by primary key unless a viewset says otherwise."""

import binascii
from base64 import b64decode, b64encode

from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class PortalCursorPagination(CursorPagination):
    ordering = "pk"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


class SequenceCursorPagination(BasePagination):
    """The same page shape (``next``, ``previous``, ``results``) for a list computed in memory
    (joint-tender matches, spend shares): the cursor is an opaque position in the list, which is
    in a fixed order."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000
    cursor_query_param = "cursor"

    def _size(self, request):
        raw = request.query_params.get(self.page_size_query_param, "")
        if raw.isdigit() and int(raw) > 0:
            return min(int(raw), self.max_page_size)
        return self.page_size

    def _link(self, offset):
        if offset is None:
            return None
        cursor = b64encode(f"o={offset}".encode()).decode()
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, cursor
        )

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._size(request)
        offset = 0
        raw = request.query_params.get(self.cursor_query_param)
        if raw:
            try:
                offset = int(b64decode(raw.encode(), validate=True).decode().removeprefix("o="))
            except (ValueError, UnicodeDecodeError, binascii.Error) as error:
                raise NotFound("Invalid cursor") from error
            if offset < 0:
                raise NotFound("Invalid cursor")
        rows = list(queryset)
        page = rows[offset : offset + size]
        self.next_offset = offset + size if offset + size < len(rows) else None
        self.previous_offset = max(offset - size, 0) if offset > 0 else None
        return page

    def get_paginated_response(self, data):
        return Response(
            {
                "next": self._link(self.next_offset),
                "previous": self._link(self.previous_offset),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return PortalCursorPagination().get_paginated_response_schema(schema)

    def get_schema_operation_parameters(self, view):
        return PortalCursorPagination().get_schema_operation_parameters(view)
