"""What can go wrong in an import, and how it is told to the user.

Three levels, all with Chinese messages that the UI shows as they are:

* ``CellError`` — a parser refuses one cell ("校验码错误"); the engine adds row and column.
* ``RowError`` — one reported problem: Excel row number (as Excel shows it, title rows counted),
  the column header as it appears in the file, and the reason. ``str()`` renders it the way
  the district's staff read it: ``第9行 公民身份号码：校验码错误``.
* ``ImportRefused`` — the whole file is refused (hostile, unreadable, no header); nothing is
  parsed further.
"""

from __future__ import annotations

from dataclasses import dataclass


class CellError(ValueError):
    """A cell value cannot be accepted; ``message`` is the reason in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImportRefused(Exception):
    """The whole file is refused before (or instead of) row validation."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the uploaded file.

    ``row`` is the 1-based Excel row number (None for a whole-file problem); ``column`` is the
    header text as found in the file (None when the problem is about the whole row); ``field``
    is the spec column name, kept so the error workbook can mark the right cell.
    """

    row: int | None
    column: str | None
    message: str
    field: str | None = None

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.column}：{self.message}" if self.column else self.message
        if self.column:
            return f"第{self.row}行 {self.column}：{self.message}"
        return f"第{self.row}行：{self.message}"


class ErrorList:
    """Collects errors up to a cap and counts the rest, so a wrong file cannot exhaust memory."""

    __slots__ = ("cap", "items", "overflow", "rows")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.items: list[RowError] = []
        self.overflow = 0
        #: Excel row numbers that have at least one error.
        self.rows: set[int] = set()

    def add(self, error: RowError) -> None:
        if error.row is not None:
            self.rows.add(error.row)
        if len(self.items) < self.cap:
            self.items.append(error)
        else:
            self.overflow += 1

    def __len__(self) -> int:
        return len(self.items) + self.overflow

    def __bool__(self) -> bool:
        return bool(self.items) or self.overflow > 0
