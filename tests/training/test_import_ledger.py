"""The training ledger from Excel through the shared engine: real-world sheets, every bad row
named, and all-or-nothing (nothing is written while any row is wrong)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from payroll import samples
from tests.payroll.factories import WorkerFactory
from tests.training.factories import RecordFactory, SessionFactory
from training.choices import TrainingKind
from training.exporters.ledger import ledger_workbook
from training.importers.ledger import LedgerImport
from training.models import TrainingRecord
from training.services.ledger import ledger_import
from yiguoji.imports import run_import

pytestmark = pytest.mark.django_db

HEADER = ["序号", "姓名", "身份证号码", "所在乡镇/村", "培训学时", "考核结果", "证书编号", "签字"]


def sheet(rows, *, header=HEADER) -> SimpleUploadedFile:
    """A ledger as townships keep it: title, session line, header, rows, 合计, signatures."""
    book = Workbook()
    ws = book.active
    ws.append(["2026年八达岭镇岗前培训培训台账"])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append(["主办单位：延庆区职业技能培训学校    培训时间：2026-03-10至2026-03-11"])
    ws.append(header)
    for number, row in enumerate(rows, start=1):
        ws.append([number, *row])
    ws.append(["合计", f"{len(rows)}人"])
    ws.append([])
    ws.append(["填表人：", "", "培训单位负责人："])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("培训台账.xlsx", buffer.getvalue())


def id_of(worker) -> str:
    return worker.id_number_encrypted.reveal()


@pytest.fixture
def session(place):
    return SessionFactory(township=place.a, organiser=place.school)


@pytest.fixture
def people(place):
    return [
        WorkerFactory(name=name, township=place.a, village=place.village_a)
        for name in ("张秀兰", "刘建军", "王  强")
    ]


def test_a_clean_ledger_is_imported_whole(session, people, users):
    rows = [
        ["张秀兰", id_of(people[0]), "八达岭镇岔道村", 16, "合格", None, None],
        ["刘建军", id_of(people[1]).lower(), "八达岭镇岔道村", "12学时", "不合格", None, None],
        ["王 强", f" {id_of(people[2])} ", "", "１６", "通过", None, None],
    ]
    outcome = ledger_import(acting_user=users.labour, session=session, upload=sheet(rows))
    assert outcome.result.ok, outcome.result.messages()
    assert outcome.result.written == 3
    stored = {r.worker.name: (r.hours, r.passed) for r in TrainingRecord.objects.all()}
    assert stored == {
        "张秀兰": (Decimal("16.0"), True),
        "刘建军": (Decimal("12.0"), False),
        "王  强": (Decimal("16.0"), True),
    }


def wrong_check_digit(number: str) -> str:
    """The same number with another check digit (a fixed "0" is right one time in eleven)."""
    return number[:17] + ("1" if number[17] == "0" else "0")


def test_every_bad_row_is_named_and_nothing_is_written(session, people, users, place):
    RecordFactory(session=session, worker=people[2])
    more = [WorkerFactory(name=name, township=place.a) for name in ("陈志强", "杨淑珍", "马成")]
    stranger = samples.resident_id(dt.date(1970, 1, 1), 499)  # valid, not in the register
    rows = [
        ["张秀兰", id_of(people[0]), "", 16, "合格", None, None],  # fine on its own
        ["刘建国", id_of(people[1]), "", 16, "合格", None, None],  # name differs from register
        ["赵大海", stranger, "", 16, "合格", None, None],  # not registered
        ["张秀兰", id_of(people[0]), "", 8, "合格", None, None],  # twice in the file
        ["王  强", id_of(people[2]), "", 16, "合格", None, None],  # already in the ledger
        ["陈志强", 110229197001010013, "", 16, "合格", None, None],  # ID stored as a number
        ["陈志强", id_of(more[0]), "", 20, "合格", None, None],  # more hours than the session
        ["杨淑珍", id_of(more[1]), "", 16, "优秀", None, None],  # not a result
        ["马成", id_of(more[2]), "", 16, "不合格", "YQ-1", None],  # certificate without a pass
        ["马成", wrong_check_digit(id_of(more[2])), "", 16, "合格", None, None],  # bad check
    ]
    outcome = ledger_import(acting_user=users.labour, session=session, upload=sheet(rows))
    result = outcome.result
    assert not result.ok and result.written == 0
    assert TrainingRecord.objects.count() == 1  # only the row that was there before
    messages = result.messages()
    for expected in (
        "第5行 姓名：与名册中该身份证号码的姓名“刘建军”不一致",
        "第6行 身份证号码：赵大海未在务工人员名册中登记：请先登记，或在培训页面“现场登记”",
        "第4行 身份证号码：与第7行重复",
        "第7行 身份证号码：与第4行重复",
        "第8行 身份证号码：王  强已在本期培训台账中",
        "第9行 身份证号码：身份证号码以数字格式保存，已丢失末位数字，"
        "请将该列设置为文本格式后重新填写",
        "第10行 培训学时：陈志强的培训学时（20）超过本期培训学时（16）",
        "第12行 证书编号：马成考核不合格，不能登记证书编号",
    ):
        assert expected in messages, messages
    assert any(m.startswith("第11行 考核结果：“优秀”不是可选的值") for m in messages)
    assert any(m.startswith("第13行 身份证号码：校验码错误") for m in messages)
    assert result.error_workbook() is not None and outcome.errors_url


def test_skill_training_rows_need_certificates_unique_in_file_and_register(place, people, users):
    session = SessionFactory(
        township=place.a, organiser=place.school, kind=TrainingKind.RESERVE_SKILL
    )
    RecordFactory(certificate_no="GH-2026-001", worker__name="周立新")
    rows = [
        ["张秀兰", id_of(people[0]), "", 16, "合格", None, None],
        ["刘建军", id_of(people[1]), "", 16, "合格", "GH-2026-001", None],
        ["王  强", id_of(people[2]), "", 16, "合格", "GH-2026-002", None],
    ]
    result = ledger_import(acting_user=users.labour, session=session, upload=sheet(rows)).result
    assert result.messages() == [
        "第4行 证书编号：张秀兰考核合格，储备性技能培训须登记证书编号"
        "（技能培训以证书为凭，重点任务6）",
        "第5行 证书编号：该证书编号已登记在周立新名下",
    ]
    assert not TrainingRecord.objects.filter(session=session).exists()


def test_an_exported_ledger_with_full_ids_comes_back_in(place, people, users):
    first = SessionFactory(township=place.a, organiser=place.school)
    for worker in people:
        RecordFactory(session=first, worker=worker, hours=Decimal("12.5"))
    exported = ledger_workbook(acting_user=users.labour, session=first, purpose="核对后再导入")
    second = SessionFactory(township=place.a, organiser=place.school)
    upload = SimpleUploadedFile("导出的台账.xlsx", exported)
    result = ledger_import(acting_user=users.labour, session=second, upload=upload).result
    assert result.ok, result.messages()
    assert sorted(second.records.values_list("hours", flat=True)) == [Decimal("12.5")] * 3


def test_a_masked_export_cannot_be_imported_as_ids(place, people, users):
    first = SessionFactory(township=place.a, organiser=place.school)
    RecordFactory(session=first, worker=people[0])
    exported = ledger_workbook(acting_user=users.office, session=first)
    second = SessionFactory(township=place.a, organiser=place.school)
    result = run_import(
        LedgerImport(), exported, filename="x.xlsx",
        context={"user": users.labour, "session": second.pk},
    )  # fmt: skip
    assert not result.ok and result.messages()[0].startswith("第4行 身份证号")


def test_no_ledger_is_imported_before_the_session_starts(place, people, users):
    later = SessionFactory(
        township=place.a, organiser=place.school,
        starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 1), hours=Decimal("8"),
    )  # fmt: skip
    rows = [["张秀兰", id_of(people[0]), "", 8, "合格", None, None]]
    with pytest.raises(ValidationError, match="开始前不能导入培训台账"):
        ledger_import(acting_user=users.labour, session=later, upload=sheet(rows))


def test_the_spec_refuses_a_session_outside_the_users_scope(session, people, users):
    # a big file is imported later by a job: the spec itself re-checks the scope
    rows = [["张秀兰", id_of(people[0]), "", 16, "合格", None, None]]
    result = run_import(
        LedgerImport(), sheet(rows), context={"user": users.township_b, "session": session.pk}
    )
    assert result.messages() == ["该培训不存在或不在您的权限范围内"]
    assert not TrainingRecord.objects.exists()
