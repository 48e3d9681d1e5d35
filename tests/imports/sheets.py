"""Builders for the messy workbooks the tests feed the import engine.

Real uploads are made in Excel and WPS by hand: title rows, merged headers, blank rows, numbers
where text belongs. These helpers write such files with openpyxl (.xlsx) or by hand (.ods is a
zip of XML; no LibreOffice is needed). The .xls fixtures are committed binaries, see
``fixtures/make_xls.py``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from stdnum.cn import ric

FIXTURES = Path(__file__).parent / "fixtures"


def resident_id(prefix17: str) -> str:
    """A valid 18-digit ID number from its first 17 digits."""
    return prefix17 + ric.calc_check_digit(prefix17 + "0")


def bad_check_digit(number: str) -> str:
    """The same ID number with a wrong check character."""
    wrong = "1" if number[-1] != "1" else "2"
    return number[:-1] + wrong


def xlsx(
    rows: Sequence[Sequence[Any]],
    *,
    merges: Iterable[str] = (),
    sheet: str = "Sheet1",
    before: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (),
    text_columns: Iterable[str] = (),
) -> bytes:
    """An .xlsx whose sheet holds ``rows`` from A1; ``before`` adds sheets in front of it."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, extra_rows in before:
        extra = workbook.create_sheet(name)
        for row in extra_rows:
            extra.append(list(row))
    target = workbook.create_sheet(sheet)
    for row in rows:
        target.append(list(row))
    for cells in merges:
        target.merge_cells(cells)
    for letter in text_columns:
        for cell in target[letter]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The same zip with some members' contents replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info))
            target.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _ods_cell(value: Any) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        flag = "true" if value else "false"
        return f'<table:table-cell office:value-type="boolean" office:boolean-value="{flag}"/>'
    if isinstance(value, (int, float)):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value}</text:p></table:table-cell>"
        )
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    return (
        f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p>'
        "</table:table-cell>"
    )


ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def ods(rows: Sequence[Sequence[Any]] = (), *, body: str | None = None) -> bytes:
    """A minimal OpenDocument spreadsheet, as LibreOffice and WPS write them; ``body`` replaces
    the generated table rows with raw XML (for repeated-row tricks)."""
    table_rows = (
        body
        if body is not None
        else "".join(
            "<table:table-row>" + "".join(_ods_cell(v) for v in row) + "</table:table-row>"
            for row in rows
        )
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NAMESPACES}>'
        '<office:body><office:spreadsheet><table:table table:name="Sheet1">'
        f"{table_rows}</table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        archive.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()
