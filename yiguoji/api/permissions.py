"""A call needs three things: a token (authentication), the view's API scope on that token's
client, and the capability the same page would need for the client's role. Which rows it then
sees is yiguoji.scope's business, as for a person."""

from __future__ import annotations

from rest_framework import permissions, status

from yiguoji.api.errors import ApiError
from yiguoji.api.models import ApiToken
from yiguoji.core import access


class ClientMayCall(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        token = request.auth
        if not isinstance(token, ApiToken):
            return False  # DRF answers 401 (not authenticated)
        required = view.required_scope(request)
        if required and not token.client.allows(required):
            raise ApiError("scope_missing", status.HTTP_403_FORBIDDEN, scope=required)
        capability = getattr(view, "capability", "")
        if capability:
            access.require(request.user, capability)  # PermissionDenied -> 403 with its reason
        return True
