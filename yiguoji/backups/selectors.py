"""What the backups page shows (issue 17 item 6): the sets on disk, the drills, the keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from yiguoji import scope
from yiguoji.backups import sets
from yiguoji.core import crypto
from yiguoji.core.models import KeyRotation, RestoreDrill

STALE_AFTER = timedelta(hours=26)  # a nightly set, with two hours' grace


@dataclass
class Overview:
    sets: list[sets.SetInfo]
    drills: list[RestoreDrill]
    rotations: list[KeyRotation]
    key_version: int
    key_versions: tuple[int, ...]
    folder: str
    retention: tuple[int, int, int]

    @property
    def newest(self) -> sets.SetInfo | None:
        return next((s for s in self.sets if s.complete), None)

    @property
    def overdue(self) -> bool:
        return self.newest is None or timezone.now() - self.newest.at > STALE_AFTER

    @property
    def last_drill(self) -> RestoreDrill | None:
        return self.drills[0] if self.drills else None


def backup_overview(user) -> Overview:
    return Overview(
        sets=sets.listing(),
        drills=list(scope.restrict(RestoreDrill.objects.all(), user)[:10]),
        rotations=list(scope.restrict(KeyRotation.objects.all(), user)[:5]),
        key_version=crypto.current_version(),
        key_versions=crypto.key_versions(),
        folder=str(sets.target()),
        retention=(
            settings.BACKUP_KEEP_DAILY,
            settings.BACKUP_KEEP_WEEKLY,
            settings.BACKUP_KEEP_MONTHLY,
        ),
    )
