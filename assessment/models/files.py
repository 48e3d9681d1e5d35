"""Where assessment uploads go: unguessable names, served only through scope-checked views."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.utils import timezone


def _path(folder: str, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"assessment/{folder}/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


def summary_photo_path(instance, filename: str) -> str:
    return _path("summaries", filename)


def acceptance_document_path(instance, filename: str) -> str:
    return _path("acceptance", filename)


def finding_evidence_path(instance, filename: str) -> str:
    return _path("findings", filename)


def dispatch_path(instance, filename: str) -> str:
    return _path("dispatch", filename)
