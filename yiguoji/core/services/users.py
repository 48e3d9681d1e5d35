"""Creating and updating users (role checked against the organisation's kind)."""

from __future__ import annotations

from django.db import transaction

from yiguoji.core.audit import acting_as
from yiguoji.core.models import Organisation, User


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
    """Create the user or bring it in line; the password is set only when one is given."""
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
