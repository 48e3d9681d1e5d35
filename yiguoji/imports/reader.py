"""Read worksheets with python-calamine (fast; opens .xlsx, .xls and .ods alike).

Call only after ``safety.check_upload`` has accepted the bytes: calamine loads a whole sheet as a
dense grid, and that check is what keeps the grid small. Rows are still converted to Python
lazily, and the row limit is enforced again while iterating, as a second line of defence.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import python_calamine

from yiguoji.imports.errors import ImportRefused
from yiguoji.imports.limits import limit
from yiguoji.imports.safety import MSG_CORRUPT, too_many_columns, too_many_rows

#: A merged range as (first_row, first_col, last_row, last_col), 0-based and inclusive.
Merged = tuple[int, int, int, int]


@dataclass(slots=True)
class Sheet:
    """The values of one worksheet as calamine gives them.

    ``rows[i]`` is Excel row ``i + 1`` (leading blank rows included, so row numbers match what
    the user sees); ``rows[i][j]`` is sheet column ``first_column + j`` (0-based). Empty cells
    are ``""``; numbers are ``float`` or ``int``; dates are ``date``/``datetime``/``time``.
    """

    name: str
    rows: list[list[Any]]
    first_column: int = 0
    merged: list[Merged] = field(default_factory=list)


@contextmanager
def _calamine_errors() -> Iterator[None]:
    """Turn calamine's failures into a refusal: its own errors, and pyo3's PanicException (a
    BaseException raised when the Rust code panics on a malformed file)."""
    try:
        yield
    except python_calamine.PasswordError as exc:
        raise ImportRefused("文件已加密，请取消密码保护后再上传") from exc
    except python_calamine.CalamineError as exc:
        raise ImportRefused(MSG_CORRUPT) from exc
    except BaseException as exc:
        if type(exc).__name__ == "PanicException":
            raise ImportRefused(MSG_CORRUPT) from exc
        raise


def iter_sheets(data: bytes, sheet_name: str | None = None) -> Iterator[Sheet]:
    """Yield the visible worksheets in workbook order (or only ``sheet_name``), loading each
    one only when the caller asks for it."""
    with _calamine_errors():
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    with workbook:
        names = [
            meta.name
            for meta in workbook.sheets_metadata
            if meta.typ == python_calamine.SheetTypeEnum.WorkSheet
            and meta.visible == python_calamine.SheetVisibleEnum.Visible
        ]
        if sheet_name is not None:
            if sheet_name not in workbook.sheet_names:
                raise ImportRefused(f"文件中没有名为“{sheet_name}”的工作表")
            names = [sheet_name]
        for name in names:
            yield _load(workbook, name)


def _load(workbook: python_calamine.CalamineWorkbook, name: str) -> Sheet:
    max_rows, max_columns = limit("IMPORT_MAX_ROWS"), limit("IMPORT_MAX_COLUMNS")
    with _calamine_errors():
        sheet = workbook.get_sheet_by_name(name)
    if sheet.width > max_columns:
        raise ImportRefused(too_many_columns())
    rows: list[list[Any]] = []
    if sheet.start is not None:
        for index, row in enumerate(sheet.iter_rows()):
            if index >= max_rows:
                raise ImportRefused(too_many_rows())
            rows.append(row)
    first_column = sheet.start[1] if sheet.start else 0
    merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ()]
    return Sheet(name=name, rows=rows, first_column=first_column, merged=merged)
