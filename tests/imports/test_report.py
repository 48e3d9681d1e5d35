"""The workbook handed back on failure, and the blank template, read back with openpyxl."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.imports.sheets import xlsx
from tests.imports.specs import WorkerImport
from tests.imports.test_engine import AS_NUMBER, ID_A, ID_B, TITLE, messy_register
from yiguoji.imports import run_import


def load(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def is_marked(cell) -> bool:
    return cell.fill.fill_type == "solid" and cell.fill.fgColor.rgb.endswith("FFC7CE")


@pytest.fixture
def marked():
    result = run_import(WorkerImport(), messy_register(), filename="x.xlsx")
    return result, load(result.error_workbook())


def test_rows_keep_their_excel_numbers_and_title(marked):
    _, workbook = marked
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == TITLE
    assert sheet["B3"].value == "务工人员\n姓名"
    assert sheet["E4"].value == "开户银行"
    assert sheet["B6"].value == "张  三"  # values as the user typed them


def test_bad_cells_are_red_with_the_reason_in_a_comment(marked):
    _, workbook = marked
    sheet = workbook.worksheets[0]
    id_cell = sheet["C7"]
    assert id_cell.value == pytest.approx(1.10229199001011e17)  # the ruined number, as uploaded
    assert is_marked(id_cell)
    assert id_cell.comment.text == AS_NUMBER
    assert is_marked(sheet["C9"]) and is_marked(sheet["F9"])
    assert not is_marked(sheet["B9"])
    assert not any(is_marked(cell) for cell in sheet[10])  # the good row


def test_reason_column_beside_each_bad_row(marked):
    _, workbook = marked
    sheet = workbook.worksheets[0]
    assert sheet["K4"].value == "错误原因"
    assert sheet["K7"].value == f"身份证号码：{AS_NUMBER}"
    assert sheet["K9"].value == (
        "身份证号码：校验码错误，请核对号码；银行卡号：不是有效的银行卡号（Luhn校验失败），请核对号码"
    )
    assert sheet["K13"].value == "合计行不属于导入数据，请删除该行"
    assert sheet["K10"].value is None


def test_error_list_sheet_has_every_error(marked):
    result, workbook = marked
    listing = workbook["错误清单"]
    rows = list(listing.iter_rows(values_only=True))
    assert rows[0] == ("行号", "列", "错误原因")
    assert len(rows) == 1 + len(result.errors)
    assert rows[1] == (6, "身份证号码", "与第11行重复")


def test_the_marked_workbook_keeps_id_columns_as_text_and_the_dropdowns(marked):
    """So that the corrected file goes back in: a retyped ID stays 18 digits (issue 10, item 14)."""
    _, workbook = marked
    sheet = workbook.worksheets[0]
    for row in (6, 9, 10, 11, 12):  # data rows, bad or not
        assert sheet[f"C{row}"].number_format == "@", row  # 身份证号码
    assert sheet.column_dimensions["C"].number_format == "@"  # and rows the user adds
    assert sheet["C6"].value == ID_A  # text stays text
    assert sheet["I10"].number_format == "yyyy-mm-dd"  # 进场日期
    assert sheet["C3"].number_format == "General"  # the header is left as it was
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    local = validations["J5:J5016"]  # 是否本地劳动力, from the first data row
    assert local.type == "list" and local.formula1 == "='选项'!$A$1:$A$2"
    options = workbook["选项"]
    assert options.sheet_state == "hidden"
    assert [options["A1"].value, options["A2"].value] == ["是", "否"]


def test_file_level_errors_are_listed_too():
    rows = [["姓名", "日工资"], ["张三", 150]]
    result = run_import(WorkerImport(), xlsx(rows), filename="x.xlsx")
    listing = load(result.error_workbook())["错误清单"]
    assert listing["C2"].value.startswith("缺少必填列“公民身份号码”")


def test_no_workbook_for_success_or_refusal():
    refused = run_import(WorkerImport(), b"not excel", filename="x.xlsx")
    assert refused.error_workbook() is None


# --- template --------------------------------------------------------------------------------


@pytest.fixture
def template():
    return load(WorkerImport().template_workbook())


def test_template_title_and_marked_header(template):
    sheet = template.worksheets[0]
    assert sheet.title == "务工人员登记表"
    assert sheet["A1"].value == "务工人员登记表"
    assert "A1:J1" in {str(r) for r in sheet.merged_cells.ranges}
    headers = [cell.value for cell in sheet[2]]
    assert headers[:3] == ["*姓名", "*公民身份号码", "联系电话"]
    assert sheet["A2"].font.color.rgb.endswith("C00000")


def test_template_keeps_id_and_card_columns_as_text(template):
    sheet = template.worksheets[0]
    assert sheet.column_dimensions["B"].number_format == "@"  # 公民身份号码
    assert sheet.column_dimensions["E"].number_format == "@"  # 银行卡号
    assert sheet.column_dimensions["I"].number_format == "yyyy-mm-dd"  # 进场日期


def test_template_dropdowns_for_choice_columns(template):
    sheet = template.worksheets[0]
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    segment = validations["G3:G5002"]
    assert segment.type == "list"
    assert segment.formula1 == "='选项'!$G$1:$G$3"
    options = template["选项"]
    assert options.sheet_state == "hidden"
    assert [options.cell(row, 7).value for row in (1, 2, 3)] == list(
        WorkerImport.columns[6].parse.choices
    )
    assert "J3:J5002" in validations  # 是否本地劳动力: 是/否
    assert "H3:H5002" not in validations  # several choices cannot be a dropdown


def test_template_instructions_sheet(template):
    notes = template["填写说明"]
    rows = list(notes.iter_rows(values_only=True))
    by_label = {row[0]: row for row in rows if row and row[0]}
    assert by_label["公民身份号码"][1] == "必填"
    assert "18位公民身份号码" in by_label["公民身份号码"][2]
    assert "同一文件中不能重复" in by_label["公民身份号码"][2]
    assert by_label["银行卡号"][1] == "选填"


@pytest.mark.django_db
def test_a_filled_in_template_imports_cleanly():
    workbook = load(WorkerImport().template_workbook())
    sheet = workbook.worksheets[0]
    sheet.append(
        ["张三", ID_A, "13800138000", "农行", None, 150, "一般劳动环节", "脱贫人口", None, "是"]
    )
    sheet.append(["李四", ID_B, None, None, None, "160.5", None, None, "2026-01-05", "否"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    spec = WorkerImport()
    result = run_import(spec, buffer.getvalue(), filename="模板.xlsx")
    assert result.ok, result.messages()
    assert [row["segment"] for row in spec.written] == ["general", None]
