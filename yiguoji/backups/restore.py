"""``backup_restore``: a set back into an empty database (issue 17 item 3).

Checksums first (a damaged set is refused before anything is touched); the database must be
empty unless ``force``; ``pg_restore`` runs in one transaction (a failure leaves it empty); the
files are unpacked; migrations run forward (a set from an older release meets newer code); and
the rows per table are counted (before migrating, compared with the manifest; after, reported).
"""

from __future__ import annotations

import tarfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connections

from yiguoji.backups import sets, tools
from yiguoji.backups.create import table_counts


class RestoreRefused(RuntimeError):
    pass


@dataclass
class Restored:
    manifest: dict
    counts: dict[str, int]
    differences: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (set, now)
    media_files: int = 0


def _tables(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        return cursor.fetchone()[0]


def _empty(alias: str, force: bool) -> None:
    tables = _tables(alias)
    if tables and not force:
        name = connections[alias].settings_dict["NAME"]
        raise RestoreRefused(
            f"数据库 {name} 不是空的（已有 {tables} 张表），未做任何恢复；"
            "确认要用备份覆盖它时加 --force"
        )
    if tables:
        with connections[alias].cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


def _unpack(folder: Path, media_root: Path) -> int:
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(folder / sets.MEDIA) as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        archive.extractall(media_root, members=members, filter="data")
    return len(members)


def backup_restore(
    folder: Path, *, alias: str = "default", force: bool = False, media_root: Path | None = None
) -> Restored:
    folder = Path(folder)
    manifest = sets.verify(folder)
    media_root = Path(settings.MEDIA_ROOT) if media_root is None else Path(media_root)
    connection = connections[alias]
    with connection.cursor() as cursor:
        server = cursor.connection.info.server_version // 10000
    tools.program("pg_restore", server)
    _empty(alias, force)
    connection.close()  # pg_restore works alone on the database
    done = tools.run(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(folder / sets.DUMP),
        ],
        connection.settings_dict,
        server=server,
    )
    if done.returncode != 0:
        raise RestoreRefused(f"pg_restore 失败（数据库仍为空）：{done.stderr.strip()[-500:]}")
    files = _unpack(folder, media_root)
    with connection.cursor() as cursor:
        restored = table_counts(cursor)  # before migrating: exactly what the set holds
    differences = {
        table: (expected, restored.get(table, 0))
        for table, expected in manifest["tables"].items()
        if restored.get(table, 0) != expected
    }
    call_command("migrate", database=alias, interactive=False, verbosity=0)
    with connection.cursor() as cursor:
        counts = table_counts(cursor)
    return Restored(manifest, counts, differences, files)
