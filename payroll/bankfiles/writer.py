"""The batch file a paying bank takes (代发文件), built from a layout (``layouts``) and rows.

A pure function from (layout, batch facts, instruction rows) to bytes; the caller decides who
may have it and logs the reveal (``payroll.services.payments.batch_file``). What real bank
layouts need beyond a generic CSV, all expressed in the layout file: a legacy encoding (GBK,
where a rare character in a name cannot be written and must be refused by name), fixed widths
counted in bytes of that encoding (a Chinese character takes two), amounts in fen without a
decimal point, summary records before and after the lines (count and total, for the bank to
check the file), constant columns (currency, transfer mode) and the payer's account on
every line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from openpyxl import Workbook


def amount_text(amount: Decimal, unit: str) -> str:
    return str(int(amount * 100)) if unit == "fen" else f"{amount:.2f}"


def _cell(column: Mapping, row: Mapping[str, Any], layout: Mapping) -> Any:
    if "value" in column:
        return column["value"]
    value = row[column["field"]]
    if column["field"] == "amount":
        return amount_text(value, layout["amount"])
    return value


def _fixed(value: Any, column: Mapping, encoding: str, where: str) -> bytes:
    """One fixed-width field: its bytes in the layout's encoding, padded to ``width``."""
    width = column["width"]
    text = str(value)
    data = _encode(text, encoding, where)
    if len(data) > width:
        if not column.get("truncate"):
            raise ValidationError(f"{where}“{text}”超过银行文件规定的{width}个字节")
        while len(data) > width:  # cut whole characters, never half a GBK character
            text = text[:-1]
            data = _encode(text, encoding, where)
    fill = _encode(column.get("fill", " "), encoding, where)
    pad = fill * (width - len(data))
    return pad + data if column.get("align") == "right" else data + pad


def _encode(text: str, encoding: str, where: str) -> bytes:
    try:
        return text.encode(encoding)
    except UnicodeEncodeError as error:
        bad = text[error.start : error.end]
        raise ValidationError(
            f"{where}“{text}”中的“{bad}”无法用银行文件的编码（{encoding}）写出，"
            "请与银行确认该字的写法（如用同音常用字并附说明）"
        ) from None


def _where(row: Mapping[str, Any]) -> str:
    return f"第{row['seq']}笔（{row['name']}）"


def build_file(
    layout: Mapping, facts: Mapping[str, Any], rows: Iterable[Mapping[str, Any]]
) -> bytes:
    """The file's bytes. ``facts`` fill the header and footer placeholders (``layouts.
    PLACEHOLDERS``) and the per-batch columns; ``rows`` are the instructions in order."""
    fmt = layout["format"]
    if fmt == "xlsx":
        return _xlsx(layout, facts, rows)
    if fmt == "txt":
        return _txt(layout, facts, rows)
    return _csv(layout, facts, rows)


def _line_values(layout, facts, row) -> list:
    merged = {**facts, **row}
    return [_cell(column, merged, layout) for column in layout["columns"]]


def _csv(layout, facts, rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=layout["delimiter"], lineterminator=layout["newline"])
    for line in layout["header"]:
        writer.writerow(_fill(line, facts))
    if layout["column_headers"]:
        writer.writerow([c.get("header", "") for c in layout["columns"]])
    for row in rows:
        _encode(row["name"], layout["encoding"], _where(row))
        writer.writerow(_line_values(layout, facts, row))
    for line in layout["footer"]:
        writer.writerow(_fill(line, facts))
    return out.getvalue().encode(layout["encoding"])


def _fill(line, facts) -> list[str]:
    cells = line if isinstance(line, list) else [line]
    return [cell.format_map(facts) for cell in cells]


def _txt(layout, facts, rows) -> bytes:
    newline = layout["newline"].encode("ascii")
    encoding = layout["encoding"]
    parts: list[bytes] = []
    for line in layout["header"]:
        parts.append(_encode("".join(_fill(line, facts)), encoding, "文件头") + newline)
    for row in rows:
        merged = {**facts, **row}
        where = _where(row)
        parts.append(
            b"".join(
                _fixed(_cell(column, merged, layout), column, encoding, where)
                for column in layout["columns"]
            )
            + newline
        )
    for line in layout["footer"]:
        parts.append(_encode("".join(_fill(line, facts)), encoding, "文件尾") + newline)
    return b"".join(parts)


def _xlsx(layout, facts, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("代发明细")
    for line in layout["header"]:
        sheet.append(_fill(line, facts))
    sheet.append([c.get("header", "") for c in layout["columns"]])
    for row in rows:
        sheet.append(_line_values(layout, facts, row))  # card and amount as text: no rounding
    for line in layout["footer"]:
        sheet.append(_fill(line, facts))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
