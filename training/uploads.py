"""Checking uploaded photos and evidence by what they are, not by their names."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError

# extension -> (label, magic bytes at the start of the file)
_TYPES = {
    "jpg": ("JPG", b"\xff\xd8\xff"),
    "jpeg": ("JPG", b"\xff\xd8\xff"),
    "png": ("PNG", b"\x89PNG\r\n\x1a\n"),
    "pdf": ("PDF", b"%PDF-"),
}
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png")
EVIDENCE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")


def max_bytes() -> int:
    return int(settings.UPLOAD_MAX_MB) * 1024 * 1024


def check_file(upload, *, field: str, extensions: tuple[str, ...], what: str) -> None:
    """Refuse a missing, oversized, misnamed or disguised file with a message naming it."""
    if upload is None:
        raise ValidationError({field: f"请上传{what}"})
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    labels = "、".join(sorted({_TYPES[e][0] for e in extensions}))
    if extension not in extensions:
        raise ValidationError({field: f"{what}“{name}”的类型不支持：只接受 {labels} 文件"})
    if upload.size > max_bytes():
        raise ValidationError({field: f"{what}“{name}”过大：不能超过 {settings.UPLOAD_MAX_MB} MB"})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    label, magic = _TYPES[extension]
    if not head.startswith(magic):
        raise ValidationError({field: f"{what}“{name}”的内容不是有效的 {label} 文件"})
