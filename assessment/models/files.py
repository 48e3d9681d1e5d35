"""Where assessment uploads go: unguessable names, served only through scope-checked views."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
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


def image_content_type(name: str) -> str:
    """The content type of an uploaded photo (checked by ``yiguoji.files`` to be PNG or JPEG)."""
    return "image/png" if name.lower().endswith(".png") else "image/jpeg"


class StoredFile(models.Model):
    """A kept upload: its original name and checked type, who uploaded it and when. Subclasses
    add the ``file`` field (with their folder) and what the file belongs to."""

    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件格式", max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name
