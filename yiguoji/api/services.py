"""Registering API clients, issuing and revoking their tokens, logging calls (issue 15, item 2).

Each client acts through a user of its own: the organisation and role the district office chose,
no usable password (it never signs in), active while the client is. Everything the API serves is
then decided by the same scope rules and capabilities as for a person of that organisation.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from yiguoji.api import tokens
from yiguoji.api.capabilities import MANAGE_CLIENTS
from yiguoji.api.choices import ApiScope
from yiguoji.api.models import ApiCall, ApiClient, ApiToken
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.models import Organisation, User


def _token_days(days: int | None) -> int:
    days = settings.API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(f"令牌有效期须在 1 到 {settings.API_TOKEN_MAX_DAYS} 天之间")
    return days


def client_register(
    *,
    acting_user,
    name: str,
    organisation: Organisation,
    role: str,
    scopes: list[str],
    rate_per_minute: int = 120,
    note: str = "",
    token_days: int | None = None,
) -> tuple[ApiClient, str]:
    """Register a client and issue its first token; returns the client and the token string,
    which is shown once and never stored."""
    access.require(acting_user, MANAGE_CLIENTS)
    unknown = sorted(set(scopes) - set(ApiScope.values))
    if unknown:
        raise ValidationError(f"未知的接口权限：{'、'.join(unknown)}")
    if not scopes:
        raise ValidationError("请至少选择一项接口权限")
    with transaction.atomic(), acting_as(acting_user, via="client_register"):
        if ApiClient.objects.filter(name=name).exists():
            raise ValidationError(f"已有名为“{name}”的接口客户端")
        user = User(
            username=f"api-{secrets.token_hex(8)}",
            full_name=f"数据接口：{name}"[:50],
            organisation=organisation,
            role=role,
        )
        user.set_unusable_password()
        user.full_clean(exclude=["password"])  # the role must fit the organisation's kind
        user.save()
        client = ApiClient(
            name=name,
            organisation=organisation,
            user=user,
            scopes=sorted(set(scopes)),
            rate_per_minute=rate_per_minute,
            note=note,
            created_by=acting_user,
        )
        client.full_clean(exclude=["user", "created_by"])
        client.save()
        _token, raw = _issue(acting_user, client, token_days)
    return client, raw


def _issue(acting_user, client: ApiClient, days: int | None) -> tuple[ApiToken, str]:
    raw, prefix, hashed = tokens.new_token()
    token = ApiToken.objects.create(
        client=client,
        prefix=prefix,
        secret_hash=hashed,
        created_by=acting_user,
        expires_at=timezone.now() + timedelta(days=_token_days(days)),
    )
    return token, raw


def token_issue(*, acting_user, client: ApiClient, days: int | None = None) -> tuple[ApiToken, str]:
    """A new token for ``client`` (the old ones stay valid until they expire or are revoked)."""
    access.require(acting_user, MANAGE_CLIENTS)
    if not client.is_active:
        raise ValidationError("该客户端已停用，不能签发令牌")
    with transaction.atomic(), acting_as(acting_user, via="token_issue"):
        return _issue(acting_user, client, days)


def token_revoke(*, acting_user, token: ApiToken) -> ApiToken:
    access.require(acting_user, MANAGE_CLIENTS)
    with transaction.atomic(), acting_as(acting_user, via="token_revoke"):
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=acting_user
        )
    token.refresh_from_db()
    return token


def client_set_active(*, acting_user, client: ApiClient, active: bool) -> ApiClient:
    """Stop (or resume) a client: its user is deactivated with it, so nothing it holds works."""
    access.require(acting_user, MANAGE_CLIENTS)
    with transaction.atomic(), acting_as(acting_user, via="client_set_active"):
        ApiClient.objects.filter(pk=client.pk).update(is_active=active)
        User.objects.filter(pk=client.user_id).update(is_active=active)
    client.refresh_from_db()
    return client


def call_log(
    *, client_id, token_id, method: str, path: str, status: int, duration_ms: int, ip
) -> None:
    """One row per call (not audited: the log is itself the record)."""
    ApiCall.objects.create(
        client_id=client_id,
        token_id=token_id,
        method=method[:10],
        path=path[:300],
        status=status,
        duration_ms=duration_ms,
        ip=ip or None,
    )
