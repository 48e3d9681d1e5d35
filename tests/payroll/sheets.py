"""Building real-world-looking Excel sheets for the payroll upload tests."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook


def xlsx(rows: Iterable[Sequence], *, merges: Sequence[str] = (), text_columns: str = "") -> bytes:
    """A workbook whose first sheet holds ``rows`` (row 1 first), with merged ranges and the
    given columns (letters) formatted as text, the way a careful office sets ID columns."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    for letter in text_columns:
        for cell in sheet[letter]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)
