"""``backup_create``: one consistent, dated, checksummed backup set (issue 17 item 1).

The row counts in the manifest and the dump come from one snapshot: a repeatable-read
transaction exports it (``pg_export_snapshot``), counts every table and holds it open while
``pg_dump --snapshot`` dumps exactly that state. The uploaded files are archived after the dump,
so every file a restored row names is in the set. No setting and no key is written: the
personal-data key must be kept apart (README, "Keys"); the manifest names only the key
*versions* the data needs.
"""

from __future__ import annotations

import json
import tarfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from yiguoji.backups import retention, sets, tools
from yiguoji.core import crypto


class BackupFailed(RuntimeError):
    pass


def table_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(alias: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _check_versions(alias: str) -> tuple[int, int]:
    server = connections[alias].cursor().connection.info.server_version // 10000
    client = tools.major_version("pg_dump", server)
    if client < server:
        raise BackupFailed(
            f"pg_dump {client} 不能备份 PostgreSQL {server}：请使用服务器自带的 pg_dump"
            "（设置 PG_BIN_DIR）"
        )
    return server, client


def _dump(partial: Path, alias: str, server: int) -> dict[str, int]:
    database = connections[alias].settings_dict
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = table_counts(cursor)
        done = tools.run(
            "pg_dump",
            ["--format=custom", f"--snapshot={snapshot}", f"--file={partial / sets.DUMP}"],
            database,
            server=server,
        )
    if done.returncode != 0:
        raise BackupFailed(f"pg_dump 失败：{done.stderr.strip()[-500:]}")
    return counts


def _archive_media(partial: Path, media_root: Path) -> int:
    files = 0
    with tarfile.open(partial / sets.MEDIA, "w") as archive:
        if media_root.is_dir():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=str(path.relative_to(media_root)))
                    files += 1
    return files


def backup_create(
    *, alias: str = "default", folder: Path | None = None, media_root: Path | None = None
) -> sets.SetInfo:
    """Write a new set into ``folder`` (``BACKUP_DIR``) and return it. A failure leaves only a
    ``.partial`` folder, which is never listed or restored and is cleared by :func:`backup_prune`.
    """
    started = time.monotonic()
    folder = sets.target() if folder is None else Path(folder)
    media_root = Path(settings.MEDIA_ROOT) if media_root is None else Path(media_root)
    server, client = _check_versions(alias)
    now = timezone.now()
    final = folder / sets.set_name(now)
    partial = final.with_name(final.name + ".partial")
    partial.mkdir(parents=True)
    counts = _dump(partial, alias, server)
    files = _archive_media(partial, media_root)
    manifest = {
        "format": 1,
        "name": final.name,
        "created_at": timezone.localtime(now).isoformat(),
        "database": connections[alias].settings_dict["NAME"],
        "server_version": server,
        "pg_dump_version": client,
        "migrations": _migrations(alias),
        "tables": counts,
        "media_files": files,
        "key_versions_needed": list(crypto.key_versions()),
        "seconds": round(time.monotonic() - started, 2),
    }
    (partial / sets.MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    sets.write_sums(partial)
    partial.rename(final)
    return next(s for s in sets.listing(folder) if s.path == final)


def backup_prune(*, folder: Path | None = None) -> list[str]:
    """Delete the sets retention does not keep (BACKUP_KEEP_DAILY / _WEEKLY / _MONTHLY) and
    half-written ones a day old; the names deleted."""
    folder = sets.target() if folder is None else Path(folder)
    found = sets.listing(folder)
    keep = retention.to_keep(
        [s.at for s in found if s.complete],
        daily=settings.BACKUP_KEEP_DAILY,
        weekly=settings.BACKUP_KEEP_WEEKLY,
        monthly=settings.BACKUP_KEEP_MONTHLY,
    )
    removed = []
    for info in found:
        if info.complete and info.at not in keep:
            sets.remove(info.path)
            removed.append(info.name)
    for partial in folder.glob(sets.PREFIX + "*.partial"):
        if time.time() - partial.stat().st_mtime > 86400:
            sets.remove(partial)
            removed.append(partial.name)
    return removed
