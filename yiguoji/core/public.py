"""What every anonymous page shares: the one way to exempt a view from sign-in, request size
limits, rate limits (django-ratelimit on the Redis cache), and the caching headers.

Apps keep their anonymous pages in one small package (``projects/public/``,
``payroll/public/``) and decorate each view with :func:`public_page`; the test suite lists
every view exempt from ``LoginRequiredMiddleware`` and refuses any other
(``tests/core/test_public_pages.py``).
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django_ratelimit.core import is_ratelimited

MAX_BODY_BYTES = 16 * 1024  # a complaint of 2,000 characters is about 6 KB of form data


def public_page(view=None, *, max_body: int = MAX_BODY_BYTES):
    """Mark ``view`` as reachable without signing in; refuse bodies above ``max_body`` bytes
    before they are read (413)."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(request, *args, **kwargs):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = max_body + 1
            if length > max_body:
                return HttpResponse("提交的内容过长", status=413, content_type="text/plain")
            return function(request, *args, **kwargs)

        wrapper.public_page = True
        return login_not_required(wrapper)

    return decorate(view) if view is not None else decorate


def digest(value: str, purpose: str) -> str:
    """A keyed, non-reversible digest: rate-limit keys and logs never hold an ID or a phone."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}\x00{value}".encode(), hashlib.sha256).hexdigest()[:32]


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


def limited(request, group: str, rate: str, value: str) -> bool:
    """Count one use of ``group`` by ``value`` (an address or a digest); True once ``rate``
    (e.g. "5/h") is exceeded."""
    return is_ratelimited(
        request, group=f"public.{group}", key=lambda _g, _r: value, rate=rate, increment=True
    )


def too_many(request, template: str = "public/limited.html"):
    response = render(request, template, status=429)
    response["Retry-After"] = "3600"
    return private(response)


def private(response):
    """Pages with a form or someone's own data: never stored by a browser or a proxy."""
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def cacheable(request, body: str, *, seconds: int | None = None):
    """A page the same for everyone: ``Cache-Control: public`` with an ETag of its body, and
    ``304 Not Modified`` when the browser or proxy already holds it."""
    seconds = settings.PUBLIC_CACHE_SECONDS if seconds is None else seconds
    etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag)
    if response is None:
        response = HttpResponse(body)
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=seconds)
    return response
