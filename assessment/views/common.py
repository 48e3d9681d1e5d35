"""Small helpers shared by the assessment's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone

from yiguoji.files import INLINE_CONTENT_TYPES


def form_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def serve(file_field, name: str, content_type: str = "") -> FileResponse:
    """A stored upload, to a user the caller has already checked: shown in the browser when it
    is a PDF or an image, downloaded otherwise; never sniffed or cached."""
    if not file_field or not file_field.storage.exists(file_field.name):
        raise Http404("文件已不存在，请联系区发展改革委")
    inline = content_type in INLINE_CONTENT_TYPES
    response = FileResponse(
        file_field.open("rb"),
        as_attachment=not inline,
        filename=name,
        content_type=content_type or None,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


def year_param(request, default: int | None = None) -> int:
    """``?year=`` as an int (this year when missing or not a number)."""
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return default or timezone.localdate().year
