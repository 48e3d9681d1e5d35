"""The one pipeline every Excel upload goes through.

    read -> locate header -> map columns -> normalise -> validate every row -> cross-row checks
    -> the spec's checks (once, all rows) -> write all in one transaction, or nothing

Every error is collected (never stopping at the first) with its Excel row number and the column
header as the file has it. The spec's checks run over the rows that parsed even when other rows
did not, so one upload reports every bad row; rows with a refused cell are handed to them apart
(``RowSet.failed``) so that they are left out of checks across rows. The engine itself never
queries the database per row: the spec's hooks run once per file. The cell loop is the hot
path of a 10,000-row upload; it avoids per-cell allocations beyond the parsed value and calls
each parser directly.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from openpyxl.utils import get_column_letter

from yiguoji.imports import safety
from yiguoji.imports.errors import CellError, ErrorList, ImportRefused, RowError
from yiguoji.imports.header import HeaderMatch, locate_header
from yiguoji.imports.limits import limit
from yiguoji.imports.progress import Progress, ProgressCallback
from yiguoji.imports.reader import Sheet, iter_sheets
from yiguoji.imports.result import ImportResult
from yiguoji.imports.rows import Row, RowSet
from yiguoji.imports.safety import check_upload
from yiguoji.imports.spec import ImportSpec
from yiguoji.imports.text import clean_text, halfwidth, squeeze

Source = bytes | str | os.PathLike[str] | IO[bytes]

_TOTALS = ("合计", "总计", "小计", "本页合计", "累计")
_NUMBERING = re.compile(r"\(?\d{1,3}\)?|[①-⑳]")


class _Rollback(Exception):
    """Raised inside the atomic block to undo a write that reported errors."""


def run_import(
    spec: ImportSpec,
    source: Source,
    *,
    filename: str | None = None,
    context: Mapping[str, Any] | None = None,
    progress: ProgressCallback | None = None,
    dry_run: bool = False,
    using: str | None = None,
) -> ImportResult:
    """Check and import one uploaded workbook; see the package docstring for the contract.

    ``source`` is bytes, a path, or a binary file object (a Django ``UploadedFile`` works).
    ``filename`` is the name the user uploaded (for the extension check; taken from ``source``
    when it has a name). ``context`` is passed to the spec's hooks as ``ctx``. ``progress`` is
    called as ``progress(percent, message)`` at a bounded rate. ``dry_run`` validates
    everything (including ``clean_rows``) but writes nothing. ``using`` is the database alias.
    """
    report = Progress(progress)
    ctx: Mapping[str, Any] = context or {}
    try:
        report(0, "正在检查文件")
        data, name = _read_source(source)
        if not data:
            raise ImportRefused("上传的文件是空的")
        text_sheet = spec.read_sheet(data)  # None: an Excel workbook, checked and read here
        if text_sheet is None:
            check_upload(data, filename or name)
        report(5, "正在读取工作表")
        sheet, header = _find_table(spec, data, text_sheet)
    except ImportRefused as exc:
        return ImportResult.refused(exc.message, dry_run=dry_run)

    errors = ErrorList(limit("IMPORT_MAX_ERRORS"))
    _header_errors(header, errors, sheet.first_column)
    report(10, "正在校验数据")
    rows, failed = _parse_rows(spec, sheet, header, errors, report)
    report(80, "正在检查重复数据")
    _check_unique(spec, rows, header, errors, failed)
    # Errors name columns as the file does; columns the file lacks by their template label.
    headers = {c.name: c.label for c in spec.columns} | {
        m.column.name: m.header for m in header.mapped
    }
    valid = RowSet(
        [row for row in rows if row.number not in failed],
        errors,
        headers,
        failed=[row for row in rows if row.number in failed],
        dry_run=dry_run,
    )
    if not rows and not errors:
        errors.add(RowError(None, None, "表头下方没有数据行"))
    if not header.missing and not header.repeated and valid:
        report(85, "正在核对已有数据")
        try:
            spec.clean_rows(valid, ctx)
        except ImportRefused as exc:  # e.g. "项目已归档，不能导入"
            errors.add(RowError(None, None, exc.message))

    result = ImportResult(
        ok=False,
        rows=len(rows),
        dry_run=dry_run,
        sheet_name=sheet.name,
        header_row=header.last_row + 1,
        _spec=spec,
        _sheet=sheet,
        _header=header,
    )
    if not errors and not dry_run:
        report(90, "正在写入数据")
        result.written = _write(spec, valid, ctx, errors, using)
    order = {m.column.name: k for k, m in enumerate(header.mapped)}
    result.errors = sorted(errors.items, key=lambda e: (e.row or 0, order.get(e.field or "", -1)))
    result.error_count = len(errors)
    result.ok = not errors
    report(100, "校验完成" if dry_run else ("导入完成" if result.ok else "发现错误，未导入"))
    return result


def _read_source(source: Source) -> tuple[bytes, str | None]:
    """The upload's bytes and name, reading at most one byte past the size limit."""
    max_bytes = limit("IMPORT_MAX_BYTES")
    if isinstance(source, bytes):
        return source, None
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.stat().st_size > max_bytes:
            raise ImportRefused(safety.too_big(path.stat().st_size))
        return path.read_bytes(), path.name
    size = getattr(source, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise ImportRefused(safety.too_big(size))
    if getattr(source, "seekable", lambda: False)():
        source.seek(0)  # an UploadedFile may have been read (e.g. for a checksum) already
    data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ImportRefused(safety.too_big())
    name = getattr(source, "name", None)
    return data, os.path.basename(name) if isinstance(name, str) else None


def _find_table(
    spec: ImportSpec, data: bytes, text_sheet: Sheet | None = None
) -> tuple[Sheet, HeaderMatch]:
    """The first visible sheet whose header maps every required column, else the best try."""
    columns = tuple(spec.columns)
    best: tuple[Sheet, HeaderMatch] | None = None
    sheets = [text_sheet] if text_sheet is not None else iter_sheets(data, spec.sheet_name)
    for sheet in sheets:
        header = locate_header(
            sheet.rows,
            columns,
            merged=sheet.merged,
            first_column=sheet.first_column,
            scan_rows=limit("IMPORT_HEADER_SCAN_ROWS"),
        )
        if header is None:
            continue
        if not header.missing:
            return sheet, header
        if best is None or header.score > best[1].score:
            best = (sheet, header)
    if best is None:
        names = "、".join(f"“{c.label}”" for c in columns if c.required)
        raise ImportRefused(f"未找到表头：工作表中应有 {names} 等列，请下载模板对照填写")
    return best


def _header_errors(header: HeaderMatch, errors: ErrorList, first_column: int) -> None:
    for column in header.missing:
        others = "、".join(column.synonyms)
        also = f"（也可用列名：{others}）" if others else ""
        errors.add(RowError(None, None, f"缺少必填列“{column.label}”{also}"))
    for column, first, second in header.repeated:
        where = "列和".join(get_column_letter(first_column + j + 1) for j in (first, second))
        errors.add(RowError(None, None, f"“{column.label}”列出现了两次（{where}列）"))


def _is_numbering_row(raw: list[Any]) -> bool:
    """A row of column numbers under the header ("1 2 3 …", "(1) (2) …"), common in official
    forms; it is not data."""
    values = [value for value in raw if value != ""]
    if len(values) < 3:
        return False
    numbers: list[float] = []
    for value in values:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            numbers.append(value)
        elif isinstance(value, str) and _NUMBERING.fullmatch(halfwidth(value).strip()):
            digits = value.strip("()（） ")
            numbers.append(float(digits) if digits.isascii() else ord(digits) - 0x245F)
        else:
            return False
    return all(a < b for a, b in itertools.pairwise(numbers))


def _row_kind(raw: list[Any], footer_markers: tuple[str, ...], initials: set[str]) -> str | None:
    """ "total" for a 合计/总计 row, "footer" for a signature/notes line, else None.

    ``initials`` (first characters of all markers) lets ordinary rows out after one set lookup.
    """
    for value in raw:
        if value != "":
            if value.__class__ is not str or value.lstrip()[:1] not in initials:
                return None
            key = squeeze(halfwidth(value))
            if key.startswith(_TOTALS):
                return "total"
            if key.startswith(footer_markers):
                return "footer"
            return None
    return None


def _parse_rows(
    spec: ImportSpec, sheet: Sheet, header: HeaderMatch, errors: ErrorList, report: Progress
) -> tuple[list[Row], set[int]]:
    """Parse every data row; return the parsed rows and the numbers of rows with errors."""
    plan = [(m.index, m.column.name, m.column.parse, m.column.required, m.header)
            for m in header.mapped]  # fmt: skip
    footer_markers = tuple(squeeze(halfwidth(marker)) for marker in spec.footer_markers)
    initials = {marker[0] for marker in (*footer_markers, *_TOTALS)}
    source = sheet.rows
    start = header.last_row + 1
    if start < len(source) and _is_numbering_row(source[start]):
        start += 1
    total = max(1, len(source) - start)
    tick = max(1, total // 50)
    rows: list[Row] = []
    failed: set[int] = set()
    add, clean = errors.add, clean_text
    next_report = start
    for i in range(start, len(source)):
        raw = source[i]
        if raw.count("") == len(raw):
            continue  # blank row
        if i >= next_report:
            report(10 + 70 * (i - start) // total, f"正在校验第 {i + 1} 行", phase="rows")
            next_report = i + tick
        kind = _row_kind(raw, footer_markers, initials)
        if kind == "footer":
            if rows:
                break  # signatures and notes under the table end it
            continue  # a note between header and data
        if kind == "total":
            if not spec.totals_row:
                add(RowError(i + 1, None, "合计行不属于导入数据，请删除该行"))
                failed.add(i + 1)
            continue
        row = Row(i + 1)
        good = True
        for j, name, parse, required, column_header in plan:
            value = raw[j]
            if value.__class__ is str:
                value = clean(value) if value else None
            if value is None:
                row[name] = None
                if required:
                    add(RowError(i + 1, column_header, "不能为空", name))
                    good = False
                continue
            try:
                row[name] = parse(value)
            except CellError as exc:
                row[name] = None
                add(RowError(i + 1, column_header, exc.message, name))
                good = False
        rows.append(row)
        if not good:
            failed.add(i + 1)
    return rows, failed


def _check_unique(
    spec: ImportSpec, rows: list[Row], header: HeaderMatch, errors: ErrorList, failed: set[int]
) -> None:
    """Values that must not repeat within the file: every row that shares one is reported."""
    headers = {m.column.name: m.header for m in header.mapped}
    groups = [(c.name,) for c in spec.columns if c.unique and c.name in headers]
    groups += [tuple(g) for g in spec.unique_together if all(n in headers for n in g)]
    for group in groups:
        seen: dict[tuple[Any, ...], list[int]] = {}
        for row in rows:
            key = tuple(row.get(name) for name in group)
            if None not in key:
                seen.setdefault(key, []).append(row.number)
        together = "+".join(headers[name] for name in group)
        for numbers in seen.values():
            if len(numbers) < 2:
                continue
            for number in numbers:
                others = "、".join(str(n) for n in numbers if n != number)
                reason = f"与第{others}行重复" + (f"（{together}相同）" if len(group) > 1 else "")
                errors.add(RowError(number, headers[group[0]], reason, group[0]))
                failed.add(number)


def _write(
    spec: ImportSpec,
    rows: RowSet,
    ctx: Mapping[str, Any],
    errors: ErrorList,
    using: str | None,
) -> int:
    """Run the spec's write in one transaction; roll back if it reported anything."""
    try:
        with transaction.atomic(using=using):
            written = spec.write(rows, ctx)
            if errors:
                raise _Rollback
    except _Rollback:
        return 0
    except ImportRefused as exc:
        errors.add(RowError(None, None, exc.message))
        return 0
    return len(rows) if written is None else written
