"""Integers, decimals and money (yuan to the fen).

Money is ``Decimal``, never float. Typed text must be exact ("150.505" has three decimals and is
refused). A numeric cell is a float, often a formula's result: Excel shows 1578.68 for a cell
holding 1578.675 (days x rate) and 2.68 for the float nearest 2.675 (2.67499999...), and the
user cannot see the difference. So a money cell is read by its shortest decimal form
(``repr``: "1578.675", "2.675") and rounded half up to the fen, the ledger's own rounding
(``payroll.services.ledger_checks.payable_for``). Other decimal cells (days, hours) are not
rounded: a numeric cell within 1e-9 of a value with the allowed decimals is taken as that value,
anything else is refused.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from math import isfinite
from typing import Any

from yiguoji.imports.fields.base import CellError, Field

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_CURRENCY = str.maketrans("", "", "¥￥$ ")


def _count(places: int) -> str:
    return "两" if places == 2 else "一二三四五六"[places - 1] if 1 <= places <= 6 else str(places)


def _strip(text: str, units: tuple[str, ...]) -> str:
    text = text.translate(_CURRENCY)
    for unit in units:
        if text.endswith(unit):
            return text[: -len(unit)]
    return text


def _parse_text(text: str, units: tuple[str, ...]) -> Decimal:
    raw = _strip(text, units)
    if _GROUPED.fullmatch(raw):
        raw = raw.replace(",", "")
    if not _NUMBER.fullmatch(raw):
        raise CellError("应为数字")
    return Decimal(raw)


def _float_to_decimal(
    value: float, places: int, pattern: str, rounding: str | None
) -> Decimal | None:
    """The decimal a numeric cell shows, or None if it has more than ``places`` decimals.

    With ``rounding``, the cell's shortest decimal form rounded to ``places`` (never None)."""
    if not isfinite(value):
        raise CellError("应为数字")
    if rounding is not None:
        try:
            return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=rounding)
        except InvalidOperation as exc:
            raise CellError("数值过大") from exc
    if abs(value - round(value, places)) > 1e-9 * max(1.0, abs(value)):
        return None
    return Decimal(pattern % value)  # "%.2f" % 150.29999999999998 == "150.30"


class Number(Field):
    """Shared bounds checking for Integer and DecimalField."""

    min_value: Decimal | int | None
    max_value: Decimal | int | None

    def _bounds(self, number: Decimal | int) -> None:
        if self.min_value is not None and number < self.min_value:
            raise CellError(f"不能小于{self.min_value}")
        if self.max_value is not None and number > self.max_value:
            raise CellError(f"不能大于{self.max_value}")


class Integer(Number):
    """A whole number, e.g. days worked; ``unit`` ("天", "人") may follow typed text."""

    def __init__(
        self, min_value: int | None = None, max_value: int | None = None, *, unit: str = ""
    ) -> None:
        self.min_value, self.max_value = min_value, max_value
        self.units = (unit,) if unit else ()
        self.hint = "整数" + (f"（单位：{unit}）" if unit else "")

    def __call__(self, value: Any) -> int:
        if value.__class__ is float and value.is_integer():  # the common case
            number = int(value)
        elif isinstance(value, bool):
            raise CellError("应为整数")
        elif isinstance(value, int):
            number = value
        elif isinstance(value, float):
            if not value.is_integer():
                raise CellError("应为整数")
            number = int(value)
        elif isinstance(value, str):
            parsed = _parse_text(value, self.units)
            if parsed != parsed.to_integral_value():
                raise CellError("应为整数")
            number = int(parsed)
        else:
            raise CellError("应为整数")
        self._bounds(number)
        return number


class DecimalField(Number):
    """A decimal number with at most ``places`` decimals, returned as ``Decimal``.

    ``rounding`` (e.g. ``ROUND_HALF_UP``) rounds numeric cells to ``places`` instead of
    refusing extra decimals; typed text with extra decimals is refused either way."""

    def __init__(
        self,
        places: int = 2,
        min_value: Decimal | int | None = None,
        max_value: Decimal | int | None = None,
        *,
        units: tuple[str, ...] = (),
        label: str = "数字",
        rounding: str | None = None,
    ) -> None:
        self.places = places
        self.rounding = rounding
        self.min_value, self.max_value = min_value, max_value
        self.units = units
        self.label = label
        self.exponent = Decimal(1).scaleb(-places)
        self.pattern = f"%.{places}f"
        self._seen: dict[float, Decimal] = {}  # parsed numeric cells; Decimals are immutable
        self.hint = f"{label}，最多{_count(places)}位小数"

    def __call__(self, value: Any) -> Decimal:
        if isinstance(value, bool):
            raise CellError("应为数字")
        if value.__class__ is float:  # the common case: already at the right exponent
            cached = self._seen.get(value)
            if cached is not None:
                return cached
            number = _float_to_decimal(value, self.places, self.pattern, self.rounding)
            if number is not None:
                self._bounds(number)
                if len(self._seen) < 4096:  # rates and amounts repeat down a ledger
                    self._seen[value] = number
                return number
        elif isinstance(value, int):
            number = Decimal(value)
        elif isinstance(value, str):
            number = _parse_text(value, self.units)
            if number.as_tuple().exponent < -self.places:  # type: ignore[operator]
                number = None
        else:
            raise CellError("应为数字")
        if number is None:
            raise CellError(f"{self.label}最多{_count(self.places)}位小数")
        self._bounds(number)
        try:
            return number.quantize(self.exponent)
        except InvalidOperation as exc:
            raise CellError("数值过大") from exc


def money(
    min_value: Decimal | int | None = 0, max_value: Decimal | int | None = None
) -> DecimalField:
    """Yuan to the fen: "1,234.50", "1234.5元", "¥80" (and "１２３４．５", folded before); a
    numeric cell rounded half up to the fen (1578.675 -> 1578.68), typed text never rounded."""
    field = DecimalField(
        2, min_value, max_value, units=("元",), label="金额", rounding=ROUND_HALF_UP
    )
    field.hint = "金额（元），最多两位小数"  # the label says 元: 万元 sheets must be converted
    return field
