"""Parsed rows, as the spec's hooks see them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from yiguoji.imports.errors import ErrorList, RowError


class Row(dict[str, Any]):
    """Parsed values of one data row keyed by column name; ``number`` is its Excel row."""

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number

    def __repr__(self) -> str:
        return f"Row({self.number}, {dict.__repr__(self)})"


class RowSet(Sequence[Row]):
    """The rows handed to ``clean_rows`` and ``write``, and the way to report problems.

    It holds the rows whose cells all parsed. ``failed`` are the file's other data rows (a
    cell refused, or a value repeated within the file), already reported, with what did parse
    (a refused cell is None): checks across rows leave them out, and use them only so as not
    to call someone "missing" whose row is there but wrong. ``dry_run`` is True when nothing
    will be written whatever the checks find (``run_import(dry_run=True)``).
    """

    def __init__(
        self,
        rows: list[Row],
        errors: ErrorList,
        headers: dict[str, str],
        *,
        failed: Sequence[Row] = (),
        dry_run: bool = False,
    ) -> None:
        self._rows = rows
        self._errors = errors
        self._headers = headers  # column name -> header text as found in the file
        self.failed = failed
        self.dry_run = dry_run

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        return self._rows[index]

    def __iter__(self) -> Iterator[Row]:
        return iter(self._rows)

    def values(self, name: str) -> list[Any]:
        """All non-empty values of one column, e.g. to fetch existing records in one query."""
        return [row[name] for row in self._rows if row.get(name) is not None]

    def header(self, name: str) -> str | None:
        """The header text the file uses for column ``name``; for a column the file lacks, the
        spec's label (so messages still name it). None for a name the spec doesn't declare."""
        return self._headers.get(name)

    def error(self, row: Row | int | None, column: str | None, message: str) -> None:
        """Report a problem: ``row`` (a Row, an Excel row number, or None for the whole file),
        ``column`` (a column name, or None for the whole row), ``message`` in Chinese."""
        number = row.number if isinstance(row, Row) else row
        header = self._headers.get(column, column) if column else None
        self._errors.add(RowError(number, header, message, column))

    @property
    def has_errors(self) -> bool:
        """Whether anything in the file was reported so far (so nothing will be written)."""
        return bool(self._errors)

    @property
    def will_write(self) -> bool:
        """Whether ``write`` follows if no more errors are reported: a spec may then leave
        checks that need a lock to ``write`` (run once, under the lock), and must run them
        itself otherwise, so that one pass reports everything."""
        return not self.dry_run and not self._errors
