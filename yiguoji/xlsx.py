"""Writing Excel exports with openpyxl, in the layout officials know from paper forms.

A sheet has a merged title row ("2026年延庆区以工代赈项目清单"), an optional note row, a bold
framed header row, then the data; columns carry widths and number formats (money ``#,##0.00``,
ID numbers as text ``@`` so Excel keeps every digit).

Every workbook the portal hands out is saved through :func:`save` (or :func:`workbook_bytes`),
which neutralises formula-looking text first (issue 10, item 5): a cell whose text starts with
``=``, ``+``, ``-``, ``@``, a tab or a line break (or their full-width forms) is written as plain
text with Excel's "quote prefix" (shown as typed, never evaluated, still text after F2+Enter).
No export writes a formula on purpose; a workbook built in write-only mode passes each row
through :func:`safe_row`. CSV, should one ever be written, goes through :func:`csv_text`.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.functional import Promise
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

MONEY = "#,##0.00"
TEXT = "@"
DATE = "yyyy-mm-dd"
PERCENT = "0.0%"
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


@dataclass(frozen=True)
class Column:
    header: str  # or a lazy string
    width: float = 14
    number_format: str | None = None


@dataclass
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence]
    caption: str = ""  # merged title row above the header
    note: str = ""  # e.g. "导出时间：2026-11-21 10:00  导出人：张三"
    footer: Sequence = field(default_factory=tuple)  # e.g. a 合计 row
    # the paper form's signature block below the table, e.g. ("填报单位（盖章）：", "填报人：")
    signature: Sequence[str] = field(default_factory=tuple)


#: Leading characters that make Excel, WPS or LibreOffice read text as a formula (OWASP CSV
#: injection), with the full-width forms a Chinese input method types.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(cell) -> None:
    """Make ``cell`` plain text if its value looks like a formula (openpyxl would write any text
    starting with ``=`` as a live formula)."""
    if formula_like(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True


def safe_row(worksheet, values: Iterable) -> list:
    """A row for a write-only ``worksheet`` with formula-looking text neutralised."""
    row = []
    for value in values:
        if isinstance(value, Cell):
            neutralise(value)
        elif formula_like(value):
            value = WriteOnlyCell(worksheet, value=value)
            neutralise(value)
        row.append(value)
    return row


def csv_text(value):
    """A CSV field: text that a spreadsheet would read as a formula gets a leading apostrophe."""
    return f"'{value}" if formula_like(value) else value


def save(workbook) -> bytes:
    """``workbook`` as .xlsx bytes, every formula-looking text cell neutralised first. The one
    way the portal saves a workbook (write-only ones neutralise their rows with ``safe_row``)."""
    if not getattr(workbook, "write_only", False):
        for worksheet in workbook.worksheets:
            for row in worksheet.iter_rows():
                for cell in row:
                    neutralise(cell)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_value(value):
    if isinstance(value, Promise):  # a lazy label (e.g. the district's word for its own funds)
        return str(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_sheet(worksheet, sheet: Sheet) -> None:
    widths = len(sheet.columns)
    row = 1
    if sheet.caption:
        worksheet.cell(row=1, column=1, value=sheet.caption).font = Font(bold=True, size=14)
        worksheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
        if widths > 1:
            worksheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=widths)
        worksheet.row_dimensions[1].height = 26
        row += 1
    if sheet.note:
        worksheet.cell(row=row, column=1, value=sheet.note).font = Font(size=9, color="666666")
        if widths > 1:
            worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=widths)
        row += 1
    header_row = row
    for index, column in enumerate(sheet.columns, start=1):
        cell = worksheet.cell(row=row, column=index, value=_cell_value(column.header))
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        worksheet.column_dimensions[get_column_letter(index)].width = column.width
    formats = [column.number_format for column in sheet.columns]
    for values in sheet.rows:
        row += 1
        for index, value in enumerate(values, start=1):
            cell = worksheet.cell(row=row, column=index, value=_cell_value(value))
            cell.border = _BORDER
            number_format = formats[index - 1] if index <= len(formats) else None
            if number_format:
                cell.number_format = number_format
            elif isinstance(value, (Decimal, float)):
                cell.number_format = MONEY
            elif isinstance(value, (date, datetime)):
                cell.number_format = DATE
    if sheet.footer:
        row += 1
        for index, value in enumerate(sheet.footer, start=1):
            cell = worksheet.cell(row=row, column=index, value=value)
            cell.font = Font(bold=True)
            cell.border = _BORDER
            if formats[index - 1]:
                cell.number_format = formats[index - 1]
    if sheet.signature:
        row = _write_signature(worksheet, row + 2, sheet.signature, widths)
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    print_setup(worksheet, title_rows=f"{header_row}:{header_row}")


def print_setup(worksheet, *, title_rows: str | None = None) -> None:
    """A4 landscape, every column on one page wide and as many pages tall as the rows need
    (issue 10 item 21: without ``fitToPage`` Excel ignores ``fitToWidth`` and prints four
    pages across); the header row repeated on every page; centred with narrow margins."""
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0  # 0: as many pages tall as needed
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.print_options.horizontalCentered = True
    worksheet.page_margins.left = worksheet.page_margins.right = 0.4
    worksheet.page_margins.top = worksheet.page_margins.bottom = 0.6
    if title_rows:
        worksheet.print_title_rows = title_rows


def _write_signature(worksheet, row: int, labels: Sequence[str], widths: int) -> int:
    """The signature block: the labels spread evenly over the table's width, each over merged
    cells with room to sign after it, one line."""
    span = max(widths // len(labels), 1)
    for index, label in enumerate(labels):
        start = 1 + index * span
        end = widths if index == len(labels) - 1 else start + span - 1
        cell = worksheet.cell(row=row, column=start, value=label)
        cell.alignment = Alignment(horizontal="left", vertical="center")
        if end > start:
            worksheet.merge_cells(start_row=row, start_column=start, end_row=row, end_column=end)
    worksheet.row_dimensions[row].height = 30
    return row


_INVALID_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def sheet_title(text: str, default: str = "Sheet") -> str:
    """A legal worksheet name from a user's text: no []:*?/\\ and at most 31 characters."""
    return (str(text) or default).translate(_INVALID_TITLE)[:31]


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook with ``sheets`` in order, as bytes ready to download or attach to a job."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        write_sheet(workbook.create_sheet(title=sheet_title(sheet.title)), sheet)
    return save(workbook)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
