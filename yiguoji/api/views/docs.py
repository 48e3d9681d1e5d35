"""The OpenAPI 3 schema (generated from the code by drf-spectacular) and Swagger UI from the
vendored files of drf-spectacular-sidecar (no CDN). The UI's start-up script is served as its own
file (the "split" view), so the page runs under a Content-Security-Policy without inline scripts.

The schema answers a token or a signed-in session; the docs page is for signed-in staff."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAuthenticated

from yiguoji.api.authentication import TokenAuthentication
from yiguoji.api.views.base import ApiViewMixin


class SchemaView(ApiViewMixin, SpectacularAPIView):
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = []


class DocsView(SpectacularSwaggerSplitView):
    """A page of the portal (behind sign-in like every page), not a token API view."""

    url_name = "api-v1:schema"
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAuthenticated]

    @classmethod
    def as_view(cls, **initkwargs):
        # DRF exempts its views from LoginRequiredMiddleware; this one is a page: sign in first.
        view = login_required(super().as_view(**initkwargs))
        view.login_required = True
        return view
