"""Finding the header under title rows and mapping messy labels to the spec's columns."""

from __future__ import annotations

import pytest

from tests.imports.specs import WorkerImport
from yiguoji.imports import Column
from yiguoji.imports.header import ColumnIndex, locate_header
from yiguoji.imports.text import header_key

COLUMNS = tuple(WorkerImport.columns)


def mapping(header) -> dict[str, str]:
    return {m.column.name: m.header for m in header.mapped}


def test_header_under_title_and_date_rows():
    rows = [
        ["2026年延庆区以工代赈务工人员登记表", "", "", ""],
        ["填报单位：延庆镇", "", "", "填报日期：2026年1月5日"],
        ["序号", "姓名", "身份证号码", "日工资标准（元）"],
        [1, "张三", "110229199001011239", 150],
    ]
    header = locate_header(rows, COLUMNS)
    assert (header.first_row, header.last_row) == (2, 2)
    assert mapping(header) == {
        "name": "姓名",
        "id_number": "身份证号码",
        "wage": "日工资标准（元）",
    }
    assert [m.index for m in header.mapped] == [1, 2, 3]
    assert header.missing == []


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("务工人员姓名", "name"),
        ("姓 名", "name"),
        ("姓\n名", "name"),
        ("*姓名", "name"),
        ("　姓名　", "name"),
        ("公民身份号码", "id_number"),
        ("身份证号", "id_number"),
        ("身份证号码（18位）", "id_number"),
        ("身份证号码(必填)", "id_number"),
        ("日工资标准(元)", "wage"),
        ("日工资标准", "wage"),
        ("日工资\n标准（元）", "wage"),
        ("手机号码：", "phone"),
    ],
)
def test_label_variants(label, name):
    assert ColumnIndex(COLUMNS).match(label).name == name


def test_header_key_folds_width_case_spaces_and_markers():
    assert header_key(" *Ｂａｎｋ　Card\n(元)：") == "bankcard(元)"


def test_loose_keys_shared_by_two_columns_are_not_used():
    columns = (Column("a", "金额（元）"), Column("b", "金额（万元）"))
    index = ColumnIndex(columns)
    assert index.match("金额(元)").name == "a"
    assert index.match("金额") is None


def test_two_row_header_with_a_merged_group():
    rows = [
        ["务工人员登记表", "", "", "", ""],
        ["姓名", "身份证号码", "银行卡信息", "", "日工资"],
        ["", "", "开户银行", "银行卡号", ""],
        ["张三", "110229199001011239", "农行", "6222020202020202", 150],
    ]
    merged = [(0, 0, 0, 4), (1, 0, 2, 0), (1, 1, 2, 1), (1, 2, 1, 3), (1, 4, 2, 4)]
    header = locate_header(rows, COLUMNS, merged=merged)
    assert header.last_row == 2  # merged cells fill row 3, so it reads as a one-row header
    assert mapping(header) == {
        "name": "姓名",
        "id_number": "身份证号码",
        "bank": "开户银行",
        "bank_card": "银行卡号",
        "wage": "日工资",
    }


def test_two_row_header_without_merge_information():
    """.ods files from some writers carry no merge list: a blank upper cell continues the group,
    so "银行卡信息" + "卡号" is still found when only the combined label is a synonym."""
    columns = (
        Column("name", "姓名"),
        Column("card", "银行卡号", synonyms=("银行卡信息卡号",)),
        Column("bank", "开户行", synonyms=("银行卡信息开户行",)),
    )
    rows = [["姓名", "银行卡信息", ""], ["", "开户行", "卡号"], ["张三", "农行", "62220202"]]
    header = locate_header(rows, columns)
    assert (header.first_row, header.last_row) == (0, 1)
    assert mapping(header) == {"name": "姓名", "bank": "开户行", "card": "卡号"}


def test_data_row_under_a_one_row_header_is_not_taken_as_sub_header():
    rows = [["姓名", "身份证号码", "日工资"], ["张三", "", 150]]
    header = locate_header(rows, COLUMNS)
    assert (header.first_row, header.last_row) == (0, 0)


def test_missing_and_repeated_columns_are_reported():
    rows = [["姓名", "身份证号", "公民身份号码"]]
    header = locate_header(rows, COLUMNS)
    assert [c.name for c in header.missing] == ["wage"]
    assert [(c.name, a, b) for c, a, b in header.repeated] == [("id_number", 1, 2)]


def test_no_header_at_all():
    assert locate_header([["张三", "李四"], [1, 2]], COLUMNS) is None


def test_header_below_the_scan_window_is_not_found():
    rows = [[""]] * 25 + [["姓名", "身份证号码", "日工资"]]
    assert locate_header(rows, COLUMNS, scan_rows=20) is None
    assert locate_header(rows, COLUMNS, scan_rows=30).first_row == 25


def test_hostile_merge_over_the_whole_sheet_costs_nothing():
    rows = [["姓名", "身份证号码", "日工资"]]
    header = locate_header(rows, COLUMNS, merged=[(0, 0, 1_048_575, 16_383)])
    assert header is not None
