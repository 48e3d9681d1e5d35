"""Calendar months as the portal counts them: a month is its first day (a ``date``).

Attendance, wage ledgers, monthly reports and reminders all work in months; these are the one
set of helpers they share.
"""

from __future__ import annotations

import calendar
import datetime as dt


def first_of(day: dt.date) -> dt.date:
    """The month ``day`` falls in."""
    return day.replace(day=1)


def days_in_month(month: dt.date) -> int:
    return calendar.monthrange(month.year, month.month)[1]


def last_of(month: dt.date) -> dt.date:
    """The last day of ``month``."""
    return month.replace(day=days_in_month(month))


def next_month(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_label(month: dt.date) -> str:
    """ "2026年9月"."""
    return f"{month.year}年{month.month}月"
