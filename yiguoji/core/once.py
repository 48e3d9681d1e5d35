"""One form, one thing created (issue 10, item 17): a double click, a second Enter or a form
sent again from the browser's history creates nothing more.

The form carries a key of its own (``{% once_field %}``, a new one at every rendering). The view
claims the key (``claim``) just before it creates something: the first request gets ``None``
and goes on; a repeat gets where the first one led (``remember``), or "" while the first still
runs, and creates nothing. A refusal gives the key back (``release``) so the corrected form can
be sent. Keys live in the cache (Redis, atomic ``add``) for a day; a form without a key (an old
page, a script) is not guarded, and neither is anything while the cache is unreachable.
"""

from __future__ import annotations

import logging
import secrets

from django.core.cache import cache

FIELD = "once"
SECONDS = 24 * 3600
REPEATED = "该表单已经提交过一次，本次重复提交未作任何改动"
log = logging.getLogger(__name__)


def new_key() -> str:
    return secrets.token_urlsafe(16)


def _cache_key(request) -> str | None:
    key = request.POST.get(FIELD, "")
    if not key or len(key) > 64:
        return None
    return f"once:{request.user.pk}:{key}"


def claim(request) -> str | None:
    """None for the first submission of this form; for a repeat, where the first one led."""
    key = _cache_key(request)
    if key is None:
        return None
    try:
        if cache.add(key, "", SECONDS):
            return None
        return cache.get(key) or ""
    except Exception:  # the cache is down: the form is not guarded, the request goes on
        log.warning("once: cache unreachable, form not guarded", exc_info=True)
        return None


def remember(request, url: str) -> None:
    key = _cache_key(request)
    if key is not None:
        try:
            cache.set(key, url, SECONDS)
        except Exception:
            log.warning("once: cache unreachable", exc_info=True)


def release(request) -> None:
    key = _cache_key(request)
    if key is not None:
        try:
            cache.delete(key)
        except Exception:
            log.warning("once: cache unreachable", exc_info=True)
