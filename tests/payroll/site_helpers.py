"""Shared by the tests of attendance from the phone on site (payroll.services.site)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw


def photo_bytes(seed: int = 0, size=(640, 480)) -> bytes:
    """A JPEG with shapes that depend on ``seed`` (different seeds: different pictures)."""
    image = Image.new("RGB", size, (90 + seed * 13 % 120, 120, 150))
    draw = ImageDraw.Draw(image)
    for n in range(6):
        x = (seed * 97 + n * 131) % (size[0] - 120)
        y = (seed * 53 + n * 71) % (size[1] - 120)
        draw.rectangle([x, y, x + 60 + n * 9, y + 40 + n * 11], fill=(255 - n * 30, n * 40, 60))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def photo_upload(seed: int = 0, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile("photo.jpg", data or photo_bytes(seed), content_type="image/jpeg")
