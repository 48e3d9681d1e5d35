"""Uploading a month's wage ledger (payroll.importers.ledger) and manage.py import_wage_ledger:
real-world sheets, every bad row reported where it is, all or nothing."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from payroll import samples
from payroll.choices import LedgerStatus
from payroll.importers import kinds
from payroll.importers.ledger import WageLedgerImport
from payroll.models import WageLedger
from payroll.services.ledgers import ledger_submit
from tests.payroll.factories import WorkerFactory
from tests.payroll.ledger_site import MAY, TODAY, build_site
from tests.payroll.sheets import upload, xlsx
from yiguoji.imports import run_import, uploads

pytestmark = pytest.mark.django_db
HEADER = ["序号", "务工人员姓名", "身份证号码", "出勤天数", "日工资标准", "应发金额", "扣款",
          "实发金额", "发放日期", "发放方式", "银行卡号", "备注", "本人签字"]  # fmt: skip


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def site(make_user):
    return build_site(make_user)


def row(n, worker, *, days=10, rate=200, payable=2000, deduction="", paid=2000,
        date="2026/6/10", method="", card="", remarks=""):  # fmt: skip
    return [n, worker.name, worker.id_number_encrypted.reveal(), days, rate, payable, deduction,
            paid, date, method, card, remarks, ""]  # fmt: skip


def sheet(site, *rows) -> bytes:
    title = [f"{site.project.name}2026年5月劳务报酬发放台账"]
    body = rows or [row(n, w) for n, w in enumerate(site.workers, start=1)]
    return xlsx([title, HEADER, *body, ["", "填表人：张三"]], merges=["A1:M1"], text_columns="CK")


def run(site, content, **options):
    spec = WageLedgerImport(project=site.project, month=MAY)
    return run_import(spec, content, filename="台账.xlsx", context={"user": site.unit}, **options)


def test_a_real_world_sheet_is_imported_as_the_months_draft(site):
    result = run(site, sheet(site))
    assert result.ok, result.messages()
    assert result.summary == "已导入 3 条记录。"
    ledger = WageLedger.objects.get(project=site.project, month=MAY)
    assert ledger.status == LedgerStatus.DRAFT and ledger.workers == 3
    assert ledger.total_paid == Decimal("6000.00") and ledger.total_arrears == 0
    assert list(ledger.lines.values_list("seq", flat=True)) == [1, 2, 3]
    assert [s.action for s in ledger.steps.all()] == ["upload"]
    # Submitting it needs nothing more: no warnings.
    assert ledger_submit(acting_user=site.unit, ledger=ledger).status == LedgerStatus.SUBMITTED


def test_every_bad_row_is_reported_on_its_cell_and_nothing_is_written(site):
    first, second, third = site.workers
    stranger = WorkerFactory(name="赵有才")
    content = sheet(
        site,
        row(1, first, payable=2100),
        row(2, second, deduction=100, paid=1900),
        row(3, third, remarks="含挖掘机台班费"),
        row(4, stranger, days=0, payable=0, paid=0, date=""),
    )
    result = run(site, content)
    assert not result.ok
    assert result.messages() == [
        "第3行 应发金额：王建军：应发金额应为出勤10天×200.00元=2,000.00元，不是2,100.00元",
        "第4行 扣款：李秀英：扣款100.00元，劳务报酬不得克扣（第三十条）",
        "第5行 备注：张春生：备注写有“挖掘机”，租赁当地群众机械设备等费用不得计入劳务报酬"
        "（第三十条）",
        "第6行 务工人员姓名：赵有才：2026年5月未与本项目签订劳务合同（未招用），"
        "不能列入本项目台账（重点任务4：实名制管理）",
    ]
    assert not WageLedger.objects.exists()
    marked = load_workbook(io.BytesIO(result.error_workbook())).active
    assert any(cell.value == "错误原因" for cell in marked[2])


def test_people_not_in_the_register_or_with_another_name_are_refused(site):
    first, second, _ = site.workers
    renamed = row(2, second)
    renamed[1] = "李秀兰"
    unknown = row(3, first)
    unknown[2] = samples.resident_id(dt.date(1980, 2, 2), 401)
    result = run(site, sheet(site, row(1, first), renamed, unknown))
    assert result.messages() == [
        "第4行 务工人员姓名：与名册中该公民身份号码的姓名“李秀英”不一致",
        "第5行 身份证号码：该人员不在务工人员名册中，请先登记并与本项目签订劳务合同",
    ]


def test_leaving_out_someone_who_worked_refuses_the_file(site):
    result = run(site, sheet(site, *[row(n, w) for n, w in enumerate(site.workers[:2], 1)]))
    assert result.messages() == [
        "张春生：2026年5月在本项目出勤10天，台账中没有其劳务报酬（未发放也应列入，实发填0）"
    ]


def test_warnings_are_kept_for_an_explanation_before_submission(site):
    first = site.workers[0]
    content = sheet(
        site, row(1, first, paid=1500), *[row(n, w) for n, w in enumerate(site.workers[1:], 2)]
    )
    spec = WageLedgerImport(project=site.project, month=MAY)
    result = run_import(spec, content, filename="台账.xlsx", context={"user": site.unit})
    assert result.ok and spec.warnings == 1
    ledger = WageLedger.objects.get()
    assert ledger.total_arrears == Decimal("500.00")


def test_a_submitted_ledger_is_never_overwritten(site):
    assert run(site, sheet(site)).ok
    ledger_submit(acting_user=site.unit, ledger=WageLedger.objects.get())
    result = run(site, sheet(site))
    assert result.messages() == [
        "YQ-2026-101 2026年5月台账已提交，不能覆盖；如需修改，请联系主管部门退回"
    ]


def test_the_upload_kind_is_registered_with_its_template(site):
    kind = uploads.get(kinds.WAGE_LEDGER)
    assert kind.template_name == "劳务报酬发放台账（模板）.xlsx"
    template = load_workbook(io.BytesIO(kind.spec({}).template_workbook()))
    headers = [cell.value for cell in template.worksheets[0][2] if cell.value]
    assert headers[:4] == ["*姓名", "*公民身份号码", "*出勤天数", "*日劳务报酬标准（元）"]
    outcome = uploads.receive(
        key=kinds.WAGE_LEDGER,
        upload=upload(sheet(site), "台账.xlsx"),
        acting_user=site.unit,
        params={"project_id": site.project.pk, "month": MAY.isoformat()},
    )
    assert outcome.result.ok


def test_the_command_imports_with_the_same_output_contract(site, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(sheet(site))
    call_command(
        "import_wage_ledger", str(path), project="YQ-2026-101", month="2026-05", check=True
    )
    assert capsys.readouterr().out.strip() == "校验通过：共 3 条记录，没有发现错误，可以导入。"
    assert not WageLedger.objects.exists()
    call_command("import_wage_ledger", str(path), project="YQ-2026-101", month="2026-05",
                 user="unit")  # fmt: skip
    assert capsys.readouterr().out.strip() == "已导入 3 条记录。"
    ledger = WageLedger.objects.get()
    assert ledger.created_by == site.unit
    assert ledger.events.last().pgh_context.metadata["via"] == "ledger upload"


def test_the_command_exits_1_with_every_error(site, tmp_path, capsys):
    path = tmp_path / "台账.xlsx"
    first, *others = site.workers
    path.write_bytes(
        sheet(site, row(1, first, paid=2000, date="2026/7/1"),
              *[row(n, w) for n, w in enumerate(others, 2)])
    )  # fmt: skip
    with pytest.raises(SystemExit) as exit_:
        call_command("import_wage_ledger", str(path), project="YQ-2026-101", month="2026-05")
    assert exit_.value.code == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "第3行 发放日期：王建军：发放日期2026-07-01晚于今天，台账只登记已发放的劳务报酬"
    )
    assert err[-1].startswith("发现 1 处错误，涉及 1 行，未导入任何数据。")
    assert not WageLedger.objects.exists()
