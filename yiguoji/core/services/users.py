"""Creating and maintaining users: role checked against the organisation's kind, every change
audited, passwords checked by Django's validators, lockouts lifted through django-axes."""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.capabilities import MANAGE_USERS
from yiguoji.core.models import Organisation, User

USER_FIELDS = ("username", "full_name", "organisation", "role", "phone", "email", "is_active")


def user_upsert(
    *,
    acting_user,
    username: str,
    full_name: str,
    organisation: Organisation,
    role: str,
    password: str | None = None,
    email: str = "",
) -> tuple[User, bool]:
    """Create the user or bring it in line (used by data loading); a password only when given."""
    with transaction.atomic(), acting_as(acting_user, via="user_upsert"):
        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username)
        user.full_name = full_name
        user.organisation = organisation
        user.role = role
        user.email = email or user.email
        user.full_clean(exclude=["password"])
        if password:
            user.set_password(password)
        user.save()
    return user, created


SERVICE_ACCOUNT = "这是数据接口客户端的账号，只能凭令牌调用接口，不能设置密码或登录网页"


def _refuse_service_account(user: User) -> None:
    """The user behind an API client signs in by token only (issue 15): no password is ever
    set on it here; it is changed through its client (数据接口)."""
    if user.is_service_account:
        raise ValidationError(SERVICE_ACCOUNT)


def user_save(*, acting_user, user: User, password: str | None = None) -> User:
    """Save a new or edited user (values already set on ``user`` by a form)."""
    access.require(acting_user, MANAGE_USERS)
    _refuse_service_account(user)
    with transaction.atomic(), acting_as(acting_user):
        user.full_clean(exclude=["password"])
        if password is not None:
            validate_password(password, user)
            user.set_password(password)
        elif user._state.adding:
            user.set_unusable_password()
        user.save()
    return user


def user_set_password(*, acting_user, user: User, password: str) -> None:
    access.require(acting_user, MANAGE_USERS)
    _refuse_service_account(user)
    validate_password(password, user)
    with transaction.atomic(), acting_as(acting_user):
        user.set_password(password)
        user.save(update_fields=["password"])
    user_unlock(acting_user=acting_user, user=user)


def user_unlock(*, acting_user, user: User) -> int:
    """Lift a lockout after repeated wrong passwords; returns how many attempt records went."""
    access.require(acting_user, MANAGE_USERS)
    return axes_reset(username=user.get_username())


def locked_usernames() -> set[str]:
    """Usernames currently locked by django-axes (one query)."""
    from axes.models import AccessAttempt
    from django.conf import settings

    return set(
        AccessAttempt.objects.filter(
            failures_since_start__gte=settings.AXES_FAILURE_LIMIT
        ).values_list("username", flat=True)
    )
