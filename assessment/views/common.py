"""Small helpers shared by the assessment's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils import timezone

from training.views import form_errors  # noqa: F401  (the same helper for every app's forms)
from yiguoji.core.terms import terms
from yiguoji.files import INLINE_CONTENT_TYPES


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def attempt(request, action, success: str) -> bool:
    """Run a service call for a button (no form): its refusal or ``success`` as a message."""
    try:
        action()
    except ValidationError as error:
        flash_errors(request, error)
        return False
    messages.success(request, success)
    return True


def serve(file_field, name: str, content_type: str = "") -> FileResponse:
    """A stored upload, to a user the caller has already checked: shown in the browser when it
    is a PDF or an image, downloaded otherwise; never sniffed or cached."""
    if not file_field or not file_field.storage.exists(file_field.name):
        raise Http404(f"文件已不存在，请联系{terms().office}")
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
