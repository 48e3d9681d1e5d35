"""Hostile and impostor files are refused, with a clear message, before calamine sees them."""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile

import pytest

from tests.imports.sheets import fixture, ods, rezip, xlsx
from yiguoji.imports import ImportRefused, extent
from yiguoji.imports.safety import check_upload

SMALL = xlsx([["姓名", "身份证号码"], ["张三", "110229199001011239"]])


def refusal(data: bytes, filename: str | None = "上传.xlsx") -> str:
    with pytest.raises(ImportRefused) as caught:
        check_upload(data, filename)
    return caught.value.message


def test_real_workbooks_pass_and_are_recognised():
    assert check_upload(SMALL, "登记表.xlsx") == "xlsx"
    assert check_upload(ods([["姓名"], ["张三"]]), "登记表.ods") == "ods"
    assert check_upload(fixture("workers.xls"), "登记表.xls") == "xls"


def test_content_decides_not_the_extension():
    """WPS users rename freely: an .xlsx saved as "x.xls" is still read as what it is."""
    assert check_upload(SMALL, "登记表.xls") == "xlsx"


def test_empty_file():
    assert refusal(b"") == "上传的文件是空的"


def test_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 1024
    assert refusal(SMALL).startswith("文件过大")


def test_extension_outside_the_allowed_list():
    assert refusal(SMALL, "名单.csv") == "请上传 Excel 文件（.xlsx、.xls 或 .ods 格式）"


def test_csv_renamed_xlsx():
    data = "姓名,身份证号码\n张三,110229199001011239\n".encode("gbk")
    assert refusal(data).startswith("该文件实际是 CSV 或文本格式")


def test_web_page_saved_as_xls():
    """Many government systems "export to Excel" as an HTML table with an .xls name."""
    data = b"<html><body><table><tr><td>\xe5\xa7\x93\xe5\x90\x8d</td></tr></table></body></html>"
    assert refusal(data, "导出.xls").startswith("该文件实际是网页（HTML）格式")


def test_exe_renamed_xlsx():
    data = b"MZ\x90\x00" + os.urandom(2000)
    assert (
        refusal(data)
        == "文件内容不是 Excel 格式（仅支持 .xlsx、.xls、.ods），请确认上传的是 Excel 工作簿"
    )


def test_random_bytes():
    assert "不是 Excel 格式" in refusal(b"\x00\x01" + os.urandom(4096))


def test_truncated_zip():
    assert "已损坏" in refusal(SMALL[: len(SMALL) // 2])


def test_zip_bomb_by_compression_ratio():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 100_000
    assert refusal(data) == "文件压缩比异常（疑似压缩炸弹），已拒绝处理"


def test_total_uncompressed_size_limit(settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 4096
    assert refusal(SMALL).startswith("文件解压后过大")


def test_too_many_zip_entries(settings):
    settings.IMPORT_MAX_ZIP_ENTRIES = 20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(30):
            archive.writestr(f"xl/media/image{n}.png", b"x")
    assert "部件超过 20 个" in refusal(buffer.getvalue())


def test_member_lying_about_its_size_is_caught():
    """The central directory says 100 bytes; the data inflates to far more. zipfile stops at the
    declared size and the CRC no longer matches."""
    sheet = b"<worksheet><sheetData>" + b"<row/>" * 200_000 + b"</sheetData></worksheet>"
    data = rezip(SMALL, {"xl/worksheets/sheet1.xml": sheet})
    name = b"xl/worksheets/sheet1.xml"
    patched = bytearray(data)
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        for match in re.finditer(re.escape(signature), data):
            name_at = match.start() + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at : name_at + len(name)] == name:
                struct.pack_into("<I", patched, match.start() + size_at, 100)
    assert "已损坏" in refusal(bytes(patched))


def test_encrypted_zip_member():
    data = bytearray(SMALL)
    for match in re.finditer(b"PK\x01\x02", SMALL):
        flags = struct.unpack_from("<H", data, match.start() + 8)[0]
        struct.pack_into("<H", data, match.start() + 8, flags | 1)
    assert refusal(bytes(data)) == "文件已加密，请取消密码保护后再上传"


def test_xlsb_and_word_files_are_named():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.bin", b"\0")
    assert "xlsb" in refusal(buffer.getvalue())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal(buffer.getvalue(), "x.xlsx") == "这是 Word 或 PowerPoint 文件，不是 Excel 工作簿"


# --- sheets that reach too far ---------------------------------------------------------------


def test_two_cells_far_apart_are_refused_before_calamine(monkeypatch):
    """A 5 KB file with cells at A1 and Z200000 would make calamine build a 5-million-cell grid."""
    import python_calamine

    def forbidden(*args, **kwargs):
        raise AssertionError("calamine must not open this file")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "姓名"
    workbook.active["Z200000"] = 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert len(buffer.getvalue()) < 10_000
    from tests.imports.specs import WorkerImport
    from yiguoji.imports import run_import

    result = run_import(WorkerImport(), buffer.getvalue(), filename="x.xlsx")
    assert result.messages() == [
        "工作表行数过多（超过 50000 行），请删除多余的行或拆分成多个文件分批导入"
    ]


def test_sheet_over_a_lowered_row_limit(settings):
    settings.IMPORT_MAX_ROWS = 100
    rows = [["姓名", "身份证号码"]] + [["张三", "110229199001011239"]] * 150
    assert refusal(xlsx(rows)).startswith("工作表行数过多（超过 100 行）")
    assert check_upload(xlsx(rows[:100])) == "xlsx"


def test_sheet_over_the_column_limit(settings):
    settings.IMPORT_MAX_COLUMNS = 30
    assert refusal(xlsx([["x"] * 31])).startswith("工作表列数过多（超过 30 列）")
    assert check_upload(xlsx([["x"] * 30])) == "xlsx"


def test_formatted_but_empty_cells_do_not_count():
    """Borders drawn down to row 200000 are styled empty cells; calamine skips them, so do we."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "姓名"
    workbook.active["Z200000"].font = Font(bold=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert check_upload(buffer.getvalue()) == "xlsx"


def _strip_addresses(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    sheet = re.sub(rb'(<c|<row) r="[A-Z]*[0-9]+"', rb"\1", sheet)
    return rezip(data, {"xl/worksheets/sheet1.xml": sheet})


def test_cells_without_addresses_are_counted_like_calamine_does(settings):
    """Some writers omit r="B7"; the careful walk counts positions instead."""
    import python_calamine

    settings.IMPORT_MAX_ROWS = 100
    rows = [[n, "x"] for n in range(150)]
    data = _strip_addresses(xlsx(rows))
    sheet = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    assert sheet.height == 150  # calamine places them by counting too
    assert refusal(data).startswith("工作表行数过多")
    assert check_upload(_strip_addresses(xlsx(rows[:100]))) == "xlsx"


def test_careful_walk_handles_prefixed_markup():
    sheet = (
        b'<x:worksheet xmlns:x="s"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>'
        b'</x:row><x:row r="70000"><x:c r="B70000"><x:v>1</x:v></x:c></x:row></x:sheetData>'
        b"</x:worksheet>"
    )
    with pytest.raises(extent.TooLarge):
        extent.scan_xlsx_sheet(lambda: io.BytesIO(sheet), 50_000, 200)


def test_ods_repeated_rows_of_a_value_are_refused():
    body = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'office:value-type="float" office:value="1" table:number-columns-repeated="100"/>'
        "</table:table-row>"
    )
    assert refusal(ods(body=body), "x.ods").startswith("工作表行数过多")


def test_ods_padding_of_empty_rows_is_fine():
    """LibreOffice pads every sheet with about a million repeated empty rows."""
    body = (
        '<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p>'
        "</table:table-cell></table:table-row>"
        '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
        'table:number-columns-repeated="1024"/></table:table-row>'
    )
    assert check_upload(ods(body=body), "x.ods") == "ods"


def test_xls_with_a_far_cell_is_refused():
    """huge_extent.xls is 6 KB; calamine would allocate a 65536 x 256 grid (about 1 GB)."""
    assert refusal(fixture("huge_extent.xls"), "x.xls").startswith("工作表行数过多")


def test_corrupt_xls():
    data = fixture("workers.xls")
    assert "已损坏" in refusal(data[:600], "x.xls")
