"""Reading: calamine for every format, Excel row numbers preserved, visible sheets only."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from tests.imports.sheets import fixture, ods, xlsx
from yiguoji.imports import ImportRefused
from yiguoji.imports.reader import iter_sheets


def first(data: bytes):
    return next(iter_sheets(data))


def test_leading_blank_rows_keep_excel_row_numbers():
    sheet = first(xlsx([[], [], ["姓名", "身份证号码"], ["张三", "110229199001011239"]]))
    assert sheet.rows[2] == ["姓名", "身份证号码"]  # rows[i] is Excel row i + 1
    assert sheet.rows[3][0] == "张三"


def test_table_starting_right_of_column_a_reports_its_offset():
    workbook = openpyxl.Workbook()
    workbook.active["C3"] = "姓名"
    workbook.active["D4"] = 5
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = first(buffer.getvalue())
    assert sheet.first_column == 2
    assert sheet.rows[2] == ["姓名", ""]
    assert sheet.rows[3] == ["", 5.0]


def test_values_come_typed_and_merges_are_listed():
    data = xlsx(
        [["登记表", None], ["日期", "金额"], [dt.date(2026, 1, 5), 150.5], [True, 3]],
        merges=["A1:B1"],
    )
    sheet = first(data)
    assert sheet.rows[2] == [dt.date(2026, 1, 5), 150.5]
    assert sheet.rows[3] == [True, 3.0]
    assert sheet.merged == [(0, 0, 0, 1)]


def test_ods_is_read_by_calamine():
    sheet = first(ods([["姓名", "日工资"], ["张三", 150.5], ["李四", dt.date(2026, 1, 5)]]))
    assert sheet.rows == [["姓名", "日工资"], ["张三", 150.5], ["李四", dt.date(2026, 1, 5)]]


def test_xls_is_read_by_calamine():
    sheet = first(fixture("workers.xls"))
    assert sheet.name == "登记表"
    assert sheet.rows[2] == ["序号", "姓名", "身份证号码", "日工资标准（元）"]
    assert sheet.rows[4][2] == pytest.approx(1.1022919900101123e17)  # the ID typed as a number
    assert sheet.merged == [(0, 0, 0, 3)]


@pytest.mark.parametrize(
    "data",
    [xlsx([["a"]]), ods([["a"]]), fixture("workers.xls")],
    ids=["xlsx", "ods", "xls"],
)
def test_every_format_goes_through_calamine(monkeypatch, data):
    import python_calamine

    calls = []
    original = python_calamine.CalamineWorkbook.from_filelike

    def spy(filelike, *args, **kwargs):
        calls.append(filelike)
        return original(filelike, *args, **kwargs)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", spy)
    first(data)
    assert len(calls) == 1


def test_hidden_sheets_are_skipped_and_order_is_kept():
    workbook = openpyxl.Workbook()
    workbook.active.title = "隐藏"
    workbook.active["A1"] = "hidden"
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("汇总")["A1"] = "summary"
    workbook.create_sheet("明细")["A1"] = "detail"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert [s.name for s in iter_sheets(buffer.getvalue())] == ["汇总", "明细"]
    assert [s.name for s in iter_sheets(buffer.getvalue(), "明细")] == ["明细"]
    with pytest.raises(ImportRefused, match="没有名为“工资”的工作表"):
        list(iter_sheets(buffer.getvalue(), "工资"))


def test_row_limit_is_enforced_again_while_iterating(settings):
    """The second line of defence, should a file get past the extent scan."""
    settings.IMPORT_MAX_ROWS = 10
    with pytest.raises(ImportRefused, match="行数过多"):
        first(xlsx([["x"]] * 11))


def test_unreadable_bytes_are_refused():
    with pytest.raises(ImportRefused, match="已损坏"):
        first(b"PK\x03\x04 not really a zip")


def test_a_calamine_panic_is_a_refusal_not_a_crash(monkeypatch):
    import python_calamine

    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panic(*args, **kwargs):
        raise PanicException("index out of bounds")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", panic)
    with pytest.raises(ImportRefused, match="已损坏"):
        first(xlsx([["a"]]))
