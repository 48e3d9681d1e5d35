"""Importing the register from messy real-world sheets: every error by row, all or nothing."""

import pytest
from django.core.management import call_command
from django.db import connection

from payroll import identity
from payroll.importers.workers import WorkerImport
from payroll.models import Worker
from tests.payroll.factories import WorkerFactory
from tests.payroll.sheets import xlsx
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role
from yiguoji.imports import run_import

pytestmark = pytest.mark.django_db

TITLE = "2026年八达岭镇以工代赈务工人员登记表"
NOTE = "填报单位（盖章）：八达岭镇人民政府        填报日期：2026年3月"
# A two-row header: "银行卡信息" is a merged group label over 开户行 | 银行卡号.
HEAD_1 = ["序号", "务工人员姓名", "身份证号码（18位）", "联系方式", "银行卡信息", None,
          "乡镇", "所在村", "人员类别", "技能特长"]  # fmt: skip
HEAD_2 = [None, None, None, None, "开户行", "银行卡号", None, None, None, None]
MERGES = ["A1:J1", "A2:J2", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4", "H3:H4",
          "I3:I4", "J3:J4"]  # fmt: skip
FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def sheet(rows) -> bytes:
    return xlsx([[TITLE], [NOTE], HEAD_1, HEAD_2, *rows], merges=MERGES, text_columns="CF")


def run(content: bytes, user=None, **spec):
    return run_import(WorkerImport(**spec), content, filename="登记表.xlsx", context={"user": user})


def row(number, name, id_number, card="", village="岔道村", groups="", skills="", phone=""):
    return [number, name, id_number, phone, "北京农商银行" if card else "", card, "八达岭镇",
            village, groups, skills]  # fmt: skip


def test_a_clean_messy_sheet_is_written_once_with_everything_derived(places, ids, cards):
    content = sheet(
        [
            row(1, "张  三", ids[0].translate(FULL_WIDTH), cards[0], "岔道", "脱贫户、监测户",
                "砌石，钢筋", "139 1000 0001"),
            row(2, "阿依古丽•买买提", f" {ids[1]} ", cards[1], "石峡村委会", "无", "", ""),
            row(3, "李四", ids[2].lower(), "", "岔道村", "易地搬迁", "普工", "010-69101234"),
        ]
    )  # fmt: skip
    result = run(content)
    assert result.ok, result.messages()
    assert result.summary == "已导入 3 条记录。"
    first = Worker.objects.get(name="张三")
    assert first.id_number_encrypted.reveal() == ids[0]
    assert first.id_index == identity.id_index(ids[0])
    assert first.id_masked == ids[0][:6] + "********" + ids[0][-4:]
    assert first.birth_date == identity.birth_date_of(ids[0])
    assert first.sex == identity.sex_of(ids[0])
    assert first.village == places["chadao"]
    assert first.priority_groups == ["lifted", "monitored"]
    assert first.skills == ["砌石", "钢筋"]
    assert first.phone == "13910000001"
    assert first.bank_card_encrypted.reveal() == cards[0]
    assert first.bank_card_masked == cards[0][:4] + "*" * (len(cards[0]) - 8) + cards[0][-4:]
    second = Worker.objects.get(id_index=identity.id_index(ids[1]))
    assert second.name == "阿依古丽·买买提" and second.village == places["shixia"]
    assert second.priority_groups == []
    third = Worker.objects.get(name="李四")
    assert third.id_number_encrypted.reveal() == ids[2].upper()  # a typed "x" is the same ID
    assert third.bank_card_encrypted is None and third.bank_card_masked == ""
    assert not RevealLog.objects.exists()  # importing reveals nothing to anyone


def test_every_bad_row_is_reported_and_nothing_is_written(places, ids, cards):
    WorkerFactory(id_number=ids[5], name="王五", township=places["chadao"].township)
    bad_check = ids[3][:17] + ("0" if ids[3][17] != "0" else "1")
    content = sheet(
        [
            row(1, "赵一", ids[0], cards[0]),
            row(2, "钱二", float(ids[1][:17]) * 10, cards[1]),  # stored as a number by Excel
            row(3, "孙三", "1.10229E+17", cards[2]),  # pasted as scientific notation
            row(4, "李四", bad_check, cards[3]),
            row(5, "周五", ids[0], cards[4]),  # the same person as row 1
            row(6, "王五", ids[5], cards[5]),  # already in the register
            row(7, "吴六", ids[6], "6217000010001234560"),  # fails the Luhn check
            row(8, "郑七", ids[7], cards[7], "不存在村"),
            row(9, "冯八", ids[8], cards[8], groups="贫困户"),
        ]
    )
    before = Worker.objects.count()
    result = run(content)
    assert not result.ok
    assert Worker.objects.count() == before
    assert result.messages() == [
        "第5行 身份证号码（18位）：与第9行重复",
        "第6行 身份证号码（18位）：身份证号码以数字格式保存，已丢失末位数字，"
        "请将该列设置为文本格式后重新填写",
        "第7行 身份证号码（18位）：身份证号码显示为科学计数法，已丢失末位数字，"
        "请将该列设置为文本格式后重新填写",
        "第8行 身份证号码（18位）：校验码错误，请核对号码",
        "第9行 身份证号码（18位）：与第5行重复",
        "第10行 身份证号码（18位）：该人员已在务工人员名册中（八达岭镇登记），不能重复登记；"
        "如需更新其联系电话、银行卡号、村，请在“登记类型”列填写“变更”",
        "第11行 银行卡号：不是有效的银行卡号（Luhn校验失败），请核对号码",
        "第12行 所在村：“不存在村”不是八达岭镇的村（社区）",
        "第13行 人员类别：“贫困户”不是可选的值，应为：脱贫人口、防止返贫监测对象、因灾需救助、"
        "易地扶贫搬迁、增收能力有限、因不可抗力无法外出务工、城镇低收入/就业困难",
    ]
    assert result.error_workbook() is not None


def test_a_bank_card_of_someone_else_is_refused(places, ids, cards):
    WorkerFactory(id_number=ids[5], card=cards[5], township=places["chadao"].township)
    result = run(sheet([row(1, "赵一", ids[0], cards[5])]))
    assert result.messages() == [
        "第5行 银行卡号：该银行卡号已登记在其他务工人员名下，劳务报酬须发放至本人银行卡"
    ]


def test_the_sex_column_must_agree_with_the_id_number(places, ids):
    content = xlsx(
        [["姓名", "公民身份号码", "性别", "乡镇（街道）"], ["赵一", ids[0], "女", "八达岭镇"]]
    )
    assert identity.sex_of(ids[0]) == "M"
    assert run(content).messages() == ["第2行 性别：与公民身份号码不符（第17位单数为男、双数为女）"]


def test_a_township_imports_only_its_own_people(places, ids, make_user):
    user = make_user(Role.TOWNSHIP)
    content = xlsx(
        [
            ["姓名", "公民身份号码", "乡镇（街道）", "村"],
            ["赵一", ids[0], "", "岔道村"],  # no township: the importer's own
            ["钱二", ids[1], "张山营镇", "西五里营村"],
        ]
    )
    result = run(content, user)
    assert result.messages() == ["第3行 乡镇（街道）：只能导入本乡镇（街道）的务工人员"]
    content = xlsx([["姓名", "公民身份号码", "村"], ["赵一", ids[0], "岔道村"]])
    assert run(content, user).ok
    assert Worker.objects.get().township == places["chadao"].township
    assert Worker.objects.get().registered_by == user.organisation


def test_a_district_file_without_townships_needs_one(places, ids):
    content = xlsx([["姓名", "公民身份号码"], ["赵一", ids[0]]])
    assert run(content).messages() == ["第2行 乡镇（街道）：请填写乡镇（街道）"]
    assert run(content, township_id=places["chadao"].township_id).ok


def test_the_database_never_holds_the_plain_numbers(places, ids, cards):
    assert run(sheet([row(1, "赵一", ids[0], cards[0])])).ok
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(w)::text FROM payroll_worker w")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT string_agg(row_to_json(e)::text, ' ') FROM payroll_workerevent e")
        (history,) = cursor.fetchone()
    for text in (stored, history):
        assert ids[0] not in text and ids[0][6:14] + ids[0][14:] not in text
        assert cards[0] not in text
        assert "110229********" in text  # only the masked form is readable


def test_manage_py_import_workers(tmp_path, places, ids, cards, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(sheet([row(1, "赵一", ids[0], cards[0])]))
    call_command("import_workers", str(good))
    assert capsys.readouterr().out.strip() == "已导入 1 条记录。"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(sheet([row(1, "钱二", ids[0], cards[1]), row(2, "孙三", "1101", "")]))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_workers", str(bad))
    assert exit_info.value.code == 1
    errors = capsys.readouterr().err.splitlines()
    assert errors[:2] == [
        "第5行 身份证号码（18位）：该人员已在务工人员名册中（八达岭镇登记），不能重复登记；"
        "如需更新其联系电话、银行卡号、村，请在“登记类型”列填写“变更”",
        "第6行 身份证号码（18位）：应为18位（当前4位）",
    ]
    assert errors[-1].startswith("发现 2 处错误")
    assert Worker.objects.count() == 1


# --- Updating people already on the register (issue 10, item 23) -------------------------------

CHANGE_HEAD = ["姓名", "公民身份号码", "联系电话", "银行卡号", "开户银行", "村", "登记类型"]


def test_a_file_updates_registered_people_where_it_says_so(places, ids, cards, make_user):
    user = make_user(Role.TOWNSHIP)
    old = WorkerFactory(
        name="王建军", id_number=ids[0], card=cards[0], phone="13900000000",
        township=places["chadao"].township, village=places["chadao"],
    )  # fmt: skip
    kept = WorkerFactory(
        name="李秀英", id_number=ids[1], card=cards[1], phone="13911111111",
        township=places["chadao"].township, village=places["chadao"],
    )  # fmt: skip
    content = xlsx(
        [
            CHANGE_HEAD,
            ["王建军", ids[0], "13822223333", cards[5], "中国农业银行", "石峡村", "变更"],
            ["李秀英", ids[1], "13844445555", "", "", "", "更新"],  # only the phone
            ["赵新来", ids[2], "", "", "", "岔道村", ""],  # a new person, as before
        ],
        text_columns="BD",
    )
    result = run(content, user)
    assert result.ok, result.messages()
    assert result.summary == "已导入 3 条记录。"
    old.refresh_from_db()
    assert (old.phone, old.bank, old.village) == ("13822223333", "中国农业银行", places["shixia"])
    assert old.bank_card_encrypted.reveal() == cards[5]
    assert old.bank_card_index == identity.card_index(cards[5])
    assert old.bank_card_masked == cards[5][:4] + "*" * (len(cards[5]) - 8) + cards[5][-4:]
    assert old.id_number_encrypted.reveal() == ids[0]  # the identity never changes
    kept.refresh_from_db()
    assert kept.phone == "13844445555"
    assert kept.bank_card_encrypted.reveal() == cards[1] and kept.village == places["chadao"]
    assert Worker.objects.filter(name="赵新来").exists()
    # Every change is audited, attributed to the user and the import.
    event = old.events.order_by("pgh_id").last()
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata["via"] == "worker import"
    assert event.pgh_context.metadata["user"] == user.pk
    assert event.phone == "13822223333"


def test_changes_are_refused_row_by_row_with_the_reason(places, ids, cards, make_user):
    user = make_user(Role.TOWNSHIP)  # 八达岭镇
    WorkerFactory(name="王建军", id_number=ids[0], township=places["chadao"].township)
    WorkerFactory(name="高峰", id_number=ids[1], township=places["xiwuli"].township)
    WorkerFactory(name="马成", id_number=ids[3], card=cards[3], township=places["chadao"].township)
    content = xlsx(
        [
            CHANGE_HEAD,
            ["王建国", ids[0], "13822223333", "", "", "", "变更"],  # another name
            ["高峰", ids[1], "13822223333", "", "", "", "变更"],  # another township's person
            ["周新", ids[2], "13822223333", "", "", "", "变更"],  # not on the register
            ["王建军", ids[0], "", cards[3], "", "", "变更"],  # 马成's card
            ["马成", ids[3], "", "", "", "", "补办"],  # not a choice
        ],
        text_columns="BD",
    )
    result = run(content, user)
    assert result.messages() == [
        "第2行 公民身份号码：与第5行重复",
        "第3行 公民身份号码：该人员登记在张山营镇，您不能变更其信息，请由该乡镇（街道）办理",
        "第4行 公民身份号码：名册中没有该人员，不能变更；新登记请将登记类型填为“新增”",
        "第5行 公民身份号码：与第2行重复",
        "第6行 登记类型：“补办”不是可选的值，应为：新增、变更",
    ]
    content = xlsx(
        [CHANGE_HEAD, ["王建国", ids[0], "", "", "", "", "变更"],
         ["王建军", ids[4], "", cards[3], "", "", ""]],
        text_columns="BD",
    )  # fmt: skip
    assert run(content, user).messages() == [
        "第2行 姓名：该公民身份号码在名册中的姓名为“王**”，与本行不一致",
        "第3行 银行卡号：该银行卡号已登记在其他务工人员名下，劳务报酬须发放至本人银行卡",
    ]
    assert Worker.objects.get(name="王建军").phone != "13822223333"


def test_the_labour_bureau_may_move_a_person_to_another_township(places, ids, make_user):
    user = make_user(Role.LABOUR_BUREAU)
    person = WorkerFactory(name="高峰", id_number=ids[1], township=places["chadao"].township,
                           village=places["chadao"])  # fmt: skip
    content = xlsx(
        [["姓名", "公民身份号码", "乡镇（街道）", "村", "登记类型"],
         ["高峰", ids[1], "张山营镇", "西五里营村", "变更"]],
        text_columns="B",
    )  # fmt: skip
    assert run(content, user).ok
    person.refresh_from_db()
    assert (person.township, person.village) == (places["xiwuli"].township, places["xiwuli"])


def test_the_template_explains_the_change_column():
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(WorkerImport().template_workbook()))
    headers = [cell.value for cell in book.worksheets[0][2]]
    assert headers[-1] == "登记类型"
    notes = [row[0] for row in book["填写说明"].iter_rows(values_only=True) if row[0]]
    assert any("“登记类型”列填写“变更”" in (note or "") for note in notes)
