"""The blank template users download for an upload, generated from its spec.

Sheet 1 is the table: a title row, the header row (required columns marked "*" in red), text
format ("@") on ID, card and phone columns so Excel cannot turn them into 1.1E+17, date format
on date columns, and dropdowns on choice columns. Sheet 2, "填写说明", explains every column.
There is deliberately no example *data* row: a forgotten example would be imported. A template
may come prefilled with rows the portal already knows (the wage ledger's hired workers and their
attendance): those are real data, written as text where the column is text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from yiguoji import xlsx
from yiguoji.imports.fields import MultiChoice
from yiguoji.xlsx import sheet_title

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from yiguoji.imports.spec import Column, ImportSpec

TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
#: Rows that get dropdowns; Excel copies the validation when rows are inserted inside the range.
DATA_ROWS = 5000
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def header_text(column: Column) -> str:
    return f"*{column.label}" if column.required else column.label


def build_template(spec: ImportSpec, rows: Sequence[Mapping[str, Any]] = ()) -> bytes:
    """The template of ``spec``; ``rows`` (column name -> value) fill its first data rows."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(spec.title, "导入模板")
    columns = list(spec.columns)
    last = get_column_letter(len(columns))

    sheet.merge_cells(f"A{TITLE_ROW}:{last}{TITLE_ROW}")
    title = sheet.cell(TITLE_ROW, 1, spec.title)
    title.font = Font(size=16, bold=True)
    title.alignment = _CENTER
    sheet.row_dimensions[TITLE_ROW].height = 32
    sheet.row_dimensions[HEADER_ROW].height = 30
    options = None
    for k, column in enumerate(columns, start=1):
        letter = get_column_letter(k)
        cell = sheet.cell(HEADER_ROW, k, header_text(column))
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = _HEADER_FILL
        cell.alignment = _CENTER
        cell.border = _BORDER
        dimension = sheet.column_dimensions[letter]
        dimension.width = column.width or max(12, 2 * len(column.label) + 4)
        number_format = column.parse.number_format
        if number_format:
            dimension.number_format = number_format
            if number_format == "@":
                dimension.width = max(dimension.width, 22)
        if column.parse.choices and not isinstance(column.parse, MultiChoice):
            if options is None:
                options = workbook.create_sheet("选项")
                options.sheet_state = "hidden"
            _dropdown(sheet, options, k, column, len(rows) + DATA_ROWS)
    _prefill(sheet, columns, rows)
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    _instructions(workbook, spec, columns)

    return xlsx.save(workbook)


def _prefill(sheet: Worksheet, columns: list[Column], rows: Sequence[Mapping[str, Any]]) -> None:
    for i, values in enumerate(rows):
        for k, column in enumerate(columns, start=1):
            value = values.get(column.name)
            if value is None:
                continue
            number_format = column.parse.number_format
            cell = sheet.cell(FIRST_DATA_ROW + i, k, str(value) if number_format == "@" else value)
            if number_format:
                cell.number_format = number_format


def dropdown(sheet: Any, options_title: str, k: int, label: str, count: int, cells: str) -> None:
    """A list validation on ``cells`` of ``sheet`` whose ``count`` choices are in column ``k`` of
    the hidden sheet ``options_title`` (which avoids Excel's 255-character limit on inline lists
    and commas inside labels). Works on write-only sheets too (the error workbook)."""
    letter = get_column_letter(k)
    source = f"{quote_sheetname(options_title)}!${letter}$1:${letter}${count}"
    validation = DataValidation(
        type="list",
        formula1=f"={source}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="输入有误",
        error=f"请从下拉列表中选择“{label}”",
    )
    validation.add(cells)
    sheet.data_validations.append(validation)


def _dropdown(sheet: Worksheet, options: Worksheet, k: int, column: Column, rows: int) -> None:
    labels = list(column.parse.choices)
    for row, text in enumerate(labels, start=1):
        options.cell(row, k, text)
    letter = get_column_letter(k)
    cells = f"{letter}{FIRST_DATA_ROW}:{letter}{FIRST_DATA_ROW + rows - 1}"
    dropdown(sheet, options.title, k, column.label, len(labels), cells)


def _instructions(workbook: Workbook, spec: ImportSpec, columns: list[Column]) -> None:
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 22
    notes.column_dimensions["B"].width = 10
    notes.column_dimensions["C"].width = 60
    notes.column_dimensions["D"].width = 24
    notes.append([f"{spec.title}填写说明"])
    notes["A1"].font = Font(size=14, bold=True)
    notes.append([])
    notes.append(["列名", "是否必填", "填写要求", "示例"])
    for cell in notes[3]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
    for column in columns:
        rule = "；".join(part for part in (column.parse.hint, column.note) if part)
        if column.unique:
            rule += "；同一文件中不能重复"
        notes.append([column.label, "必填" if column.required else "选填", rule, column.example])
    notes.append([])
    name = sheet_title(spec.title, "导入模板")
    general = [
        f"1. 请在“{name}”工作表中从第3行起逐行填写，不要修改表头。",
        "2. 带 * 的列为必填项。身份证号码、银行卡号等列已设置为文本格式，请勿改为数字格式。",
        "3. 上传后系统会检查每一行；只要有一处错误，整个文件都不会导入，"
        "并返回标注了错误的工作簿，修改后重新上传整个文件即可。",
    ]
    if spec.totals_row:
        general.append("4. 表格末尾的“合计”行可以保留，系统会自动忽略。")
    for line in [*general, *spec.instructions]:
        notes.append([line])
    for row in notes.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
