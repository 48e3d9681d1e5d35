"""Typed readers for settings that need more than django-environ's casts.

Kept separate from ``settings.py`` so that they can be tested without importing settings.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

# Values that people paste from examples; none of them is a secret.
PLACEHOLDERS = frozenset(
    {
        "",
        "changeme",
        "change-me",
        "secret",
        "secret-key",
        "your-secret-key",
        "please-change-me",
        "django-insecure",
        "xxx",
        "todo",
    }
)
MIN_SECRET_LENGTH = 50


def _looks_real(value: str, min_length: int) -> bool:
    lowered = value.strip().lower()
    return (
        lowered not in PLACEHOLDERS
        and not lowered.startswith("django-insecure")
        and "change" not in lowered
        and len(value) >= min_length
        and len(set(value)) >= 5
    )


def secret(
    name: str,
    value: str | None,
    *,
    debug: bool,
    dev_store: Path,
    min_length: int = MIN_SECRET_LENGTH,
    generate=lambda: secrets.token_urlsafe(48),
) -> str:
    """Return a real secret for ``name``.

    In production (``debug`` false) the value must come from the environment and must not be a
    placeholder: the portal refuses to start otherwise. In development a random value is generated
    once and kept in ``dev_store`` (under ``var/``), so sessions and encrypted data survive
    restarts.
    """
    if value:
        if not _looks_real(value, min_length):
            raise ImproperlyConfigured(
                f"{name} looks like a placeholder or is shorter than {min_length} characters; "
                f"set a real random value (e.g. python -c 'import secrets; "
                f"print(secrets.token_urlsafe(48))')."
            )
        return value
    if not debug:
        raise ImproperlyConfigured(
            f"{name} is not set. With DEBUG=false the portal refuses to start without it."
        )
    dev_store.parent.mkdir(parents=True, exist_ok=True)
    stored = json.loads(dev_store.read_text()) if dev_store.exists() else {}
    if name not in stored:
        stored[name] = generate()
        dev_store.write_text(json.dumps(stored, indent=2))
        dev_store.chmod(0o600)
    return stored[name]


def redis_urls(redis_url: str) -> tuple[str, str]:
    """Split one Redis address into (Celery broker URL, Django cache URL).

    ``redis://host:6379/0`` serves both. A unix socket (``unix:///path.sock`` or a bare path) is
    spelled ``redis+socket://`` for Celery's kombu and ``unix://`` for redis-py.
    """
    if redis_url.startswith("/"):
        redis_url = f"unix://{redis_url}"
    parts = urlsplit(redis_url)
    if parts.scheme in {"unix", "redis+socket"}:
        return f"redis+socket://{parts.path}", f"unix://{parts.path}"
    if parts.scheme in {"redis", "rediss"}:
        return redis_url, redis_url
    raise ImproperlyConfigured(
        f"REDIS_URL must start with redis://, rediss:// or unix:// (got {parts.scheme}://)"
    )


def base_url(name: str, value: str) -> str:
    """An absolute http(s) address without a trailing slash ("" when unset)."""
    value = value.strip().rstrip("/")
    if not value:
        return ""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query:
        raise ImproperlyConfigured(
            f"{name} must be an absolute http:// or https:// address (got {value!r})"
        )
    return value


def personal_data_keys(
    keys: str, key: str, *, debug: bool, dev_fallback: str
) -> tuple[tuple[int, str], ...]:
    """The personal-data keys as ``((version, secret), ...)``, the current (writing) key first.

    ``PERSONAL_DATA_KEYS=2:<new secret>,1:<old secret>`` during and after a rotation, or
    ``PERSONAL_DATA_KEY=<secret>`` alone (= version 1). Versions are 1-255 and unique; every
    secret must look real. With ``DEBUG=false`` one of the two is required: there is no fallback
    to ``SECRET_KEY``, whose rotation would otherwise make every stored number unreadable. In
    development only, unset means version 1 = the development secret (``dev_fallback``), so
    existing development data stays readable.
    """
    if keys.strip() and key.strip():
        raise ImproperlyConfigured(
            "Set PERSONAL_DATA_KEYS or PERSONAL_DATA_KEY, not both "
            "(PERSONAL_DATA_KEY=x means PERSONAL_DATA_KEYS=1:x)."
        )
    if key.strip():
        keys = f"1:{key.strip()}"
    if not keys.strip():
        if not debug:
            raise ImproperlyConfigured(
                "PERSONAL_DATA_KEY is not set. With DEBUG=false the portal refuses to start "
                "without it (it is never derived from SECRET_KEY)."
            )
        return ((1, dev_fallback),)
    parsed: list[tuple[int, str]] = []
    for item in keys.split(","):
        version, _, secret_value = item.strip().partition(":")
        if not version.isdigit() or not 1 <= int(version) <= 255:
            raise ImproperlyConfigured(
                "PERSONAL_DATA_KEYS: each item is VERSION:SECRET with VERSION 1-255 "
                f"(got {version!r})"
            )
        if int(version) in {v for v, _ in parsed}:
            raise ImproperlyConfigured(f"PERSONAL_DATA_KEYS: version {version} is given twice")
        if not _looks_real(secret_value, MIN_SECRET_LENGTH):
            raise ImproperlyConfigured(
                f"PERSONAL_DATA_KEYS: the secret of version {version} looks like a placeholder "
                f"or is shorter than {MIN_SECRET_LENGTH} characters"
            )
        parsed.append((int(version), secret_value))
    return tuple(parsed)


def tile_origin(name: str, value: str) -> str:
    """The origin a Content-Security-Policy must allow for a map tile URL template ("" when unset).

    ``https://{s}.tile.example.org/{z}/{x}/{y}.png`` becomes ``https://*.tile.example.org``: the
    ``{s}`` subdomains Leaflet fills in are one wildcard label.
    """
    value = value.strip()
    if not value:
        return ""
    parts = urlsplit(value.replace("{s}", "s-placeholder"))
    if parts.scheme not in {"http", "https"} or not parts.netloc or "{" in parts.netloc:
        raise ImproperlyConfigured(
            f"{name} must be an absolute http:// or https:// tile address whose host has at "
            f"most a {{s}} placeholder (got {value!r})"
        )
    return f"{parts.scheme}://{parts.netloc.replace('s-placeholder', '*')}"
