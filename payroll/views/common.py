"""Small helpers the payroll views share."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404

from payroll.forms import month_from


def add_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def month_or_404(value: str) -> dt.date:
    """The month of a URL ("2026-05" -> 2026-05-01), or 404."""
    month = month_from(value)
    if month is None or not (2000 <= month.year <= 2100):
        raise Http404("月份格式应为 2026-05")
    return month


def posted(request):
    """The submitted data on POST (even empty, so that missing fields are errors), else None."""
    return request.POST if request.method == "POST" else None


SCAN_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
}


def scan_response(scan, name: str, fallback: str, missing: str) -> FileResponse:
    """A stored scan (signed contract, signed ledger) for the browser to show, never cached;
    404 with ``missing`` when none was uploaded. The caller has checked scope and capability."""
    if not scan:
        raise Http404(missing)
    suffix = PurePath(scan.name).suffix.lower()
    response = FileResponse(
        scan.open("rb"),
        content_type=SCAN_TYPES.get(suffix, "application/octet-stream"),
        filename=name or f"{fallback}{suffix}",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def review_suspicion(request, suspicion, *, capability: str, review, message: str, back: str):
    """The review part of a suspicion's page (the ledgers' and the phones'): ``(form,
    can_review, response)``; ``response`` is the redirect after a recorded finding."""
    from django.contrib import messages
    from django.shortcuts import redirect

    from payroll.forms import SuspicionReviewForm
    from yiguoji import scope
    from yiguoji.core import access

    can_review = access.has(request.user, capability) and scope.can(
        request.user, scope.CHANGE, suspicion
    )
    form = SuspicionReviewForm(posted(request))
    if request.method == "POST":
        access.require(request.user, capability)
        if form.is_valid():
            try:
                review(acting_user=request.user, suspicion=suspicion, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, message)
                return form, can_review, redirect(back)
    return form, can_review, None
