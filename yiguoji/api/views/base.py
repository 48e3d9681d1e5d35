"""The base of every API view: token only (exempt from the sign-in redirect, which is for pages),
body size limit, ETag / If-None-Match, a log row per call, and reads through yiguoji.scope.

An app's resource is a declaration, as a list page is::

    class ProjectViewSet(ScopedReadOnlyViewSet):
        api_scope = "projects:read"
        capability = caps.VIEW
        queryset = project_list_queryset()
        filterset_class = ProjectFilter
        serializer_class = ProjectSerializer
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from rest_framework import mixins, viewsets
from rest_framework.views import APIView

from yiguoji import scope
from yiguoji.api.errors import PayloadTooLarge
from yiguoji.api.services import call_log


class ApiViewMixin:
    """Shared by every API view (see the module docstring)."""

    api_scope: str = ""  # e.g. "projects:read"; "" only for views that need no scope
    capability: str = ""  # the page's capability for the client's role
    max_body: int | None = None  # bytes; None = settings.API_MAX_BODY_BYTES
    token_api = True  # tests/core/test_public_pages.py: exempt from sign-in as a token API

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def required_scope(self, request) -> str:
        return self.api_scope

    def initial(self, request, *args, **kwargs):
        limit = settings.API_MAX_BODY_BYTES if self.max_body is None else self.max_body
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = limit + 1
        if length > limit:
            raise PayloadTooLarge(limit)
        super().initial(request, *args, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        started = time.monotonic()
        response = super().dispatch(request, *args, **kwargs)
        token = getattr(self.request, "_auth", None)
        call_log(
            client_id=getattr(token, "client_id", None),
            token_id=getattr(token, "pk", None),
            method=request.method,
            path=request.get_full_path(),
            status=response.status_code,
            duration_ms=int((time.monotonic() - started) * 1000),
            ip=request.META.get("REMOTE_ADDR"),
        )
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization",))
        if request.method not in ("GET", "HEAD"):
            patch_cache_control(response, private=True, no_store=True)  # e.g. a revealed number
            return response
        patch_cache_control(response, private=True, no_cache=True)
        if response.status_code == 200:
            if hasattr(response, "render"):
                response.render()
            etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            response["ETag"] = etag
            return get_conditional_response(request, etag=etag, response=response)
        return response


class ApiView(ApiViewMixin, APIView):
    pass


class ScopedReadOnlyViewSet(
    ApiViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and detail of the rows the client's user may see: outside them is 404, as on pages."""

    scope_action = scope.VIEW

    def get_queryset(self):
        return scope.restrict(super().get_queryset(), self.request.user, self.scope_action)
