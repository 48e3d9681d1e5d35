"""What every service of the pipeline checks first: the role's capability, then the project's
scope (yiguoji.core.access, yiguoji.scope)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from yiguoji import scope
from yiguoji.core import access

OUT_OF_SCOPE = "该项目不在您的权限范围内"


def require_project_change(user, capability: str, project) -> None:
    """PermissionDenied unless ``user``'s role holds ``capability`` and ``project`` is in the
    user's change scope."""
    access.require(user, capability)
    if not scope.can(user, scope.CHANGE, project):
        raise PermissionDenied(OUT_OF_SCOPE)
