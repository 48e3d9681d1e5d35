"""Months and quarters as the district counts them: calendar periods in Asia/Shanghai.

A month is its first day (a ``date``). Dates (pay dates, report dates) are already local; a
moment (``datetime``) is turned into its Beijing date with ``timezone.localdate`` before it is
compared, so 00:30 on 1 December in Beijing (16:30 on 30 November UTC) is December.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yiguoji.months import first_of as month_of
from yiguoji.months import last_of as month_end
from yiguoji.months import month_label, next_month, previous_month

__all__ = ["month_end", "month_label", "month_of", "next_month", "previous_month"]


def current_month(now: dt.datetime | None = None) -> dt.date:
    """This month in Beijing (at 00:30 on 1 December Beijing time: December)."""
    return month_of(timezone.localdate(now or timezone.now()))


def months_of_year(year: int, *, until: dt.date | None = None) -> list[dt.date]:
    months = [dt.date(year, m, 1) for m in range(1, 13)]
    return [m for m in months if until is None or m <= until]


def quarter_of(month: dt.date) -> tuple[int, int]:
    return month.year, (month.month - 1) // 3 + 1


def quarter_months(year: int, quarter: int) -> list[dt.date]:
    first = 3 * (quarter - 1) + 1
    return [dt.date(year, first + i, 1) for i in range(3)]


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(quarter_months(year, quarter)[-1])


def previous_quarter(today: dt.date) -> tuple[int, int]:
    year, quarter = quarter_of(today)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def local_midnight(day: dt.date) -> dt.datetime:
    """The aware moment 00:00 of ``day`` in Beijing."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
