"""What every assessment service checks first: the role's capability, then the row's scope."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from yiguoji import scope
from yiguoji.core import access

OUT_OF_SCOPE = "该记录不在您的权限范围内"


def require_change(user, capability: str, obj, message: str = OUT_OF_SCOPE) -> None:
    """PermissionDenied unless ``user``'s role holds ``capability`` and ``obj`` is in the
    user's change scope."""
    access.require(user, capability)
    if not scope.can(user, scope.CHANGE, obj):
        raise PermissionDenied(message)


def require_project(user, capability: str, project) -> None:
    """The project must be one the user may see (complaints and findings are recorded against
    projects the recording body supervises)."""
    access.require(user, capability)
    if not scope.can(user, scope.VIEW, project):
        raise PermissionDenied("该项目不在您的权限范围内")


def clean_text(value: str | None) -> str:
    return (value or "").strip()
