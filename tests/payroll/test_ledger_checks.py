"""The wage ledger's checks (payroll.services.ledger_checks): one test per rule, each finding
naming the person and the rule (plan tasks 4 and 9; art. 30, art. 50)."""

import datetime as dt
from decimal import Decimal

import pytest

from payroll import samples
from payroll.choices import PayMethod
from payroll.identity import card_index
from payroll.models import AttendanceMonth
from payroll.services import ledger_checks
from payroll.services.ledger_checks import ERROR, WARNING, check_lines, payable_for
from payroll.services.ledgers import ledger_create, ledger_replace_lines, ledger_submit
from tests.payroll.factories import WorkerFactory
from tests.payroll.ledger_site import MAY, TODAY, WORKED, build_site, other_project
from yiguoji.core.terms import terms

pytestmark = pytest.mark.django_db
DEADLINE = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def site(make_user):
    return build_site(make_user)


def check(site, lines):
    return check_lines(site.project, MAY, lines, pay_deadline=DEADLINE)


def only(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_a_correct_ledger_has_no_finding(site):
    assert check(site, site.lines()) == []


def test_a_person_not_hired_on_the_project_is_refused(site):
    stranger = WorkerFactory(name="赵有才")
    [finding] = only(check(site, [*site.lines(), site.line(stranger, days=Decimal("0"))]), "hired")
    assert finding.severity == ERROR and finding.worker_id == stranger.pk
    assert finding.message.startswith("赵有才：2026年5月未与本项目签订劳务合同（未招用）")


@pytest.mark.parametrize(
    ("days", "severity", "text"),
    [
        (Decimal("11"), ERROR, "王建军：台账11天，多于考勤记录的10天"),
        (Decimal("9"), WARNING, "王建军：台账9天，少于考勤记录的10天，可能少发劳务报酬"),
        (Decimal("32"), ERROR, "王建军：出勤32天，超过2026年5月的31天"),
        (Decimal("2.3"), ERROR, "王建军：出勤天数应为0或正数，最小单位0.5天，不能填2.3"),
    ],
)
def test_days_stay_within_the_month_and_the_attendance(site, days, severity, text):
    first = site.workers[0]
    lines = [site.line(first, days=days, payable=payable_for(days, Decimal("200")), paid=Decimal(0),
                       pay_date=None), *site.lines()[1:]]  # fmt: skip
    [finding] = only(check(site, lines), "days")
    assert (finding.severity, finding.message) == (severity, text)
    assert finding.column == "days"


def test_days_without_any_attendance_are_refused(site, make_user):
    newcomer = WorkerFactory(name="孙满仓")
    from tests.payroll.factories import LabourContractFactory

    LabourContractFactory(position=site.position, worker=newcomer)
    [finding] = only(check(site, [*site.lines(), site.line(newcomer)]), "days")
    assert finding.severity == ERROR
    assert "2026年5月在本项目没有考勤记录，不能按10天发放" in finding.message


def test_everyone_who_worked_must_be_listed(site):
    [finding] = only(check(site, site.lines()[1:]), "listed")
    assert finding.severity == ERROR and finding.worker_id == site.workers[0].pk
    assert "王建军：2026年5月在本项目出勤10天，台账中没有其劳务报酬" in finding.message


def test_payable_must_be_days_times_rate_to_the_fen(site):
    lines = site.lines()
    lines[0].payable = Decimal("2000.01")
    [finding] = only(check(site, lines), "payable")
    assert finding.message == ("王建军：应发金额应为出勤10天×200.00元=2,000.00元，不是2,000.01元")


def test_half_days_round_half_up_to_the_fen():
    assert payable_for(Decimal("0.5"), Decimal("150.25")) == Decimal("75.13")
    assert payable_for(Decimal("10.5"), Decimal("199.99")) == Decimal("2099.90")


def test_a_rate_other_than_the_contract_is_a_warning(site):
    lines = site.lines()
    lines[0].daily_rate, lines[0].payable = Decimal("180"), Decimal("1800.00")
    lines[0].paid = Decimal("1800.00")
    [finding] = only(check(site, lines), "rate")
    assert finding.severity == WARNING
    assert finding.message == "王建军：日劳务报酬180.00元，与劳务合同约定的200.00元不一致"


def test_paid_below_payable_is_arrears(site):
    lines = site.lines()
    lines[1].paid = Decimal("1500.00")
    [finding] = only(check(site, lines), "arrears")
    assert finding.severity == WARNING and finding.worker_id == site.workers[1].pk
    assert finding.message == (
        "李秀英：应发2,000.00元，实发1,500.00元，欠发500.00元（第三十条：足额发放，严禁拖欠）"
    )


def test_paid_above_payable_needs_an_explanation(site):
    lines = site.lines()
    lines[0].paid = Decimal("2300.00")
    [finding] = only(check(site, lines), "overpaid")
    assert finding.severity == WARNING


def test_money_for_no_days_is_refused(site, make_user):
    from tests.payroll.factories import LabourContractFactory

    idle = WorkerFactory(name="钱广田")
    LabourContractFactory(position=site.position, worker=idle)
    line = site.line(idle, days=Decimal("0"), payable=Decimal("0.00"), paid=Decimal("100.00"))
    [finding] = only(check(site, [*site.lines(), line]), "paid")
    assert finding.severity == ERROR
    assert finding.message == "钱广田：没有出勤天数，却实发100.00元（第五十条：不得虚报冒领）"


def test_pay_date_past_the_deadline_is_late(site):
    lines = site.lines()
    lines[2].pay_date = dt.date(2026, 6, 18)
    [finding] = only(check(site, lines), "late")
    assert finding.severity == WARNING
    assert finding.message == (
        "张春生：2026-06-18发放，晚于发放期限2026-06-15，属逾期发放（第三十条：及时发放）"
    )


@pytest.mark.parametrize(
    ("pay_date", "text"),
    [
        (None, "王建军：已实发2,000.00元，请填写发放日期"),
        (dt.date(2026, 6, 21), "王建军：发放日期2026-06-21晚于今天，台账只登记已发放的劳务报酬"),
        (
            dt.date(2026, 4, 30),
            "王建军：发放日期2026-04-30早于2026年5月，不能在务工之前发放本月劳务报酬",
        ),
    ],
)
def test_pay_dates_that_cannot_be_are_refused(site, pay_date, text):
    lines = site.lines()
    lines[0].pay_date = pay_date
    [finding] = only(check(site, lines), "pay_date")
    assert (finding.severity, finding.message) == (ERROR, text)


def test_deductions_are_refused(site):
    lines = site.lines()
    lines[0].deduction = Decimal("50")
    lines[1].remarks = "代扣伙食费50元"
    findings = only(check(site, lines), "deduction")
    assert [(f.worker_id, f.column, f.severity) for f in findings] == [
        (site.workers[0].pk, "deduction", ERROR),
        (site.workers[1].pk, "remarks", ERROR),
    ]
    assert findings[0].message == "王建军：扣款50.00元，劳务报酬不得克扣（第三十条）"
    assert findings[1].message == "李秀英：备注写有“代扣”，劳务报酬不得克扣（第三十条）"


def test_the_card_paid_into_must_be_the_workers_own(site):
    lines = site.lines()
    lines[0].card_index = card_index(samples.bank_card(777_777))
    [finding] = only(check(site, lines), "card")
    assert finding.severity == ERROR
    assert "王建军：银行卡号不是本人在名册中登记的银行卡" in finding.message


def test_a_worker_without_a_registered_card_cannot_be_paid_by_card(site):
    site.workers[0].set_bank_card(None)
    site.workers[0].save()
    [finding] = only(check(site, site.lines()), "card")
    assert "王建军：务工人员名册中没有登记本人银行卡" in finding.message


def test_another_method_needs_a_reason(site):
    lines = site.lines()
    lines[0].method = PayMethod.CASH
    [finding] = only(check(site, lines), "method")
    assert finding.message.startswith("王建军：以现金发放须写明原因")
    lines[0].method_reason = "本人银行卡挂失补办中，本人签字领取现金"
    assert only(check(site, lines), "method") == []


def test_machinery_rental_is_not_wages(site):
    lines = site.lines()
    lines[0].machinery = Decimal("600")
    lines[1].remarks = "含三轮车台班费"
    findings = only(check(site, lines), "machinery")
    assert [f.column for f in findings] == ["machinery", "remarks"]
    assert all(f.severity == ERROR and "（第三十条）" in f.message for f in findings)


def test_more_days_over_two_projects_than_the_month_has_is_suspected_false_hiring(
    site, make_user, district
):
    worker = site.workers[0]
    other_unit, other = other_project(make_user, worker, days=None)
    # The other project recorded May as a monthly total (no dates to compare day by day) and
    # has submitted 25 days; here 10 more make 35 > 31.
    AttendanceMonth.objects.create(
        project=other, worker=worker, month=MAY, days=Decimal("25"), by_day=False
    )
    other_ledger = ledger_create(acting_user=other_unit, project=other, month=MAY)
    other_ledger.lines.update(paid=Decimal("5000.00"), pay_date=dt.date(2026, 6, 5))
    ledger_submit(acting_user=other_unit, ledger=other_ledger)
    [finding] = only(check(site, site.lines()), "false_hiring")
    assert finding.severity == WARNING and finding.worker_id == worker.pk
    assert finding.message == (
        "王建军：本月在本项目10天，另在YQ-2026-202（25天）领取劳务报酬，合计35天超过"
        "2026年5月的31天，疑似虚报用工（第五十条），已列入区发展改革委核查清单"
    )


def test_the_same_dates_on_two_projects_are_suspected_false_hiring(site, make_user):
    worker = site.workers[0]
    # Attendance that never went through the per-day rule (e.g. entered before it existed).
    other_unit, other = other_project(make_user, worker, days=WORKED[:3])
    other_ledger = ledger_create(acting_user=other_unit, project=other, month=MAY)
    other_ledger.lines.update(paid=Decimal("600.00"), pay_date=dt.date(2026, 6, 5))
    ledger_submit(acting_user=other_unit, ledger=other_ledger)
    [finding] = only(check(site, site.lines()), "false_hiring")
    assert finding.message.startswith(
        "王建军：5月4日、5月5日、5月6日在本项目和YQ-2026-202都有全天出勤并领取劳务报酬"
    )


def test_drafts_of_other_projects_do_not_count(site, make_user):
    worker = site.workers[0]
    other_unit, other = other_project(make_user, worker, days=WORKED[:3])
    ledger_create(acting_user=other_unit, project=other, month=MAY)  # a draft: not stated yet
    assert only(check(site, site.lines()), "false_hiring") == []


@pytest.mark.parametrize("people", [3, 6])
def test_checks_run_a_fixed_number_of_queries(make_user, django_assert_num_queries, people):
    site = build_site(make_user, people=people)
    lines = site.lines()
    with django_assert_num_queries(4):
        assert check(site, lines) == []
    # People paid on another project too: one more query for their attendance dates.
    for n, worker in enumerate(site.workers):
        other_unit, other = other_project(
            make_user, worker, code=f"YQ-2026-3{n:02d}", days=WORKED[:1], tag=f"q{n}"
        )
        ledger = ledger_create(acting_user=other_unit, project=other, month=MAY)
        ledger.lines.update(paid=Decimal("200.00"), pay_date=dt.date(2026, 6, 5))
        ledger_submit(acting_user=other_unit, ledger=ledger)
    terms()  # the district's words (in the findings' text) are read once per process
    with django_assert_num_queries(5):
        findings = check(site, lines)
    assert {f.rule for f in findings} == {"false_hiring"} and len(findings) == people


def test_every_rule_is_one_function_in_one_list():
    names = [rule.__name__ for rule in ledger_checks.RULES]
    assert len(names) == len(set(names)) == 11


def test_an_upload_with_an_error_writes_nothing(site):
    lines = site.lines()
    lines[0].deduction = Decimal("10")
    with pytest.raises(ledger_checks_refused()):
        ledger_replace_lines(acting_user=site.unit, project=site.project, month=MAY, lines=lines)
    assert not site.project.wage_ledgers.exists()


def ledger_checks_refused():
    from payroll.services.ledgers import LedgerRefused

    return LedgerRefused
