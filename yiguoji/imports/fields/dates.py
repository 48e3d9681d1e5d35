"""Dates and months, however the sheet holds them.

calamine returns cells formatted as dates as ``date``/``datetime``. A date typed into a cell
formatted as a number arrives as an Excel serial number (46027.0 is 2026-01-05), and one typed
as digits as 20260105. Text dates come in every separator the district's staff use:
"2026-01-05", "2026/1/5", "2026.1.5", "2026年1月5日".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from yiguoji.imports.fields.base import CellError, Field

_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 = 1900-01-01, after Excel's fictional 1900-02-29
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*T?\s*\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MONTH_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:月份?)?")
_MONTH_DIGITS = re.compile(r"(\d{4})(\d{2})")


def _make(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(f"日期不存在（{year}年{month}月{day}日）") from exc


def _from_number(value: float) -> dt.date | None:
    """An Excel serial (1..73050 covers 1900-2099) or a yyyymmdd number, else None."""
    number = int(value)  # a serial with a time part (46027.5): keep the day
    if 19000101 <= number <= 20991231:
        return _make(number // 10000, number // 100 % 100, number % 100)
    if 1 <= number <= 73050:
        return (
            _EXCEL_EPOCH + dt.timedelta(days=number)
            if number > 60
            else (dt.date(1899, 12, 31) + dt.timedelta(days=number))
        )
    return None


def _to_date(value: Any, message: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        date = _from_number(value)
        if date is not None:
            return date
    elif isinstance(value, str):
        match = _DATE_TEXT.fullmatch(value) or _DATE_DIGITS.fullmatch(value)
        if match:
            return _make(*map(int, match.groups()))
    raise CellError(message)


class Date(Field):
    """A calendar date, optionally bounded."""

    hint = "日期，如 2026-01-05"
    number_format = "yyyy-mm-dd"
    message = "日期格式不正确，应填写如 2026-01-05"

    def __init__(self, min_value: dt.date | None = None, max_value: dt.date | None = None) -> None:
        self.min_value, self.max_value = min_value, max_value

    def __call__(self, value: Any) -> dt.date:
        date = _to_date(value, self.message)
        if self.min_value and date < self.min_value:
            raise CellError(f"不能早于{self.min_value.isoformat()}")
        if self.max_value and date > self.max_value:
            raise CellError(f"不能晚于{self.max_value.isoformat()}")
        return date


class Month(Field):
    """A calendar month, returned as the first day of that month.

    Excel turns "2026-01" typed into a cell into the date 2026-01-01, so dates are accepted too.
    """

    hint = "月份，如 2026-01 或 2026年1月"
    number_format = "@"
    message = "月份格式不正确，应填写如 2026-01 或 2026年1月"

    def __call__(self, value: Any) -> dt.date:
        if isinstance(value, str):
            match = _MONTH_TEXT.fullmatch(value) or _MONTH_DIGITS.fullmatch(value)
            if match:
                return _month(*map(int, match.groups()))
        elif isinstance(value, (int, float)) and 190001 <= value <= 209912:
            return _month(int(value) // 100, int(value) % 100)  # 202601 typed as a number
        return _to_date(value, self.message).replace(day=1)


def _month(year: int, month: int) -> dt.date:
    if not 1 <= month <= 12:
        raise CellError(f"月份不存在（{month}月）")
    return dt.date(year, month, 1)
