"""Writing Excel exports with openpyxl, in the layout officials know from paper forms.

A sheet has a merged title row ("2026年延庆区以工代赈项目清单"), an optional note row, a bold
framed header row, then the data; columns carry widths and number formats (money ``#,##0.00``,
ID numbers as text ``@`` so Excel keeps every digit).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.functional import Promise
from openpyxl import Workbook
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
    worksheet.freeze_panes = worksheet.cell(row=header_row + 1, column=1)
    worksheet.print_title_rows = f"{header_row}:{header_row}"
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes:
    """One workbook with ``sheets`` in order, as bytes ready to download or attach to a job."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        write_sheet(workbook.create_sheet(title=sheet.title[:31]), sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
