"""Retention of backup sets (issue 17 item 1): the newest of each of the last N days, weeks and
months; and the set's checksums."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from yiguoji.backups import retention, sets


def _at(day: dt.date, hour=1) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_keeps_the_newest_per_day_week_and_month():
    start = dt.date(2026, 1, 1)
    times = [_at(start + dt.timedelta(days=n), hour) for n in range(120) for hour in (1, 13)]
    kept = retention.to_keep(times, daily=7, weekly=4, monthly=3)
    newest = max(times)
    assert newest in kept
    days = sorted({timezone.localtime(t).date() for t in kept})
    assert all(timezone.localtime(t).hour == 13 for t in kept)  # one set per day: the newest
    assert days[-7:] == [newest.date() - dt.timedelta(days=n) for n in range(6, -1, -1)]
    months = {(t.year, t.month) for t in kept}
    assert months == {(2026, 2), (2026, 3), (2026, 4)}
    assert len(kept) <= 7 + 4 + 3
    assert retention.to_keep([], daily=7, weekly=4, monthly=6) == set()


def test_verify_names_the_missing_or_damaged_file(tmp_path):
    folder = tmp_path / "yiguoji-20260101T010000"
    folder.mkdir()
    for name in (sets.DUMP, sets.MEDIA):
        (folder / name).write_bytes(b"data of " + name.encode())
    (folder / sets.MANIFEST).write_text(json.dumps({"name": folder.name}))
    with pytest.raises(sets.BackupCorrupt, match="缺少校验文件"):
        sets.verify(folder)
    sets.write_sums(folder)
    assert sets.verify(folder) == {"name": folder.name}
    (folder / sets.MEDIA).write_bytes(b"changed")
    with pytest.raises(sets.BackupCorrupt, match=r"media\.tar 的校验和不符"):
        sets.verify(folder)
    (folder / sets.MEDIA).unlink()
    with pytest.raises(sets.BackupCorrupt, match=r"缺少文件 media\.tar"):
        sets.verify(folder)
    assert [s.name for s in sets.listing(tmp_path)] == [folder.name]
