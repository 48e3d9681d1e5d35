"""``restore_drill``: prove the newest set restores (issue 17 items 4 and 6).

The set is restored into a scratch database beside the live one (``<name>_drill``) and a scratch
media folder, never over live data; the rows per table must equal the manifest's, every file
must come back, and a sample of the stored numbers must decrypt with the configured keys (a
backup without its key is worthless, and the key is not in the set). The scratch copies are
dropped and the outcome is a :class:`RestoreDrill` row, shown on the backups page.
"""

from __future__ import annotations

import tempfile
import time
from decimal import Decimal
from pathlib import Path

from django.db import connections

from yiguoji.backups import sets
from yiguoji.backups.restore import backup_restore
from yiguoji.core import crypto
from yiguoji.core.models import RestoreDrill

ALIAS = "restore_drill"
SAMPLE = 20


def _scratch_database(name: str) -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')


def _drop(name: str) -> None:
    connections[ALIAS].close()
    with connections["default"].cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _decrypt_sample(alias: str) -> int:
    """Decrypt a few tokens of every encrypted column in the restored copy."""
    from yiguoji.core.services.keys import protected_tables

    checked = 0
    with connections[alias].cursor() as cursor:
        for table in protected_tables():
            for field in table.fields:
                cursor.execute(
                    f'SELECT "{field.column}" FROM "{table.table}" '
                    f'WHERE "{field.column}" IS NOT NULL LIMIT {SAMPLE}'
                )
                for (token,) in cursor.fetchall():
                    crypto.decrypt(token, purpose=field.purpose)
                    checked += 1
    return checked


def restore_drill(folder: Path | None = None) -> RestoreDrill:
    """Drill the given set (the newest complete one by default) and record the outcome."""
    started = time.monotonic()
    if folder is None:
        complete = [s for s in sets.listing() if s.complete]
        if not complete:
            return RestoreDrill.objects.create(backup_name="—", passed=False, detail="没有备份集")
        folder = complete[0].path
    folder = Path(folder)
    scratch = f"{connections['default'].settings_dict['NAME']}_drill"
    connections.settings[ALIAS] = {**connections.settings["default"], "NAME": scratch}
    passed, detail = False, ""
    try:
        _scratch_database(scratch)
        with tempfile.TemporaryDirectory(prefix="yiguoji-drill-") as media:
            restored = backup_restore(folder, alias=ALIAS, media_root=Path(media))
            decrypted = _decrypt_sample(ALIAS)
        wanted = restored.manifest.get("media_files", 0)
        problems = [
            f"{t}：备份 {a} 行，恢复后 {b} 行" for t, (a, b) in restored.differences.items()
        ]
        if restored.media_files != wanted:
            problems.append(f"文件：备份 {wanted} 个，恢复后 {restored.media_files} 个")
        passed = not problems
        rows = sum(restored.counts.values())
        detail = "；".join(problems) or (
            f"{len(restored.counts)} 张表共 {rows} 行、{restored.media_files} 个文件与备份一致，"
            f"抽查 {decrypted} 个加密号码均可解密"
        )
    except (sets.BackupCorrupt, crypto.DecryptionError, RuntimeError) as error:
        detail = str(error)
    finally:
        _drop(scratch)
        del connections[ALIAS]
        del connections.settings[ALIAS]
    seconds = Decimal(str(round(time.monotonic() - started, 1)))
    return RestoreDrill.objects.create(
        backup_name=folder.name, passed=passed, seconds=seconds, detail=detail[:2000]
    )
