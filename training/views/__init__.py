"""Pages of the training app: thin views over ``training.services`` and ``training.selectors``."""

from django.core.exceptions import ValidationError


def form_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form: on the field it names, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
