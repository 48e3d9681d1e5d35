"""Rotating the personal-data key (README, "Keys"): every stored number re-encrypted under the
current key version and its blind index rebuilt, in batches, resumable, audited.

Every :class:`~yiguoji.core.crypto.EncryptedField` of every model is found by its type (the
worker's ID and card, the card of each wage line, a complainant's phone, and the audit trail's
copies of them in the event tables), so a new protected column is rotated without being listed
here. A row needs rewriting while any of its tokens or indexes starts with an older version byte;
that is read from the data, so an interrupted run resumes by starting again. Each batch is one
transaction that locks its rows (``FOR UPDATE``): a user's edit waits for the batch, never
overwrites it or is overwritten. The per-row history triggers are skipped (the numbers do not
change, only their encryption); the rotation itself is the audited :class:`KeyRotation` row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pgtrigger
from django.apps import apps
from django.db import connection, models, transaction
from django.utils import timezone

from yiguoji.core import crypto
from yiguoji.core.audit import acting_as
from yiguoji.core.models import KeyRotation

DEFAULT_BATCH = 1000

Progress = Callable[[str, int, int], None]  # table, rows done in it, rows to do in it


@dataclass(frozen=True)
class ProtectedTable:
    model: type[models.Model]
    fields: tuple[crypto.EncryptedField, ...]

    @property
    def table(self) -> str:
        return self.model._meta.db_table

    def index_field(self, field: crypto.EncryptedField) -> models.Field | None:
        return self.model._meta.get_field(field.blind_index) if field.blind_index else None

    def columns(self) -> list[str]:
        """Every token and index column, in a fixed order."""
        names = []
        for field in self.fields:
            names.append(field.column)
            if (index := self.index_field(field)) is not None:
                names.append(index.column)
        return names

    def stale(self, version: int) -> str:
        """SQL: the row still holds a token or index not written under ``version``."""
        return " OR ".join(
            f'("{c}" IS NOT NULL AND get_byte("{c}", 0) <> {int(version)})' for c in self.columns()
        )


def protected_tables() -> list[ProtectedTable]:
    """Every table with an encrypted column, the register's own tables before the history."""
    found = []
    for model in apps.get_models():
        fields = tuple(
            f for f in model._meta.concrete_fields if isinstance(f, crypto.EncryptedField)
        )
        if fields and not model._meta.proxy:
            found.append(ProtectedTable(model, fields))
    return sorted(found, key=lambda t: (t.table.endswith("event"), t.table))


def stale_counts(version: int | None = None) -> dict[str, int]:
    """Rows per table not yet under ``version`` (the current key by default)."""
    version = crypto.current_version() if version is None else version
    counts = {}
    with connection.cursor() as cursor:
        for table in protected_tables():
            cursor.execute(f'SELECT count(*) FROM "{table.table}" WHERE {table.stale(version)}')
            counts[table.table] = cursor.fetchone()[0]
    return counts


def _rewrite(table: ProtectedTable, row: tuple, version: int) -> list:
    """The row's columns (in :meth:`ProtectedTable.columns` order) under ``version``."""
    values, position = [], 1
    for field in table.fields:
        token = row[position]
        has_index = field.blind_index is not None
        if token is None:
            values.append(None)
            if has_index:
                values.append(row[position + 1])
        else:
            try:
                plain = crypto.decrypt(token, purpose=field.purpose)
            except crypto.DecryptionError as error:
                raise crypto.DecryptionError(
                    f"{table.table}.{field.column} id={row[0]}: {error}"
                ) from None
            values.append(crypto.encrypt(plain, purpose=field.purpose))
            if has_index:
                values.append(crypto.blind_index(plain, purpose=field.purpose, version=version))
        position += 2 if has_index else 1
    return values


def _batch(table: ProtectedTable, version: int, after, size: int) -> tuple[int, object]:
    """Rewrite up to ``size`` stale rows with a key above ``after``; (rows, last key)."""
    pk = table.model._meta.pk.column
    columns = table.columns()
    quoted = ", ".join(f'"{c}"' for c in columns)
    with transaction.atomic(), pgtrigger.ignore(), connection.cursor() as cursor:
        cursor.execute(
            f'SELECT "{pk}", {quoted} FROM "{table.table}" '
            f'WHERE "{pk}" > %s AND ({table.stale(version)}) ORDER BY "{pk}" LIMIT %s FOR UPDATE',
            [after, size],
        )
        rows = cursor.fetchall()
        if not rows:
            return 0, after
        new = [_rewrite(table, row, version) for row in rows]
        assignments = ", ".join(f'"{c}" = v."{c}"' for c in columns)
        unnested = ", ".join(f'unnest(%s::bytea[]) AS "{c}"' for c in columns)
        cursor.execute(
            f'UPDATE "{table.table}" AS t SET {assignments} FROM '
            f'(SELECT unnest(%s::bigint[]) AS pk, {unnested}) AS v WHERE t."{pk}" = v.pk',
            [
                [row[0] for row in rows],
                *([values[i] for values in new] for i in range(len(columns))),
            ],
        )
        return len(rows), rows[-1][0]


def personal_data_rotate(
    *,
    acting_user=None,
    by: str = "",
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
) -> KeyRotation:
    """Rewrite every stored number under the current key version (see the module docstring).

    Resumes the open rotation to the same version if there is one. When it returns, no row holds
    an older version and the older keys may be removed from ``PERSONAL_DATA_KEYS``.
    """
    version = crypto.current_version()
    with transaction.atomic(), acting_as(acting_user, command="rotate_personal_data_key"):
        rotation = (
            KeyRotation.objects.select_for_update()
            .filter(target_version=version, finished_at=None)
            .first()
        )
        counts = stale_counts(version)
        if rotation is None:
            rotation = KeyRotation.objects.create(
                target_version=version,
                started_by=by,
                rows_total=sum(counts.values()),
                per_table=counts,
            )
        else:
            rotation.runs += 1
            rotation.save(update_fields=["runs"])
    for table in protected_tables():
        todo, done, after = counts[table.table], 0, 0
        while todo:
            rewritten, after = _batch(table, version, after, batch_size)
            if not rewritten:
                break
            done += rewritten
            with pgtrigger.ignore():  # progress only; the start and the end are audited
                KeyRotation.objects.filter(pk=rotation.pk).update(
                    rows_done=models.F("rows_done") + rewritten
                )
            if progress is not None:
                progress(table.table, done, todo)
    with transaction.atomic(), acting_as(acting_user, command="rotate_personal_data_key"):
        rotation.refresh_from_db()
        left = {table: n for table, n in stale_counts(version).items() if n}
        if not left:
            rotation.finished_at = timezone.now()
            rotation.save(update_fields=["finished_at"])
    return rotation
