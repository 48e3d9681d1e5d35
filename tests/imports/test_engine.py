"""The whole pipeline on messy real-world sheets: every error, by Excel row and column."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from stdnum import luhn

from tests.imports.sheets import bad_check_digit, fixture, ods, resident_id, xlsx
from tests.imports.specs import GroupImport, WorkerImport
from yiguoji.imports import ImportRefused, RowError, run_import

ID_A = resident_id("11022919900101123")
ID_B = resident_id("11022919851231002")
ID_C = resident_id("11011919700615441")
CARD = "6222020202020202" + luhn.calc_check_digit("6222020202020202")
BAD_CARD = CARD[:-1] + str((int(CARD[-1]) + 1) % 10)
AS_NUMBER = "身份证号码以数字格式保存，已丢失末位数字，请将该列设置为文本格式后重新填写"
JAN5 = dt.date(2026, 1, 5)

TITLE = "2026年延庆区以工代赈务工人员登记表"
HEADER_TOP = ["序号", "务工人员\n姓名", "身份证号码", "联系电话", "银行卡信息", None,
              "*日工资标准（元）", "优先群体", "进场日期", "是否本地劳动力"]  # fmt: skip
HEADER_SUB = [None, None, None, None, "开户银行", "银行卡号", None, None, None, None]
MERGES = ["A1:J1", "E3:F3"] + [f"{c}3:{c}4" for c in "ABCDGHIJ"]


def messy_register() -> bytes:
    """A register as a township sends it (row numbers as Excel shows them)."""
    rows = [
        [TITLE],  # 1
        ["填报单位：延庆镇人民政府", *[None] * 7, "填报日期：2026年1月5日"],  # 2
        HEADER_TOP,  # 3
        HEADER_SUB,  # 4
        list(range(1, 11)),  # 5: column numbers, as official forms have
        [1, "张  三", ID_A, "138 0013 8000", "中国农业银行", CARD, "１５０．５",
         "脱贫人口、防止返贫监测对象", JAN5, "是"],  # 6
        [2, "李四", 1.10229199001011e17, "13900139000", None, None, 150, None, None, "否"],  # 7
        [],  # 8: blank
        [3, "王五", bad_check_digit(ID_B), None, "农行", BAD_CARD, 150],  # 9
        [4, "\u3000赵六\u3000", ID_C.lower(), None, None, None, "160元", "脱贫户", "2026/1/6", "√"],
        [5, "张三", f" {ID_A} ", None, None, None, 150, None, None, None],  # 11: same ID as row 6
        [6, "钱七", ID_B, None, None, None, "abc", "脱贫人口、低保户", None, None],  # 12
        ["合计", None, None, None, None, None, 760.5],  # 13
        [],  # 14
        ["填表人：孙八", None, None, "审核人：周九"],  # 15
        ["这一行在表尾之后，不读"],  # 16
    ]  # fmt: skip
    return xlsx(rows, merges=MERGES)


def test_messy_register_reports_every_error_by_row_and_file_header():
    result = run_import(WorkerImport(), messy_register(), filename="延庆镇登记表.xlsx")
    assert not result.ok
    assert result.messages() == [
        "第6行 身份证号码：与第11行重复",
        f"第7行 身份证号码：{AS_NUMBER}",
        "第9行 身份证号码：校验码错误，请核对号码",
        "第9行 银行卡号：不是有效的银行卡号（Luhn校验失败），请核对号码",
        "第11行 身份证号码：与第6行重复",
        "第12行 日工资标准（元）：应为数字",
        "第12行 优先群体：“低保户”不是可选的值，应为：脱贫人口、防止返贫监测对象、因灾需救助、"
        "易地扶贫搬迁、增收能力有限、因不可抗力无法外出务工、城镇低收入/就业困难",
        "第13行：合计行不属于导入数据，请删除该行",
    ]
    assert result.rows == 6
    assert result.header_row == 4
    assert result.written == 0
    assert "发现 8 处错误，涉及 6 行，未导入任何数据" in result.summary


def test_totals_row_is_skipped_when_the_spec_allows_it():
    spec = WorkerImport()
    spec.totals_row = True
    result = run_import(spec, messy_register(), filename="x.xlsx")
    assert not any("合计" in message for message in result.messages())


def test_clean_rows_sees_only_rows_whose_cells_all_parsed_and_values_are_normalised():
    spec = WorkerImport()
    run_import(spec, messy_register(), filename="x.xlsx", dry_run=True)
    (rows,) = spec.cleaned
    assert [row.number for row in rows] == [10]
    assert rows[0] == {
        "name": "赵六",
        "id_number": ID_C,
        "phone": None,
        "bank": None,
        "bank_card": None,
        "wage": Decimal("160.00"),
        "groups": ["poverty"],
        "start": dt.date(2026, 1, 6),
        "local": True,
    }


def test_the_rows_that_failed_are_handed_over_apart_with_what_parsed():
    """So that checks across rows leave them out without calling their people missing."""
    spec = WorkerImport()
    run_import(spec, messy_register(), filename="x.xlsx", dry_run=True)
    (rows,) = spec.cleaned
    assert [row.number for row in rows.failed] == [6, 7, 9, 11, 12]
    first, as_number, bad_check, repeated, bad_wage = rows.failed
    assert repeated["id_number"] == ID_A  # row 11 repeats row 6
    assert (first["name"], first["id_number"]) == ("张三", ID_A)  # repeated in row 11
    assert (as_number["name"], as_number["id_number"]) == ("李四", None)
    assert bad_check["id_number"] is None and bad_check["wage"] == Decimal("150.00")
    assert bad_wage["id_number"] == ID_B and bad_wage["wage"] is None
    assert rows.dry_run and not rows.will_write


@pytest.mark.django_db  # the write runs in transaction.atomic()
def test_a_spec_is_told_whether_a_write_follows():
    seen = []

    class Watching(WorkerImport):
        def clean_rows(self, rows, ctx):
            seen.append(rows.will_write)
            super().clean_rows(rows, ctx)

    clean = xlsx([["姓名", "身份证号", "日工资"], ["张三", ID_A, 150]])
    assert run_import(Watching(), clean, filename="x.xlsx").ok
    assert not run_import(Watching(), clean, filename="x.xlsx", dry_run=True).written
    broken = xlsx([["姓名", "身份证号", "日工资"], ["张三", ID_A, 150], ["李四", ID_B, "x"]])
    assert not run_import(Watching(), broken, filename="x.xlsx").ok
    assert seen == [True, False, False]


@pytest.mark.django_db  # the write runs in transaction.atomic()
def test_a_clean_register_is_written_with_parsed_values():
    rows = [
        [TITLE],
        ["姓名", "公民身份号码", "手机号码", "日工资", "优先群体", "进场日期"],
        ["张  三", ID_A, "13800138000", "１５０．５", "脱贫人口；因灾需救助", "2026年1月5日"],
        ["李四", ID_B, None, 150, None, 46027],
    ]
    spec = WorkerImport()
    result = run_import(spec, xlsx(rows), filename="x.xlsx", context={}, dry_run=False)
    # No database is touched: WorkerImport.write only records what it was given.
    assert result.ok, result.messages()
    assert result.written == 2
    assert result.summary == "已导入 2 条记录。"
    assert spec.written[0]["wage"] == Decimal("150.50")
    assert spec.written[0]["groups"] == ["poverty", "disaster"]
    assert spec.written[1]["start"] == JAN5


def test_app_level_errors_from_clean_rows_are_reported_with_the_rest():
    rows = [["姓名", "身份证号", "日工资"], ["张三", ID_A, 150], ["李四", "123", 150]]
    result = run_import(
        WorkerImport(), xlsx(rows), filename="x.xlsx", context={"registered": {ID_A}}
    )
    assert result.messages() == [
        "第2行 身份证号：该务工人员已登记",
        "第3行 身份证号：应为18位（当前3位）",
    ]


def test_required_cells_left_empty():
    rows = [["姓名", "身份证号码", "日工资"], ["张三", "", 150], ["/", ID_A, "—"]]
    result = run_import(WorkerImport(), xlsx(rows), filename="x.xlsx")
    assert result.messages() == [
        "第2行 身份证号码：不能为空",
        "第3行 姓名：不能为空",
        "第3行 日工资：不能为空",
    ]


def test_missing_required_column_is_a_file_error_and_rows_are_still_checked():
    spec = WorkerImport()
    rows = [["姓名", "日工资"], ["张三", "abc"]]
    result = run_import(spec, xlsx(rows), filename="x.xlsx")
    assert result.messages() == [
        "缺少必填列“公民身份号码”（也可用列名：身份证号、身份证号码）",
        "第2行 日工资：应为数字",
    ]
    assert spec.cleaned == []  # app checks need every required column


def test_repeated_column_is_a_file_error():
    rows = [["姓名", "身份证号", "身份证号码", "日工资"], ["张三", ID_A, ID_A, 150]]
    result = run_import(WorkerImport(), xlsx(rows), filename="x.xlsx")
    assert result.messages() == ["“公民身份号码”列出现了两次（B列和C列）"]


def test_no_header_found():
    result = run_import(WorkerImport(), xlsx([["甲", "乙"], [1, 2]]), filename="x.xlsx")
    assert result.messages() == [
        "未找到表头：工作表中应有 “姓名”、“公民身份号码”、“日工资标准（元）” 等列，"
        "请下载模板对照填写"
    ]
    assert result.error_workbook() is None


def test_header_without_data_rows():
    result = run_import(WorkerImport(), xlsx([["姓名", "身份证号码", "日工资"]]), filename="x.xlsx")
    assert result.messages() == ["表头下方没有数据行"]


@pytest.mark.django_db
def test_note_between_header_and_data_is_skipped():
    rows = [["姓名", "身份证号码", "日工资"], ["注：带*的列必须填写"], ["张三", ID_A, 150]]
    spec = WorkerImport()
    result = run_import(spec, xlsx(rows), filename="x.xlsx")
    assert result.ok, result.messages()
    assert result.written == 1


def test_the_sheet_with_the_header_is_found_behind_a_summary_sheet():
    data = xlsx(
        [["姓名", "身份证号码", "日工资"], ["张三", ID_A, 150]],
        sheet="明细",
        before=[("汇总", [["延庆镇合计", 1]])],
    )
    result = run_import(WorkerImport(), data, filename="x.xlsx", dry_run=True)
    assert result.ok
    assert result.sheet_name == "明细"
    assert result.summary == "校验通过：共 1 条记录，没有发现错误，可以导入。"


def test_xls_from_wps_goes_through_the_same_pipeline():
    result = run_import(WorkerImport(), fixture("workers.xls"), filename="登记表.xls")
    assert result.messages() == [f"第5行 身份证号码：{AS_NUMBER}"]


def test_ods_goes_through_the_same_pipeline():
    rows = [[TITLE], ["姓名", "身份证号码", "日工资"], ["张三", ID_A, 150.5], ["李四", 1.1e17, 150]]
    result = run_import(WorkerImport(), ods(rows), filename="登记表.ods")
    assert result.messages() == [f"第4行 身份证号码：{AS_NUMBER}"]


def test_sources_bytes_path_file_and_django_upload(tmp_path):
    data = xlsx([["姓名", "身份证号码", "日工资"], ["张三", ID_A, 150]])
    path = tmp_path / "登记表.xlsx"
    path.write_bytes(data)
    uploads = [
        (data, "x.xlsx"),
        (path, None),
        (str(path), None),
        (io.BytesIO(data), "x.xlsx"),
        (SimpleUploadedFile("登记表.xlsx", data), None),
    ]
    for source, filename in uploads:
        result = run_import(WorkerImport(), source, filename=filename, dry_run=True)
        assert result.ok, (source, result.messages())


def test_upload_name_is_checked_when_no_filename_is_given():
    upload = SimpleUploadedFile("名单.csv", b"a,b\n1,2\n")
    result = run_import(WorkerImport(), upload)
    assert result.messages() == ["请上传 Excel 文件（.xlsx、.xls 或 .ods 格式）"]


def test_file_object_is_read_only_up_to_the_limit(settings):
    settings.IMPORT_MAX_BYTES = 1000

    class Endless(io.RawIOBase):
        read_calls: list[int] = []

        def read(self, size=-1):
            self.read_calls.append(size)
            return b"PK\x03\x04" + b"\0" * (size - 4)

    result = run_import(WorkerImport(), Endless(), filename="x.xlsx")
    assert result.messages() == ["文件过大，单个文件不能超过 0 MB"] or result.messages()[
        0
    ].startswith("文件过大")
    assert Endless.read_calls == [1001]


def test_dry_run_never_writes():
    spec = WorkerImport()
    data = xlsx([["姓名", "身份证号码", "日工资"], ["张三", ID_A, 150]])
    result = run_import(spec, data, filename="x.xlsx", dry_run=True)
    assert result.ok
    assert spec.written == []
    assert len(spec.cleaned) == 1  # but the database checks did run


def test_error_cap_keeps_counting(settings):
    settings.IMPORT_MAX_ERRORS = 5
    rows = [["姓名", "身份证号码", "日工资"]] + [["张三", "123", 150]] * 10
    result = run_import(WorkerImport(), xlsx(rows), filename="x.xlsx")
    assert len(result.errors) == 5
    assert result.error_count == 10
    assert "发现 10 处错误" in result.summary and "仅列出前 5 处" in result.summary


@pytest.mark.django_db
def test_progress_is_reported_at_a_bounded_rate():
    ids = [resident_id(f"110105199001{n % 28 + 1:02d}{n % 1000:03d}") for n in range(3000)]
    rows = [["姓名", "身份证号码", "日工资"]] + [["张三", number, 150] for number in ids]
    calls: list[tuple[int, str]] = []
    result = run_import(
        WorkerImport(), xlsx(rows), filename="x.xlsx", progress=lambda p, m: calls.append((p, m))
    )
    assert result.ok, result.messages()[:3]
    percents = [p for p, _ in calls]
    assert percents == sorted(percents)
    assert calls[-1] == (100, "导入完成")
    assert 10 <= len(calls) <= 60
    assert any(message.startswith("正在校验第") for _, message in calls)


def test_row_error_rendering():
    assert str(RowError(9, "公民身份号码", "校验码错误")) == "第9行 公民身份号码：校验码错误"
    assert str(RowError(9, None, "合计行不属于导入数据")) == "第9行：合计行不属于导入数据"
    assert str(RowError(None, None, "文件已加密")) == "文件已加密"


# --- all or nothing, against the real database ------------------------------------------------


def group_names() -> list[str]:
    from django.contrib.auth.models import Group

    return sorted(Group.objects.values_list("name", flat=True))


def groups_sheet(*names: str) -> bytes:
    return xlsx([["分组名单"], ["*名称"], *[[name] for name in names]], merges=["A1:A1"])


@pytest.mark.django_db(transaction=True)
def test_valid_file_is_written_completely_with_copy():
    result = run_import(GroupImport(), groups_sheet("甲组", "乙组", "丙组"), filename="x.xlsx")
    assert result.ok, result.messages()
    assert result.written == 3
    assert group_names() == ["丙组", "乙组", "甲组"]


@pytest.mark.django_db(transaction=True)
def test_one_bad_row_means_nothing_is_written():
    result = run_import(GroupImport(), groups_sheet("甲组", "乙组", "甲组"), filename="x.xlsx")
    assert result.messages() == ["第3行 名称：与第5行重复", "第5行 名称：与第3行重复"]
    assert group_names() == []


@pytest.mark.django_db(transaction=True)
def test_problem_found_while_writing_rolls_back_rows_already_copied():
    spec = GroupImport(fail_after_write=True)
    result = run_import(spec, groups_sheet("甲组", "乙组"), filename="x.xlsx")
    assert result.messages() == ["第3行 名称：写入后发现问题"]
    assert result.written == 0
    assert group_names() == []


@pytest.mark.django_db(transaction=True)
def test_refusal_raised_in_write_rolls_back():
    class Refusing(GroupImport):
        def write(self, rows, ctx):
            super().write(rows, ctx)
            raise ImportRefused("项目已归档，不能导入")

    result = run_import(Refusing(), groups_sheet("甲组"), filename="x.xlsx")
    assert result.messages() == ["项目已归档，不能导入"]
    assert group_names() == []


@pytest.mark.django_db(transaction=True)
def test_database_conflict_propagates_and_leaves_nothing():
    from django.contrib.auth.models import Group
    from django.db import IntegrityError

    Group.objects.create(name="乙组")
    with pytest.raises(IntegrityError):
        run_import(GroupImport(), groups_sheet("甲组", "乙组"), filename="x.xlsx")
    assert group_names() == ["乙组"]


@pytest.mark.django_db(transaction=True)
def test_copy_rows_refuses_to_run_outside_a_transaction():
    from django.contrib.auth.models import Group

    from yiguoji.imports import copy_rows

    with pytest.raises(RuntimeError, match=r"transaction\.atomic"):
        copy_rows(Group, ["name"], [("甲组",)])


def test_errors_on_columns_the_file_lacks_use_the_template_label():
    class Checking(WorkerImport):
        def clean_rows(self, rows, ctx):
            rows.error(rows[0], "bank_card", "发放工资需要银行卡号")

    rows = [["姓名", "身份证号码", "日工资"], ["张三", ID_A, 150]]
    result = run_import(Checking(), xlsx(rows), filename="x.xlsx", dry_run=True)
    assert result.messages() == ["第2行 银行卡号：发放工资需要银行卡号"]


def test_refusal_from_clean_rows_is_a_file_error():
    class Archived(WorkerImport):
        def clean_rows(self, rows, ctx):
            raise ImportRefused("该项目已验收归档，不能再导入")

    rows = [["姓名", "身份证号码", "日工资"], ["张三", ID_A, 150]]
    result = run_import(Archived(), xlsx(rows), filename="x.xlsx")
    assert result.messages() == ["该项目已验收归档，不能再导入"]
