"""Cursor pagination on the primary key: a unique, never-changing order, so a page is the same
whatever is inserted while a client walks the list (rows inserted later come at the end)."""

from rest_framework.pagination import CursorPagination


class StableCursorPagination(CursorPagination):
    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
