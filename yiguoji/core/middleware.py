"""Attributes every tracked change made while serving a request to the signed-in user."""

from django.utils.cache import add_never_cache_headers

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


class PrivateNoStoreMiddleware:
    """``Cache-Control: private, no-store`` on every response that may hold personal data (issue
    10 item 6): whatever a signed-in user is served (pages, exports, PDFs, downloads) and the
    workers' self-service under ``/public/pay/``. Browsers and proxies keep none of it; the
    published project pages (anonymous, no personal data) keep their own caching."""

    SELF_SERVICE = "/public/pay/"
    PUBLISHED = "/public/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.SELF_SERVICE) or self._signed_in(request):
            add_never_cache_headers(response)  # max-age=0, no-cache, no-store, private
        return response

    def _signed_in(self, request) -> bool:
        if request.path.startswith(self.PUBLISHED):
            return False  # never load the session there: the pages stay cacheable (no Vary)
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated
