"""Refuse hostile or unreadable uploads before any spreadsheet parser touches them.

Order matters: everything here is cheap and bounded, and runs before calamine. Size first; then
magic bytes (so a CSV, a web page or an .exe renamed .xlsx is refused by what it *is*); then, for
zip containers, the central directory (entry count, total and per-member expansion — zip bombs);
then the extent of every sheet (a tiny file can still describe a gigantic sheet, see
``extent.py``). Each refusal is an ``ImportRefused`` with a message for the user.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import PurePath

from yiguoji.imports import cfb, extent
from yiguoji.imports.errors import ImportRefused
from yiguoji.imports.limits import limit

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = cfb.MAGIC
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"

MSG_FORMAT = "请上传 Excel 文件（.xlsx、.xls 或 .ods 格式）"
RESAVE = "请用 Excel 或 WPS 打开后另存为 .xlsx 再上传"
MSG_CORRUPT = f"文件已损坏或不是有效的 Excel 文件，{RESAVE}"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".0 MB", " MB")


def too_big(size: int | None = None) -> str:
    """The refusal for a file over IMPORT_MAX_BYTES (its size, when known)."""
    known = f"（{_mib(size)}）" if size else ""
    return f"文件过大{known}，单个文件不能超过 {_mib(limit('IMPORT_MAX_BYTES'))}"


def check_upload(data: bytes, filename: str | None = None) -> str:
    """Return the container kind ("xlsx", "ods" or "xls") or raise ImportRefused."""
    max_bytes = limit("IMPORT_MAX_BYTES")
    if not data:
        raise ImportRefused("上传的文件是空的")
    if len(data) > max_bytes:
        raise ImportRefused(too_big(len(data)))
    if filename and PurePath(filename).suffix.lower() not in SUFFIXES:
        raise ImportRefused(MSG_FORMAT)
    if data.startswith(ZIP_MAGIC):
        return _check_zip(data)
    if data.startswith(OLE2_MAGIC):
        _check_xls(data)
        return "xls"
    raise ImportRefused(_describe_impostor(data))


def _describe_impostor(data: bytes) -> str:
    """Say what a non-Excel file probably is: the commonest cases have a known fix."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<html", b"<!doctype", b"<table", b"<meta")) or b"<table" in head:
        return f"该文件实际是网页（HTML）格式，不是 Excel 文件。{RESAVE}"
    if head.startswith(b"<?xml"):
        return f"该文件是 XML 格式，不是 Excel 工作簿。{RESAVE}"
    if b"\x00" not in head and (b"," in head or b"\t" in head):
        return f"该文件实际是 CSV 或文本格式，不是 Excel 文件。{RESAVE}"
    return "文件内容不是 Excel 格式（仅支持 .xlsx、.xls、.ods），请确认上传的是 Excel 工作簿"


# --- zip containers (.xlsx, .ods) ------------------------------------------------------------


def _declared_entries(data: bytes) -> int:
    """Entry count from the end-of-central-directory record, read before zipfile builds objects."""
    eocd = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if eocd < 0 or eocd + 22 > len(data):
        raise ImportRefused(MSG_CORRUPT)
    count = struct.unpack_from("<H", data, eocd + 10)[0]
    if count == 0xFFFF:  # zip64: the real count is in the zip64 end record
        locator = eocd - 20
        if locator < 0 or data[locator : locator + 4] != b"PK\x06\x07":
            raise ImportRefused(MSG_CORRUPT)
        record = struct.unpack_from("<Q", data, locator + 8)[0]
        if record + 56 > len(data) or data[record : record + 4] != b"PK\x06\x06":
            raise ImportRefused(MSG_CORRUPT)
        count = struct.unpack_from("<Q", data, record + 32)[0]
    return count


def _check_zip(data: bytes) -> str:
    max_entries = limit("IMPORT_MAX_ZIP_ENTRIES")
    if _declared_entries(data) > max_entries:
        raise ImportRefused(f"文件内部结构异常（包含的部件超过 {max_entries} 个），已拒绝处理")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ImportRefused(MSG_CORRUPT) from exc
    with archive:
        members = archive.infolist()
        if len(members) > max_entries:
            raise ImportRefused(f"文件内部结构异常（包含的部件超过 {max_entries} 个），已拒绝处理")
        _check_expansion(members)
        names = {m.filename for m in members}
        if "xl/workbook.bin" in names:
            raise ImportRefused("不支持 .xlsb（二进制工作簿）格式，请另存为 .xlsx 后再上传")
        if "xl/workbook.xml" in names:
            kind = "xlsx"
        elif "content.xml" in names and _read_small(archive, "mimetype") == ODS_MIMETYPE:
            kind = "ods"
        elif "word/document.xml" in names or "ppt/presentation.xml" in names:
            raise ImportRefused("这是 Word 或 PowerPoint 文件，不是 Excel 工作簿")
        else:
            raise ImportRefused(MSG_CORRUPT)
        try:
            _check_members(archive, members, kind)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise ImportRefused(MSG_CORRUPT) from exc
    return kind


def _check_expansion(members: list[zipfile.ZipInfo]) -> None:
    max_total = limit("IMPORT_MAX_UNCOMPRESSED_BYTES")
    max_ratio = limit("IMPORT_MAX_COMPRESSION_RATIO")
    floor = limit("IMPORT_RATIO_FLOOR_BYTES")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise ImportRefused("文件已加密，请取消密码保护后再上传")
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > floor and ratio > max_ratio:
            raise ImportRefused("文件压缩比异常（疑似压缩炸弹），已拒绝处理")
    if total > max_total:
        raise ImportRefused(f"文件解压后过大（超过 {_mib(max_total)}），已拒绝处理")


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as stream:
            return stream.read(100)
    except (KeyError, zipfile.BadZipFile, OSError):
        return b""


def too_many_rows() -> str:
    max_rows = limit("IMPORT_MAX_ROWS")
    return f"工作表行数过多（超过 {max_rows} 行），请删除多余的行或拆分成多个文件分批导入"


def too_many_columns() -> str:
    return f"工作表列数过多（超过 {limit('IMPORT_MAX_COLUMNS')} 列），请删除多余的列后再上传"


def _too_large_message(exc: extent.TooLarge) -> str:
    return too_many_rows() if exc.rows > limit("IMPORT_MAX_ROWS") else too_many_columns()


def _check_members(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], kind: str) -> None:
    """Read every XML part once: zipfile stops at the declared size and verifies the CRC, so a
    part that lies about its size is caught; sheet parts are scanned for their extent."""
    max_rows, max_columns = limit("IMPORT_MAX_ROWS"), limit("IMPORT_MAX_COLUMNS")
    for member in members:
        name = member.filename
        try:
            if kind == "xlsx" and name.startswith("xl/worksheets/") and name.endswith(".xml"):
                extent.scan_xlsx_sheet(lambda m=member: archive.open(m), max_rows, max_columns)
            elif kind == "ods" and name == "content.xml":
                with archive.open(member) as stream:
                    extent.scan_ods_content(stream, max_rows, max_columns)
            elif name.endswith((".xml", ".rels")):
                with archive.open(member) as stream:
                    while stream.read(1 << 20):
                        pass
        except extent.TooLarge as exc:
            raise ImportRefused(_too_large_message(exc)) from exc


# --- OLE2 (.xls) -----------------------------------------------------------------------------


def _check_xls(data: bytes) -> None:
    try:
        stream = cfb.read_stream(data, ("Workbook", "Book"))
    except (cfb.CFBError, struct.error) as exc:
        raise ImportRefused(MSG_CORRUPT) from exc
    if stream is None:
        try:
            encrypted = cfb.read_stream(data, ("EncryptedPackage",)) is not None
        except (cfb.CFBError, struct.error):
            encrypted = False
        if encrypted:
            raise ImportRefused("文件已加密，请取消密码保护后再上传")
        raise ImportRefused(MSG_CORRUPT)
    try:
        extent.scan_xls_workbook(stream, limit("IMPORT_MAX_ROWS"), limit("IMPORT_MAX_COLUMNS"))
    except extent.TooLarge as exc:
        raise ImportRefused(_too_large_message(exc)) from exc
