"""Where uploaded training files go: unguessable names, never a public URL.

Photos and conversion evidence are served only through views that check the scope
(``yiguoji.scope``), as every other upload in the portal.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.utils import timezone


def _path(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"training/{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


def photo_path(instance, filename: str) -> str:
    return _path("photos", filename)


def evidence_path(instance, filename: str) -> str:
    return _path("evidence", filename)
