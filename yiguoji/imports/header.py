"""Find the header row under the title rows and map its cells to the spec's columns.

Real sheets put a merged title in row 1 ("2026年延庆区以工代赈务工人员登记表"), a unit and date
line in row 2, and the header in row 3 or 4 — sometimes over two rows, with a merged group
label ("银行卡信息") above its parts ("开户银行" | "银行卡号"). Every row near the top is
tried as a one-row and as a two-row header; the candidate that maps the most spec columns wins
(a one-row header on a tie, so a blank or title row above is never glued onto the header).
Labels match ignoring spaces, line breaks, full-width forms, "*" markers and case, and then
ignoring bracketed notes ("身份证号码（18位）").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from yiguoji.imports.reader import Merged
from yiguoji.imports.spec import Column
from yiguoji.imports.text import header_key, header_key_loose, header_label


@dataclass(slots=True)
class MappedColumn:
    column: Column
    index: int  # position in the sheet's row lists
    header: str  # the header text as the file has it


@dataclass(slots=True)
class HeaderMatch:
    first_row: int  # 0-based index of the (first) header row
    last_row: int  # 0-based index of the last header row
    mapped: list[MappedColumn] = field(default_factory=list)
    missing: list[Column] = field(default_factory=list)  # required columns not found
    repeated: list[tuple[Column, int, int]] = field(default_factory=list)  # column, both indexes

    @property
    def score(self) -> int:
        return len(self.mapped)


class ColumnIndex:
    """Header keys of a spec's columns: exact keys, and loose keys that are unambiguous."""

    def __init__(self, columns: list[Column] | tuple[Column, ...]) -> None:
        self.exact: dict[str, Column] = {}
        loose: dict[str, Column | None] = {}
        for column in columns:
            for text in column.headers:
                key = header_key(text)
                self.exact.setdefault(key, column)
                short = header_key_loose(key)
                if short and loose.get(short, column) is not column:
                    loose[short] = None  # two columns share it: useless for matching
                else:
                    loose[short] = column
        self.loose = {key: column for key, column in loose.items() if column is not None}

    def match(self, text: str) -> Column | None:
        if not text:
            return None
        key = header_key(text)
        return self.exact.get(key) or self.loose.get(header_key_loose(key))


def _merged_fill(
    merged: list[Merged], first_column: int, rows: int, width: int
) -> dict[tuple[int, int], tuple[int, int]]:
    """Map each covered cell in the top ``rows`` rows to its merged range's top-left cell.

    Ranges are clipped to the window, so a hostile A1:XFD1048576 merge costs nothing.
    """
    fill: dict[tuple[int, int], tuple[int, int]] = {}
    for r0, c0, r1, c1 in merged:
        if r0 >= rows:
            continue
        j0, j1 = c0 - first_column, min(c1 - first_column, width - 1)
        for i in range(r0, min(r1, rows - 1) + 1):
            for j in range(max(j0, 0), j1 + 1):
                if (i, j) != (r0, j0):
                    fill[(i, j)] = (r0, j0)
    return fill


def locate_header(
    rows: list[list[Any]],
    columns: list[Column] | tuple[Column, ...],
    *,
    merged: Sequence[Merged] = (),
    first_column: int = 0,
    scan_rows: int = 20,
) -> HeaderMatch | None:
    """Return the best header candidate in the first ``scan_rows`` rows, or None if no row
    matches any column."""
    index = ColumnIndex(columns)
    window = min(scan_rows + 1, len(rows))
    width = max((len(row) for row in rows[:window]), default=0)
    fill = _merged_fill(list(merged), first_column, window, width)

    def label(i: int, j: int) -> str:
        row = rows[i]
        value = row[j] if j < len(row) else ""
        if value == "" and (i, j) in fill:
            r0, j0 = fill[(i, j)]
            value = rows[r0][j0] if 0 <= j0 < len(rows[r0]) else ""
        return header_label(value)

    candidates: list[HeaderMatch] = []
    for i in range(min(scan_rows, window)):
        top = [label(i, j) for j in range(width)]
        candidates.append(_single(i, top, index, columns))
        if i + 1 < window:
            sub = [label(i + 1, j) for j in range(width)]
            candidates.append(_double(i, top, sub, index, columns, guess_groups=not fill))
    # Most columns wins; on a tie a one-row header, then the topmost (max keeps the first).
    best = max(candidates, key=lambda c: (c.score, c.first_row == c.last_row), default=None)
    if best is None or best.score == 0:
        return None
    return best


def _single(
    i: int, labels: list[str], index: ColumnIndex, columns: list[Column] | tuple[Column, ...]
) -> HeaderMatch:
    match = HeaderMatch(first_row=i, last_row=i)
    _assign(match, ((j, [text]) for j, text in enumerate(labels)), index, columns)
    return match


def _double(
    i: int,
    top: list[str],
    sub: list[str],
    index: ColumnIndex,
    columns: list[Column] | tuple[Column, ...],
    *,
    guess_groups: bool,
) -> HeaderMatch:
    """A two-row header: each column is known by its lower label, its group label + lower
    label, or (for a cell merged down both rows) its upper label."""
    match = HeaderMatch(first_row=i, last_row=i + 1)
    group = ""
    options: list[tuple[int, list[str]]] = []
    for j, (upper, lower) in enumerate(zip(top, sub, strict=True)):
        if guess_groups:  # no merge information (.ods): a blank upper cell continues the group
            if upper and lower:
                group = upper
            elif upper:
                group = ""
            elif lower:
                upper = group
        if lower and lower != upper:
            texts = [lower, upper + lower] if upper else [lower]
        else:
            texts = [upper]
        options.append((j, texts))
    _assign(match, options, index, columns)
    return match


def _assign(match: HeaderMatch, options, index: ColumnIndex, columns) -> None:
    seen: dict[str, MappedColumn] = {}
    for j, texts in options:
        for text in texts:
            column = index.match(text)
            if column is None:
                continue
            if column.name in seen:
                match.repeated.append((column, seen[column.name].index, j))
            else:
                seen[column.name] = MappedColumn(column, j, texts[0])
                match.mapped.append(seen[column.name])
            break
    match.missing = [c for c in columns if c.required and c.name not in seen]
