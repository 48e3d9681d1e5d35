"""The audit trail: who changed what, when, field by field.

Domain models are decorated with :func:`track`; django-pghistory installs PostgreSQL triggers that
snapshot every insert, update and delete, bulk writes and ``COPY`` included. Who did it comes from
the context opened by :func:`acting_as`, which services, the request middleware, Celery tasks and
management commands enter.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pghistory


def track(**kwargs):
    """Record inserts, updates and deletes of a model (field-level before/after by diffing)."""
    return pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), **kwargs
    )


@contextlib.contextmanager
def acting_as(user, **metadata) -> Iterator[None]:
    """Attribute every tracked change in this block to ``user`` (None for the system)."""
    if user is not None and getattr(user, "is_authenticated", False):
        metadata.setdefault("user", user.pk)
        metadata.setdefault("username", user.get_username())
        metadata.setdefault("name", user.get_full_name())
    with pghistory.context(**metadata):
        yield
