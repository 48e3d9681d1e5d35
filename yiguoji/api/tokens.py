"""Token strings: ``ygj_<prefix>_<secret>``. The prefix finds the row; only a hash is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

PREFIX = "ygj"


def new_token() -> tuple[str, str, str]:
    """A fresh token: (the full string shown once, its prefix, the hash to store)."""
    prefix = secrets.token_hex(6)
    raw = f"{PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    return raw, prefix, digest(raw)


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def split(raw: str) -> str | None:
    """The prefix of a well-formed token string, or None."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX or len(parts[1]) != 12 or len(parts[2]) < 32:
        return None
    return parts[1]


def matches(raw: str, stored_hash: str) -> bool:
    return hmac.compare_digest(digest(raw), stored_hash)
