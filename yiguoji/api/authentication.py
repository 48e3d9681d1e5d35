"""``Authorization: Bearer ygj_…``: the token's client acts as its own user (yiguoji.api.models).

Expired, revoked and disabled are told apart (codes ``token_expired``, ``token_revoked``,
``client_disabled``) so the system on the other side knows what to ask the district office for.
"""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, status

from yiguoji.api import tokens
from yiguoji.api.errors import ApiError
from yiguoji.api.models import ApiToken


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() != self.keyword.lower():
            return None
        if len(header) != 2:
            raise self._failed("authentication_failed")
        raw = header[1]
        prefix = tokens.split(raw)
        token = (
            ApiToken.objects.select_related("client__user__organisation")
            .filter(prefix=prefix)
            .first()
            if prefix
            else None
        )
        if token is None or not tokens.matches(raw, token.secret_hash):
            raise self._failed("authentication_failed")
        if token.revoked_at is not None:
            raise self._failed("token_revoked")
        if token.is_expired:
            raise self._failed("token_expired")
        client = token.client
        if not client.is_active or not client.user.is_active:
            raise self._failed("client_disabled")
        return client.user, token

    def _failed(self, code: str) -> ApiError:
        error = ApiError(code, status.HTTP_401_UNAUTHORIZED)
        error.auth_header = self.authenticate_header(None)
        return error

    def authenticate_header(self, request):
        return f'{self.keyword} realm="yiguoji-api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "yiguoji.api.authentication.TokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "区发展改革委签发的接口令牌（ygj_…），只显示一次",
        }
