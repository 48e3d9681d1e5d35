"""The bank's reply file (回盘文件) as a sheet for the one import engine (issue 13, item 3).

Excel replies go through the engine's own reader; CSV and fixed-width text replies are turned
into the same ``Sheet`` here, so that header matching, cell parsing, row errors ("第9行 金额：
…"), all-or-nothing writing and the error report are the engine's, whatever the bank sends.
Row numbers are the file's line numbers: a fixed-width file's leading summary record is
replaced by a row of column names (the engine finds its header there), its trailer records by
blank rows (skipped).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from yiguoji.imports.errors import ImportRefused
from yiguoji.imports.limits import limit
from yiguoji.imports.reader import Sheet
from yiguoji.imports.safety import too_many_rows

#: A fixed-width line of the wrong length becomes a blank row; the spec reports this instead.
BAD_WIDTH = "该行长度为{}字节，定长格式应为{}字节，请上传银行下载的原始文件"


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRefused(
            f"文件不是银行规定的编码（{encoding}），请上传银行网银下载的原始回盘文件"
        ) from None


def reply_sheet(reply: Mapping, data: bytes, problems: dict[int, str]) -> Sheet | None:
    """The reply as a sheet, or None for an Excel reply (the engine reads it itself). Lines
    that cannot be split are put in ``problems`` (row number -> message) for the spec."""
    fmt = reply["format"]
    if fmt == "xlsx":
        return None
    if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("该批次的银行回盘应为文本文件（CSV/TXT），上传的是 Excel 工作簿")
    if fmt == "csv":
        text = _decode(data, reply["encoding"])
        rows = [list(row) for row in csv.reader(io.StringIO(text), delimiter=reply["delimiter"])]
        if len(rows) > limit("IMPORT_MAX_ROWS"):
            raise ImportRefused(too_many_rows())
        return Sheet("回盘文件", rows)
    return _fixed_width(reply, data, problems)


def _fixed_width(reply: Mapping, data: bytes, problems: dict[int, str]) -> Sheet:
    encoding = reply["encoding"]
    columns = reply["columns"]
    width = sum(column["width"] for column in columns)
    headers = [column.get("header") or column["field"] for column in columns]
    skip = reply.get("header_records", 0)
    trailer = reply.get("trailer_prefix") or None
    raw_lines = _decode(data, encoding).encode(encoding).splitlines()
    if len(raw_lines) > limit("IMPORT_MAX_ROWS"):
        raise ImportRefused(too_many_rows())
    rows: list[list[str]] = [[""] * len(columns) for _ in range(max(skip - 1, 0))]
    rows.append(headers)  # in place of the (last) leading summary record
    for line in raw_lines[skip:]:
        if not line.strip() or (trailer and line.startswith(trailer.encode(encoding))):
            rows.append([""] * len(columns))
            continue
        if len(line) != width:
            # A wrong width shifts every field: say so instead of reporting nonsense values.
            problems[len(rows) + 1] = BAD_WIDTH.format(len(line), width)
            rows.append([""] * len(columns))
            continue
        cells, start = [], 0
        for column in columns:
            end = start + column["width"]
            cells.append(line[start:end].decode(encoding, errors="replace").strip())
            start = end
        rows.append(cells)
    return Sheet("回盘文件", rows)  # without a summary record, line n is row n + 1
