"""Checking uploaded documents, scans and photos by what they are, not by their names.

Every upload of a file that is kept (project documents, contract scans, training photos,
conversion evidence, signed ledgers) passes :func:`check_upload`: it must be there, not empty,
not over the size limit, of an accepted type, and its first bytes must match that type, so an
executable or a web page renamed ``.pdf`` is refused. Excel uploads have their own, stricter
checks in ``yiguoji.imports.safety``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FileType:
    label: str
    content_type: str
    magic: tuple[bytes, ...]


_ZIP = (b"PK\x03\x04",)
_CFB = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
_JPEG = (b"\xff\xd8\xff",)
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FILE_TYPES: dict[str, FileType] = {
    "pdf": FileType("PDF", "application/pdf", (b"%PDF-",)),
    "ofd": FileType("OFD", "application/ofd", _ZIP),
    "jpg": FileType("JPG", "image/jpeg", _JPEG),
    "jpeg": FileType("JPG", "image/jpeg", _JPEG),
    "png": FileType("PNG", "image/png", (b"\x89PNG\r\n\x1a\n",)),
    "docx": FileType("Word", _DOCX, _ZIP),
    "doc": FileType("Word", "application/msword", _CFB),
    "xlsx": FileType("Excel", _XLSX, _ZIP),
    "xls": FileType("Excel", "application/vnd.ms-excel", _CFB),
}
IMAGES = ("jpg", "jpeg", "png")
SCANS = ("pdf", *IMAGES)
DOCUMENTS = tuple(FILE_TYPES)
# Shown in the browser rather than downloaded.
INLINE_CONTENT_TYPES = frozenset({"application/pdf", "image/jpeg", "image/png"})


def labels(extensions: Iterable[str]) -> str:
    """ "JPG、PDF、PNG": the accepted types as people call them."""
    return "、".join(sorted({FILE_TYPES[e].label for e in extensions}))


def max_mb() -> int:
    return int(settings.UPLOAD_MAX_MB)


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(
    upload,
    *,
    field: str,
    what: str,
    extensions: Iterable[str] = SCANS,
    limit_mb: int | None = None,
) -> FileType:
    """The upload's type, or a ValidationError on ``field`` naming the file and the reason."""
    extensions = tuple(extensions)
    if upload is None:
        raise ValidationError({field: f"请上传{what}"})
    name = upload.name or ""
    extension = extension_of(name)
    if extension not in extensions:
        raise ValidationError(
            {field: f"{what}“{name}”的类型不支持：只接受 {labels(extensions)} 文件"}
        )
    limit = limit_mb or max_mb()
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(
            {field: f"{what}“{name}”过大（{upload.size / 1024 / 1024:.1f} MB）："
                    f"不能超过 {limit} MB"}
        )  # fmt: skip
    if upload.size == 0:
        raise ValidationError({field: f"{what}“{name}”是空文件"})
    file_type = FILE_TYPES[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in file_type.magic):
        raise ValidationError(
            {field: f"{what}“{name}”的内容不是有效的 {file_type.label} 文件，请检查后重新上传"}
        )
    return file_type
