"""The workbook handed back when an upload fails: the user's sheet with every bad cell marked.

It is rebuilt from the parsed values (not a byte copy of the upload): every row stays at the row
number it had, so "第9行" in the message list is row 9 here too. Bad cells get a red fill and a
comment with the reason; an "错误原因" column beside the table repeats the reasons of each row;
a second sheet lists every error, including whole-file ones. Columns keep what the template
gives them, so the corrected file goes back in: ID, card and phone cells stay text ("@", or
Excel turns a retyped ID into 1.1E+17), dates keep their format, choice columns their drop-down.
Written in openpyxl's write-only mode, which streams rows and keeps memory flat for large sheets.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from yiguoji import xlsx
from yiguoji.imports.errors import RowError
from yiguoji.xlsx import sheet_title

if TYPE_CHECKING:
    from yiguoji.imports.header import HeaderMatch
    from yiguoji.imports.reader import Sheet
    from yiguoji.imports.spec import ImportSpec

BAD_FILL = PatternFill("solid", fgColor="FFC7CE")  # Excel's own "bad" red
BAD_FONT = Font(color="9C0006")
REASON_HEADER = "错误原因"


def _value(value: Any) -> Any:
    return None if value == "" else value


def build_error_workbook(
    spec: ImportSpec, sheet: Sheet, header: HeaderMatch, errors: list[RowError]
) -> bytes:
    workbook = Workbook(write_only=True)
    data = workbook.create_sheet(sheet_title(sheet.name or spec.title, "数据"))
    listing = workbook.create_sheet("错误清单")

    offset = sheet.first_column
    width = max((len(row) for row in sheet.rows), default=0)
    reason_column = offset + width  # 0-based sheet column of "错误原因"
    index_of = {m.column.name: m.index for m in header.mapped}
    by_row: dict[int, list[RowError]] = defaultdict(list)
    for error in errors:
        if error.row is not None:
            by_row[error.row].append(error)

    for mapped in header.mapped:
        letter = get_column_letter(offset + mapped.index + 1)
        data.column_dimensions[letter].width = max(12, min(40, 2 * len(mapped.header) + 4))
    data.column_dimensions[get_column_letter(reason_column + 1)].width = 60
    data.freeze_panes = f"A{header.last_row + 2}"
    formats = {
        offset + m.index: m.column.parse.number_format
        for m in header.mapped
        if m.column.parse.number_format
    }
    for index, number_format in formats.items():  # for the rows the user adds
        data.column_dimensions[get_column_letter(index + 1)].number_format = number_format

    lead: list[Any] = [None] * offset
    for i, raw in enumerate(sheet.rows):
        number = i + 1
        cells: list[Any] = lead + [_value(value) for value in raw]
        if i == header.last_row:
            cells.append(_styled(data, REASON_HEADER, font=Font(bold=True, color="9C0006")))
        problems = by_row.get(number)
        if problems:
            for index, notes in _cell_notes(problems, index_of).items():
                cell = _styled(data, cells[offset + index], fill=BAD_FILL, font=BAD_FONT)
                cell.comment = Comment("\n".join(notes), "系统校验")
                cells[offset + index] = cell
            reasons = "；".join(_reason(error) for error in problems)
            cells.append(_styled(data, reasons, font=BAD_FONT, wrap=True))
        if i > header.last_row:
            _keep_formats(data, cells, formats)
        data.append(xlsx.safe_row(data, cells))
    _dropdowns(workbook, data, header, offset, len(sheet.rows))

    listing.column_dimensions["A"].width = 10
    listing.column_dimensions["B"].width = 24
    listing.column_dimensions["C"].width = 80
    bold = Font(bold=True)
    listing.append([_styled(listing, text, font=bold) for text in ("行号", "列", "错误原因")])
    for error in errors:
        listing.append(xlsx.safe_row(listing, [error.row, error.column, error.message]))

    return xlsx.save(workbook)


def _keep_formats(sheet: Any, cells: list[Any], formats: dict[int, str]) -> None:
    """Give a data row's cells their column's number format (text for IDs, cards, phones)."""
    for index, number_format in formats.items():
        if index >= len(cells):
            continue
        cell = cells[index]
        if not isinstance(cell, Cell):
            cell = cells[index] = WriteOnlyCell(sheet, value=cell)
        cell.number_format = number_format


def _dropdowns(workbook: Any, sheet: Any, header: HeaderMatch, offset: int, height: int) -> None:
    """The template's drop-down lists on the choice columns, from the first data row down (and
    a few thousand rows more, for rows the user adds), the choices on a hidden sheet."""
    from yiguoji.imports.fields import MultiChoice
    from yiguoji.imports.template import DATA_ROWS, dropdown

    chosen = [
        m
        for m in header.mapped
        if m.column.parse.choices and not isinstance(m.column.parse, MultiChoice)
    ]
    if not chosen:
        return
    options = workbook.create_sheet("选项")
    options.sheet_state = "hidden"
    lists = [list(m.column.parse.choices) for m in chosen]
    for values in itertools.zip_longest(*lists):
        options.append(xlsx.safe_row(options, values))
    first, last = header.last_row + 2, max(height, header.last_row + 1) + DATA_ROWS
    for k, (mapped, choices) in enumerate(zip(chosen, lists, strict=True), start=1):
        letter = get_column_letter(offset + mapped.index + 1)
        cells = f"{letter}{first}:{letter}{last}"
        dropdown(sheet, options.title, k, mapped.column.label, len(choices), cells)


def _cell_notes(problems: list[RowError], index_of: dict[str, int]) -> dict[int, list[str]]:
    notes: dict[int, list[str]] = defaultdict(list)
    for error in problems:
        if error.field in index_of:
            notes[index_of[error.field]].append(error.message)
    return notes


def _reason(error: RowError) -> str:
    return f"{error.column}：{error.message}" if error.column else error.message


def _styled(
    sheet: Any,
    value: Any,
    *,
    fill: PatternFill | None = None,
    font: Font | None = None,
    wrap: bool = False,
) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if fill is not None:
        cell.fill = fill
    if font is not None:
        cell.font = font
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell
