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
    result = run(site, sheet(site, row(1, first), renamed, unknown, row(4, site.workers[2])))
    # 李秀英's row is there, only wrong: she is not also reported as left out of the ledger, nor
    # is 王建军, whose second row carries an ID number not in the register (a typo, most likely).
    assert result.messages() == [
        "第4行 务工人员姓名：与名册中该公民身份号码的姓名“李秀英”不一致",
        "第5行 身份证号码：该人员不在务工人员名册中，请先登记并与本项目签订劳务合同",
    ]


def test_leaving_out_someone_who_worked_refuses_the_file(site):
    first, second, _ = site.workers
    missing = "张春生：2026年5月在本项目出勤10天，台账中没有其劳务报酬（未发放也应列入，实发填0）"
    assert run(site, sheet(site, row(1, first), row(2, second))).messages() == [missing]
    # Also when another row failed: 张春生 is missing whatever is wrong elsewhere.
    result = run(site, sheet(site, row(1, first, paid="两千"), row(2, second)))
    assert result.messages() == [missing, "第3行 实发金额：应为数字"]


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


# --- One pass reports everything (issue 10, item 12) -------------------------------------------


def test_bad_cells_and_the_ledgers_own_checks_are_reported_together(site):
    """A bad cell on one row no longer hides the rules' findings on the others: the unit
    fixes everything in one go."""
    first, second, third = site.workers
    content = sheet(
        site,
        row(1, first, days="十天"),
        row(2, second, payable=2100),
        row(3, third, days=12, payable=2400, paid=2400),
    )
    result = run(site, content)
    assert result.messages() == [
        "第3行 出勤天数：应为数字",
        "第4行 应发金额：李秀英：应发金额应为出勤10天×200.00元=2,000.00元，不是2,100.00元",
        "第5行 出勤天数：张春生：台账12天，多于考勤记录的10天",
    ]
    # 王建军's row is there, only wrong: he is not also reported as left out of the ledger.
    assert not any("台账中没有其劳务报酬" in message for message in result.messages())
    assert not WageLedger.objects.exists()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        # The ID refused: the row is recognised by its name.
        (
            lambda r: r.__setitem__(2, r[2][:-1] + ("1" if r[2][-1] == "0" else "0")),
            "第3行 身份证号码：校验码错误，请核对号码",
        ),
        # The same person twice: both rows are reported, and nobody is "missing".
        (lambda r: None, "第3行 身份证号码：与第6行重复"),
    ],
    ids=["bad-id", "repeated"],
)
def test_rows_that_failed_are_not_reported_missing(site, damage, expected):
    first, second, third = site.workers
    wrong = row(1, first)
    damage(wrong)
    rows = [wrong, row(2, second), row(3, third, payable=1)]
    if expected.endswith("重复"):
        rows.append(row(4, first))
    messages = run(site, sheet(site, *rows)).messages()
    assert expected in messages
    assert (
        "第5行 应发金额：张春生：应发金额应为出勤10天×200.00元=2,000.00元，不是1.00元" in messages
    )
    assert not any("台账中没有其劳务报酬" in message for message in messages)


def test_a_row_naming_nobody_silences_the_missing_check_but_not_the_others(site):
    first, second, _ = site.workers
    nobody = row(3, first, payable=0)
    nobody[1], nobody[2] = "", ""
    result = run(site, sheet(site, row(1, first), row(2, second, payable=1), nobody))
    assert result.messages() == [
        "第4行 应发金额：李秀英：应发金额应为出勤10天×200.00元=2,000.00元，不是1.00元",
        "第5行 务工人员姓名：不能为空",
        "第5行 身份证号码：不能为空",
    ]


def test_a_check_reports_the_rules_without_writing(site):
    first, second, third = site.workers
    content = sheet(site, row(1, first, payable=2100), row(2, second), row(3, third))
    result = run(site, content, dry_run=True)
    assert result.messages() == [
        "第3行 应发金额：王建军：应发金额应为出勤10天×200.00元=2,000.00元，不是2,100.00元"
    ]
    assert not WageLedger.objects.exists()


def test_the_rules_run_once_per_upload(site, monkeypatch):
    """A clean file is checked once, under the ledger's lock; a file with bad cells once, while
    parsing (nothing is written, so no lock is taken)."""
    from payroll.services import ledger_checks, ledgers

    calls = []
    real = ledger_checks.run_rules

    def counting(lines, facts):
        calls.append(len(lines))
        return real(lines, facts)

    monkeypatch.setattr(ledger_checks, "run_rules", counting)
    monkeypatch.setattr(ledgers, "run_rules", counting)
    assert run(site, sheet(site)).ok
    assert calls == [3]
    calls.clear()
    first, second, third = site.workers
    assert not run(site, sheet(site, row(1, first, days="x"), row(2, second), row(3, third))).ok
    assert calls == [2]


# --- Amounts from formulas (issue 10, item 13) --------------------------------------------------


def test_a_formula_amount_excel_shows_rounded_is_read_to_the_fen(site):
    """7.5 days x 210.49 = 1578.675: Excel shows 1578.68 and keeps the float; it is read by its
    shortest decimal form and rounded half up, like the ledger's own days x rate."""
    first, second, third = site.workers
    amount = 7.5 * 210.49  # 1578.6750000000002, as a formula leaves it
    formula_row = row(1, first, days=7.5, rate=210.49, payable=amount, paid=amount)
    result = run(site, sheet(site, formula_row, row(2, second), row(3, third)))
    assert result.ok, result.messages()
    line = WageLedger.objects.get().lines.get(worker=first)
    assert (line.payable, line.paid) == (Decimal("1578.68"), Decimal("1578.68"))


def test_typed_text_with_three_decimals_is_still_refused(site):
    first, second, third = site.workers
    typed = row(1, first, days=7.5, rate="210.49", payable="1578.675", paid="1578.68")
    result = run(site, sheet(site, typed, row(2, second), row(3, third)))
    assert result.messages() == ["第3行 应发金额：金额最多两位小数"]


# --- Prefilled templates and the marked workbook (issue 10, item 14) ---------------------------


def prefilled(site):
    from payroll.importers.ledger import prefilled_template

    content = prefilled_template(acting_user=site.unit, project=site.project, month=MAY)
    return load_workbook(io.BytesIO(content))


def test_the_template_comes_filled_with_the_months_people(site):
    from yiguoji.core.models import RevealLog

    book = prefilled(site)
    sheet = book.worksheets[0]
    assert sheet["A1"].value == f"{site.project.name} 2026年5月劳务报酬发放台账"
    rows = list(sheet.iter_rows(min_row=3, max_col=6, values_only=True))
    assert rows == [
        (w.name, w.id_number_encrypted.reveal(), 10, 200, 2000, None)
        for w in sorted(site.workers, key=lambda w: w.name)
    ]
    assert all(sheet[f"B{n}"].number_format == "@" for n in (3, 4, 5))  # IDs as text
    assert isinstance(sheet["B3"].value, str)
    # Every full ID number in the file is a logged reveal with its purpose.
    logs = RevealLog.objects.filter(user=site.unit, field="公民身份号码")
    assert logs.count() == 3
    assert {log.purpose for log in logs} == {
        "编制YQ-2026-101 2026年5月劳务报酬发放台账（预填模板）"
    }
    validations = {str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert "J3:J5005" in validations  # 发放方式 keeps its drop-down below the prefilled rows


def test_the_filled_in_template_goes_straight_back_in(site):
    book = prefilled(site)
    sheet = book.worksheets[0]
    for n in (3, 4, 5):
        sheet[f"H{n}"] = 2000  # 实发金额
        sheet[f"I{n}"] = dt.date(2026, 6, 10)  # 发放日期
    buffer = io.BytesIO()
    book.save(buffer)
    result = run(site, buffer.getvalue())
    assert result.ok, result.messages()
    assert WageLedger.objects.get().total_paid == Decimal("6000.00")


def test_before_any_attendance_the_hired_people_are_listed_without_days(site):
    from payroll.models import AttendanceDay, AttendanceMonth

    AttendanceDay.objects.all().delete()
    AttendanceMonth.objects.all().delete()
    rows = list(prefilled(site).worksheets[0].iter_rows(min_row=3, max_col=5, values_only=True))
    assert [row[0] for row in rows] == sorted(w.name for w in site.workers)
    assert all(row[2:] == (None, None, None) for row in rows)


def test_the_page_offers_the_prefilled_template_by_post(site, client):
    client.force_login(site.unit)
    page = client.get(f"/payroll/ledgers/import/{site.project.pk}/2026-05/")
    assert "下载预填台账" in page.content.decode()
    url = f"/payroll/ledgers/template/{site.project.pk}/2026-05/"
    assert client.get(url).status_code == 405  # a GET never reveals anything
    response = client.post(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    load_workbook(io.BytesIO(response.content))


def test_the_marked_workbook_keeps_the_id_column_as_text_and_the_dropdowns(site):
    first, second, third = site.workers
    result = run(site, sheet(site, row(1, first, payable=2100), row(2, second), row(3, third)))
    marked = load_workbook(io.BytesIO(result.error_workbook())).worksheets[0]
    assert [marked[f"C{n}"].number_format for n in (3, 4, 5)] == ["@"] * 3
    assert marked["C4"].value == second.id_number_encrypted.reveal()
    validations = {str(v.sqref) for v in marked.data_validations.dataValidation}
    assert any(cells.startswith("J3:J50") for cells in validations)  # 发放方式
