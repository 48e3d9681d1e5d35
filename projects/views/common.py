"""Small helpers shared by the project views."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def show_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on ``form``: on its field when the form has it,
    otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
