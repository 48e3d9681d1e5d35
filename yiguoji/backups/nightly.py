"""The nightly run (beat, BACKUP_HOUR Asia/Shanghai): back up, prune, drill. Safe to run twice:
a day that has its set is not backed up again, a set already drilled is not drilled again, and
two runs at once are kept apart by an advisory lock."""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from yiguoji.backups import sets
from yiguoji.backups.create import backup_create, backup_prune
from yiguoji.backups.drill import restore_drill
from yiguoji.core.models import RestoreDrill

LOCK = 1_701_700_017  # pg advisory lock key of the backup run (issue 17)


def backup_nightly() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK])
        if not cursor.fetchone()[0]:
            return "另一个备份正在进行"
        try:
            today = timezone.localdate()
            done = [s for s in sets.listing() if s.complete]
            if not any(timezone.localtime(s.at).date() == today for s in done):
                done.insert(0, backup_create())
            removed = backup_prune()
            newest = done[0]
            if not RestoreDrill.objects.filter(backup_name=newest.name).exists():
                drill = restore_drill(newest.path)
                outcome = "通过" if drill.passed else "未通过"
                return f"{newest.name}；删除 {len(removed)} 个；演练{outcome}"
            return f"{newest.name}；删除 {len(removed)} 个"
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK])
