"""Capabilities: what each role may do (the "does" column of domain.md's role table).

Apps define their capabilities in their ``capabilities.py`` (loaded from ``portal.py``)::

    REVIEW = access.define("projects.review", "审查储备项目", Role.DISTRICT_OFFICE)

Views declare the capability they need; services check it with :func:`require`. Which *rows*
a user may touch is a separate question, answered by ``yiguoji.scope``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from yiguoji.core.roles import Role


@dataclass(frozen=True)
class Capability:
    name: str
    label: str
    roles: frozenset[str]


_capabilities: dict[str, Capability] = {}


def define(name: str, label: str, *roles: Role) -> str:
    """Declare a capability held by ``roles``; returns its name for use as a constant."""
    existing = _capabilities.get(name)
    capability = Capability(name, label, frozenset(roles))
    if existing and existing != capability:
        raise ImproperlyConfigured(f"capability {name} defined twice differently")
    _capabilities[name] = capability
    return name


def get(name: str) -> Capability:
    try:
        return _capabilities[name]
    except KeyError:
        raise ImproperlyConfigured(f"unknown capability {name!r}") from None


def has(user, name: str) -> bool:
    capability = get(name)
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.role in capability.roles


def require(user, name: str) -> None:
    if not has(user, name):
        raise PermissionDenied(f"您的角色不能{get(name).label}")


def of_role(role: str) -> list[Capability]:
    return [c for c in _capabilities.values() if role in c.roles]


def all_capabilities() -> list[Capability]:
    return list(_capabilities.values())
