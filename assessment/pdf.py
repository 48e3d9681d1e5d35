"""The township's annual summary with its case studies as a printable A4 document (plan task 5)."""

from __future__ import annotations

import base64

from assessment.models.files import image_content_type
from yiguoji.core.models import District
from yiguoji.pdf import render_pdf


def _data_uri(field, name: str) -> str | None:
    """An uploaded photo embedded in the document (files are not on a public URL)."""
    if not field or not field.storage.exists(field.name):
        return None
    with field.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode()
    return f"data:{image_content_type(name)};base64,{data}"


def summary_pdf(summary, context: dict) -> bytes:
    photos = [(photo, _data_uri(photo.image, photo.name)) for photo in context["photos"]]
    cases = [(case, _data_uri(case.photo, case.photo_name)) for case in context["cases"]]
    return render_pdf(
        "assessment/pdf/summary.html",
        {
            **context,
            "district": District.objects.first(),
            "photos": [(p, uri) for p, uri in photos if uri],
            "cases": cases,
        },
    )
