"""Which backup sets to keep: the newest of each of the last N days, weeks and months."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from django.utils import timezone


def _newest_per(times: Sequence[datetime], bucket: Callable, keep: int) -> set[datetime]:
    chosen: dict = {}
    for at in sorted(times, reverse=True):
        key = bucket(timezone.localtime(at))
        if key not in chosen:
            if len(chosen) == keep:
                break
            chosen[key] = at
    return set(chosen.values())


def to_keep(times: Sequence[datetime], *, daily: int, weekly: int, monthly: int) -> set[datetime]:
    """The sets retained (the newest always is); every other one may be deleted."""
    if not times:
        return set()
    kept = {max(times)}
    kept |= _newest_per(times, lambda t: t.date(), daily)
    kept |= _newest_per(times, lambda t: t.isocalendar()[:2], weekly)
    kept |= _newest_per(times, lambda t: (t.year, t.month), monthly)
    return kept
