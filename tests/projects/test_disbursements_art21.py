"""The disbursement ledger and the district's view of funds idle or spent ahead of progress
(issue 11 item 9; safeguard (二): 联合财政、审计部门对资金使用、项目进度……进行督导; art. 21: 按照
以工代赈计划拨付资金……严格资金拨付程序，确保资金安全、及时、准确、规范使用)."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assessment.choices import ReportStatus
from assessment.models import MonthlyReport
from assessment.selectors.funds import funds_watch
from projects.choices import FundSource, ProjectStatus
from projects.funds import FundsProgress, funds_warnings
from projects.models import Disbursement, ProgrammeYear
from projects.services.disbursements import disbursement_record, disbursement_reverse
from projects.services.programme import programme_year_save

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 15)
WATCH = {"idle_share": D("0.50"), "idle_days": 60, "lag_points": 20, "ahead_points": 15}


@pytest.fixture
def approved(make_project, programme):
    """Central 600,000 + district 400,000 (make_project's lines), approved."""
    ProgrammeYear.objects.filter(pk=programme.pk).update(**WATCH)
    return make_project(status=ProjectStatus.APPROVED)


def _line(project, source):
    return project.funding_lines.get(source=source)


def _pay(cast, project, source, amount, on=dt.date(2026, 5, 1), user=None):
    return disbursement_record(
        acting_user=user or cast.finance, funding_line=_line(project, source), amount=D(amount),
        disbursed_on=on, payer="区财政局", payee="岔道村村民委员会", voucher="CZ-1", today=TODAY,
    )  # fmt: skip


def test_art_21_finance_records_a_transfer_from_whom_to_whom_audited(cast, approved):
    row = _pay(cast, approved, FundSource.CENTRAL_BUDGET, "240000")
    assert (row.project, row.amount, row.payer, row.payee) == (
        approved,
        D("240000"),
        "区财政局",
        "岔道村村民委员会",
    )
    assert row.recorded_by == cast.finance
    event = Disbursement.pgh_event_model.objects.get(pgh_obj_id=row.pk)  # the audit trigger
    assert event.pgh_label == "insert" and event.amount == D("240000")


def test_art_21_never_more_than_the_funding_line_arranges(cast, approved):
    _pay(cast, approved, FundSource.CENTRAL_BUDGET, "500000")
    with pytest.raises(ValidationError) as refused:
        _pay(cast, approved, FundSource.CENTRAL_BUDGET, "100000.01")
    assert "已拨付 500,000.00 元" in str(refused.value)
    assert "超出计划 0.01 元" in str(refused.value)
    _pay(cast, approved, FundSource.CENTRAL_BUDGET, "100000")  # exactly the plan is fine


def test_art_21_not_before_approval_nor_in_the_future(cast, make_project, programme):
    listed = make_project(status=ProjectStatus.LISTED)
    with pytest.raises(ValidationError, match="批复后方可拨付资金"):
        _pay(cast, listed, FundSource.CENTRAL_BUDGET, "1000")
    approved = make_project(status=ProjectStatus.APPROVED)
    with pytest.raises(ValidationError, match="晚于今天"):
        _pay(cast, approved, FundSource.CENTRAL_BUDGET, "1000", on=TODAY + dt.timedelta(days=1))


def test_art_21_only_finance_or_the_district_office_records(cast, approved):
    for role in ("township", "project_unit", "contractor", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            _pay(cast, approved, FundSource.CENTRAL_BUDGET, "1000", user=cast.users[role])
    _pay(cast, approved, FundSource.CENTRAL_BUDGET, "1000", user=cast.district_office)


def test_art_21_a_wrong_transfer_is_reversed_never_edited(cast, approved):
    row = _pay(cast, approved, FundSource.DISTRICT, "400000")
    reversal = disbursement_reverse(acting_user=cast.finance, disbursement=row, reason="重复登记")
    assert reversal.amount == D("-400000") and reversal.reverses == row
    assert Disbursement.objects.get(pk=row.pk).amount == D("400000")  # the original stays
    with pytest.raises(ValidationError, match="已冲销"):
        disbursement_reverse(acting_user=cast.finance, disbursement=row, reason="再冲")
    _pay(cast, approved, FundSource.DISTRICT, "400000")  # the line is whole again


# --- the warnings, computed by hand ---------------------------------------------------------


def _programme(**values):
    return ProgrammeYear(year=2026, wage_share_target=D("0.3"), **{**WATCH, **values})


def test_safeguard_2_idle_funds_by_hand():
    # disbursed 600,000 of 1,000,000; spent 200,000: 400,000 idle = 66.7% of 600,000 > 50%,
    # the last transfer 90 days ago >= 60 days
    figures = FundsProgress(D("1000000"), D("600000"), D("200000"), 50, TODAY - dt.timedelta(90))
    (idle,) = funds_warnings(figures, _programme(), TODAY)
    assert idle.code == "idle"
    assert "400,000.00 元（占已拨付 66.7%）尚未支出" in idle.text
    # 59 days ago: not yet idle by the district's rule
    figures.last_disbursed_on = TODAY - dt.timedelta(59)
    assert funds_warnings(figures, _programme(), TODAY) == []
    # at exactly 50% idle (300,000 of 600,000) nothing is said: "超过" means more than
    figures = FundsProgress(D("1000000"), D("600000"), D("300000"), 50, TODAY - dt.timedelta(90))
    assert funds_warnings(figures, _programme(), TODAY) == []


def test_safeguard_2_disbursement_lagging_behind_the_works_by_hand():
    # 100,000 of 1,000,000 disbursed = 10.0%; works at 40%: 30 points > 20
    figures = FundsProgress(D("1000000"), D("100000"), D("90000"), 40, TODAY)
    (lag,) = funds_warnings(figures, _programme(), TODAY)
    assert lag.code == "lag" and lag.text == "形象进度 40%，拨付进度 10.0%，拨付滞后 30.0 个百分点"
    assert funds_warnings(figures, _programme(lag_points=30), TODAY) == []  # 30 is not > 30


def test_safeguard_2_spending_ahead_of_the_works_by_hand():
    # spent 700,000 of 1,000,000 = 70.0%; works at 50%: 20 points > 15
    figures = FundsProgress(D("1000000"), D("800000"), D("700000"), 50, TODAY)
    (ahead,) = funds_warnings(figures, _programme(), TODAY)
    assert ahead.code == "ahead" and "支出超前 20.0 个百分点" in ahead.text
    # a blank threshold is the district switching the warning off
    assert funds_warnings(figures, _programme(ahead_points=None), TODAY) == []


def test_safeguard_2_thresholds_are_the_districts_data(cast, programme):
    saved = programme_year_save(
        acting_user=cast.district_office, year=2026, wage_share_target=D("0.3"),
        wage_account_threshold=None, notice_days=7,
        funds_watch={"idle_share": D("0.4"), "idle_days": 30, "lag_points": 10,
                     "ahead_points": None},
    )  # fmt: skip
    assert (saved.idle_share, saved.idle_days, saved.lag_points, saved.ahead_points) == (
        D("0.4"),
        30,
        10,
        None,
    )
    with pytest.raises(ValidationError):
        programme_year_save(
            acting_user=cast.district_office, year=2026, wage_share_target=D("0.3"),
            wage_account_threshold=None, notice_days=7, funds_watch={"idle_share": D("1.5")},
        )  # fmt: skip


def test_safeguard_2_the_districts_view_reads_the_ledger_and_the_confirmed_report(cast, approved):
    # 900,000 disbursed at once, the unit has spent 150,000 with the works at 30%
    _pay(cast, approved, FundSource.CENTRAL_BUDGET, "600000", on=dt.date(2026, 5, 1))
    _pay(cast, approved, FundSource.DISTRICT, "300000", on=dt.date(2026, 5, 1))
    MonthlyReport.objects.create(
        project=approved, month=dt.date(2026, 9, 1), computed_at=timezone.now(),
        due_on=dt.date(2026, 10, 25), status=ReportStatus.CONFIRMED,
        investment_completed=D("150000"), progress=30,
    )  # fmt: skip
    (row,) = funds_watch(cast.district_office, today=TODAY)
    assert (row.figures.arranged, row.figures.disbursed, row.figures.spent) == (
        D("1000000"),
        D("900000"),
        D("150000"),
    )
    assert row.figures.disbursed_pct == D("90.0") and row.figures.idle == D("750000")
    assert row.codes == {"idle"}  # 750,000 / 900,000 = 83.3% idle; 30% works vs 90% paid
    assert funds_watch(cast.district_office, warning="lag", today=TODAY) == []
    assert funds_watch(cast.users["other_township"], today=TODAY) == []  # scope: not B's project


def test_safeguard_2_pages(cast, approved, client_for):
    finance = client_for(cast.finance)
    url = reverse("projects:disbursements", args=[approved.pk])
    line = _line(approved, FundSource.CENTRAL_BUDGET)
    response = finance.post(url, {
        "funding_line": line.pk, "amount": "120000", "disbursed_on": "2026-05-01",
        "payer": "区财政局", "payee": "岔道村村民委员会", "voucher": "CZ-9",
    })  # fmt: skip
    assert response.status_code == 302
    assert Disbursement.objects.get().amount == D("120000")
    page = finance.get(url).content.decode()
    assert "区财政局 → 岔道村村民委员会" in page and "CZ-9" in page
    assert "登记拨付" in page
    unit_page = client_for(cast.project_unit).get(url).content.decode()
    assert "120,000.00" in unit_page and "登记拨付" not in unit_page  # reads, never records
    assert client_for(cast.project_unit).post(url, {}).status_code == 403
    watch = client_for(cast.district_office).get(reverse("assessment:funds")).content.decode()
    assert approved.code in watch and "资金拨付与进度" in watch
