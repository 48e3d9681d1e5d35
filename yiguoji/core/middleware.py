"""Attributes every tracked change made while serving a request to the signed-in user."""

from yiguoji.core.audit import acting_as


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if request.method in ("GET", "HEAD", "OPTIONS") or user is None:
            return self.get_response(request)
        with acting_as(user, url=request.path[:200], ip=request.META.get("REMOTE_ADDR")):
            return self.get_response(request)
