"""Advisory locks keyed by district and object (issue 12 item 4).

``pg_advisory_xact_lock`` takes one 64-bit key, held until the transaction ends. The key here is
a hash of the district that runs the portal (its project-code prefix, ``District``), a name
for what is serialised and the object's ids, so that two districts sharing one database (a
province's deployment, Citus sharded by district) never wait on each other, and two kinds of
work in one district never share a key by accident (no hand-picked integers)::

    with transaction.atomic():
        locks.hold("project_code", year)        # numbering of the district's projects
        locks.hold("ledger", project.pk, month) # one project's month of wages

Row locks (``select_for_update``) stay where a row exists to lock (the ledger, the workers);
this is for what has no row yet (the next project code, a month's first ledger).
"""

from __future__ import annotations

import hashlib

from django.db import connection

_district: str | None = None


def district_key() -> str:
    """The district this portal runs for (its project-code prefix), read once per process."""
    global _district
    if _district is None:
        from yiguoji.core.models import District

        district = District.objects.order_by("pk").values_list("project_code_prefix", flat=True)
        _district = district.first() or ""
    return _district


def forget() -> None:
    """Read the district again (tests, a district loaded after start)."""
    global _district
    _district = None


def key(name: str, *ids) -> int:
    """The signed 64-bit advisory key of ``name`` and ``ids`` in this district."""
    text = "\x1f".join([district_key(), name, *(str(i) for i in ids)])
    digest = hashlib.blake2b(text.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def hold(name: str, *ids) -> None:
    """Wait for, then hold until the transaction ends, the lock of ``name`` and ``ids``."""
    if not connection.in_atomic_block:
        raise RuntimeError("locks.hold must run inside transaction.atomic()")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key(name, *ids)])
