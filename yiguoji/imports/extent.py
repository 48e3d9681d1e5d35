"""Measure how far a sheet reaches before calamine loads it.

calamine builds a dense grid spanning every non-empty cell, so a few-kilobyte file with one cell
at A1 and one at XFD1048576 (or, in .xls, IV65536) would make it allocate gigabytes. These
scanners read only cell addresses — streaming, with bounded memory — and raise ``TooLarge``
as soon as a non-empty cell lies beyond the row or column limit.

The .xlsx scan has a fast path for what Excel, WPS, LibreOffice and openpyxl write (every cell
carries an ``r="B7"`` address as its first attribute): one regular expression finds only the
cells whose address could be out of range, so a normal 10,000-row sheet costs a few milliseconds.
Anything else falls back to a tag-by-tag walk that counts positions the way calamine does.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import IO

_CHUNK = 1 << 20


class TooLarge(Exception):
    """A non-empty cell lies outside the allowed rows or columns."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.rows = rows
        self.columns = columns


def column_index(letters: bytes) -> int:
    """'A' -> 1, 'Z' -> 26, 'AA' -> 27."""
    index = 0
    for char in letters:
        index = index * 26 + char - 64
    return index


def _chunks(stream: IO[bytes]) -> Iterator[bytes]:
    """Yield the stream in pieces that each end just before a ``<``, so no tag is ever cut."""
    tail = b""
    while block := stream.read(_CHUNK):
        buf = tail + block
        cut = buf.rfind(b"<")
        if cut <= 0:
            tail = buf
            continue
        yield buf[:cut]
        tail = buf[cut:]
    if tail:
        yield tail


def _check(row: int, column: int, max_rows: int, max_columns: int) -> None:
    if row > max_rows or column > max_columns:
        raise TooLarge(row, column)


# --- .xlsx -----------------------------------------------------------------------------------

_PREFIXED_ROOT = re.compile(rb"<\w+:worksheet\b")
_REF = re.compile(rb'([A-Z]{1,3})([0-9]{1,7})"')
_XLSX_TAG = re.compile(rb"<(?:\w+:)?(row|c)\b([^>]*?)(/?)>")
_R_ATTR = re.compile(rb'\br="([A-Z]*)([0-9]*)"')


@lru_cache(maxsize=8)
def _xlsx_suspects(max_rows: int, max_columns: int) -> re.Pattern[bytes]:
    """Cells whose address *may* be out of range, plus any cell tag without a leading address."""
    digits = len(str(max_rows))
    wide = "[A-Z]{2}" if max_columns >= 26 else f"[A-Z]{{2}}|[{chr(65 + max_columns)}-Z]"
    return re.compile(
        rb'<c(?:>| (?!r=")| r="(?:'
        + wide.encode()
        + rb"|[A-Z][1-9][0-9]{"
        + str(digits - 1).encode()
        + rb"}))"
    )


def scan_xlsx_sheet(open_stream: Callable[[], IO[bytes]], max_rows: int, max_columns: int) -> None:
    """Raise TooLarge if a non-empty cell of this worksheet part is out of range.

    ``open_stream`` returns a fresh binary stream of the part; it is called a second time only
    when the markup is unusual and the careful walk is needed.
    """
    with open_stream() as stream:
        if _scan_xlsx_fast(stream, max_rows, max_columns):
            return
    with open_stream() as stream:
        _walk_xlsx(stream, max_rows, max_columns)


def _scan_xlsx_fast(stream: IO[bytes], max_rows: int, max_columns: int) -> bool:
    """Check the suspect cells only; return False if a cell tag is not ``<c r="..."``."""
    suspects = _xlsx_suspects(max_rows, max_columns)
    for number, buf in enumerate(_chunks(stream)):
        if number == 0 and _PREFIXED_ROOT.search(buf):
            return False  # "<x:worksheet>" markup: cells are "<x:c>", which the pattern skips
        for match in suspects.finditer(buf):
            ref = _REF.match(buf, match.start() + 6)
            if ref is None or match.group(0)[:4] != b"<c r":
                return False
            end = buf.find(b">", match.end())
            if buf[end - 1] != 0x2F:  # not self-closing ("/>"), so the cell has a value
                _check(int(ref.group(2)), column_index(ref.group(1)), max_rows, max_columns)
    return True


def _walk_xlsx(stream: IO[bytes], max_rows: int, max_columns: int) -> None:
    """Tag-by-tag walk: positions come from ``r`` attributes or, like calamine, by counting."""
    row = column = 0
    for buf in _chunks(stream):
        for tag, attrs, closed in _XLSX_TAG.findall(buf):
            ref = _R_ATTR.search(attrs)
            if tag == b"row":
                row = int(ref.group(2)) if ref and ref.group(2) else row + 1
                column = 0
                continue
            if ref and ref.group(1):
                column = column_index(ref.group(1))
                row = int(ref.group(2)) if ref.group(2) else row
            else:
                column += 1
            if not closed:
                _check(max(row, 1), column, max_rows, max_columns)


# --- .ods ------------------------------------------------------------------------------------

_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)(?=[\s/>])([^>]*?)(/?)>"
)
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="([0-9]+)"')
_COLUMNS_REPEATED = re.compile(rb'number-columns-repeated="([0-9]+)"')


def scan_ods_content(stream: IO[bytes], max_rows: int, max_columns: int) -> None:
    """Raise TooLarge if a non-empty cell of any table in content.xml is out of range.

    ODS compresses repetition into ``number-rows-repeated`` / ``number-columns-repeated``;
    LibreOffice legitimately pads every sheet with a million repeated *empty* rows, so only
    repeats of non-empty cells count.
    """
    row = 0  # rows before the current one
    row_repeat = 1
    column = 0
    row_has_value = False
    for buf in _chunks(stream):
        for closing, tag, attrs, closed in _ODS_TAG.findall(buf):
            if tag == b"table":
                if not closing:
                    row = 0
                continue
            if tag == b"table-row":
                if closing:
                    if row_has_value:
                        _check(row + row_repeat, 1, max_rows, max_columns)
                    row += row_repeat
                    continue
                repeat = _ROWS_REPEATED.search(attrs)
                row_repeat = int(repeat.group(1)) if repeat else 1
                column = 0
                row_has_value = False
                if closed:
                    row += row_repeat
                continue
            if closing:
                continue
            repeat = _COLUMNS_REPEATED.search(attrs)
            count = int(repeat.group(1)) if repeat else 1
            if not closed or b"value-type" in attrs:
                _check(row + 1, column + count, max_rows, max_columns)
                row_has_value = True
            column += count


# --- .xls ------------------------------------------------------------------------------------

# BIFF records that calamine turns into cells: FORMULA, RSTRING, LABELSST, NUMBER, LABEL,
# BOOLERR, RK (row, column as the first two little-endian words), and MULRK (a run of columns).
_CELL_RECORDS = frozenset({0x0006, 0x00D6, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
_MULRK = 0x00BD


def scan_xls_workbook(stream: bytes, max_rows: int, max_columns: int) -> None:
    """Raise TooLarge if a cell record in the BIFF stream (any sheet) is out of range."""
    position, end = 0, len(stream) - 4
    unpack = struct.unpack_from
    while position <= end:
        kind, length = unpack("<HH", stream, position)
        body = position + 4
        position = body + length
        if length < 4 or position > len(stream):
            continue
        if kind in _CELL_RECORDS:
            row, column = unpack("<HH", stream, body)
            _check(row + 1, column + 1, max_rows, max_columns)
        elif kind == _MULRK and length >= 6:
            row = unpack("<H", stream, body)[0]
            last = unpack("<H", stream, position - 2)[0]
            _check(row + 1, last + 1, max_rows, max_columns)
