"""The shared month helpers (a month is its first day)."""

import datetime as dt

from yiguoji.months import days_in_month, first_of, last_of, month_label, next_month, previous_month


def test_month_arithmetic_across_years_and_leap_february():
    assert next_month(dt.date(2026, 12, 1)) == dt.date(2027, 1, 1)
    assert next_month(dt.date(2026, 1, 31)) == dt.date(2026, 2, 1)
    assert previous_month(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    assert first_of(dt.date(2026, 9, 30)) == dt.date(2026, 9, 1)
    assert last_of(dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert days_in_month(dt.date(2026, 2, 1)) == 28
    assert month_label(dt.date(2026, 9, 1)) == "2026年9月"
