"""The wage ledger's workflow (payroll.services.ledgers): draft -> submitted -> signed -> filed
or returned; corrections as new versions; every step kept; the attendance lock (plan task 9)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from payroll.choices import LedgerStatus, PayMethod, SuspicionStatus
from payroll.models import AttendanceMonth, WageLedger, WageLine, WageSuspicion
from payroll.services.attendance import attendance_save_days, month_is_locked
from payroll.services.ledgers import (
    LedgerRefused,
    ledger_confirm_lines,
    ledger_correct,
    ledger_create,
    ledger_discard,
    ledger_file,
    ledger_replace_lines,
    ledger_return,
    ledger_sign,
    ledger_submit,
    line_update,
)
from payroll.services.suspicions import suspicion_review
from tests.payroll.ledger_site import MAY, RATE, TODAY, WORKED, build_site, other_project
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
S = LedgerStatus
PDF = b"%PDF-1.4\n% signed ledger\n"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def site(make_user):
    return build_site(make_user)


def uploaded(site, **changes) -> WageLedger:
    return ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines(**changes)
    )


def filed(site) -> WageLedger:
    ledger = uploaded(site)
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字.pdf", PDF))
    return ledger_file(acting_user=site.department, ledger=ledger)


def test_a_draft_is_made_from_attendance_times_the_contract_rate(site):
    ledger = ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    assert ledger.status == S.DRAFT and ledger.version == 1
    assert ledger.pay_deadline == dt.date(2026, 6, 15)
    rows = list(ledger.lines.values_list("worker__name", "days", "daily_rate", "payable", "paid"))
    assert rows == [
        (w.name, Decimal("10.0"), RATE, Decimal("2000.00"), Decimal("0.00"))
        for w in sorted(site.workers, key=lambda w: w.name)
    ]
    assert (ledger.workers, ledger.total_payable, ledger.total_paid) == (3, 6000, 0)
    assert ledger.total_arrears == Decimal("6000.00")
    line = ledger.lines.first()
    assert line.card_masked == line.worker.bank_card_masked and line.card_index is not None
    assert [step.action for step in ledger.steps.all()] == ["create"]


def test_only_the_projects_own_unit_or_contractor_drafts(site, make_user):
    with pytest.raises(PermissionDenied):
        ledger_create(acting_user=site.department, project=site.project, month=MAY)
    outsider = make_user(Role.PROJECT_UNIT, username="outsider")
    with pytest.raises(PermissionDenied):
        ledger_create(acting_user=outsider, project=site.project, month=MAY)
    assert ledger_create(acting_user=site.contractor, project=site.project, month=MAY)


def test_one_ledger_per_project_and_month(site):
    ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    with pytest.raises(ValidationError, match="2026年5月已有劳务报酬发放台账"):
        ledger_create(acting_user=site.unit, project=site.project, month=MAY)


def test_a_month_not_yet_begun_has_no_ledger(site):
    with pytest.raises(ValidationError, match="2026年7月尚未开始"):
        ledger_create(acting_user=site.unit, project=site.project, month=dt.date(2026, 7, 1))


def test_the_full_workflow_keeps_every_step(site):
    ledger = uploaded(site)
    assert ledger.total_paid == Decimal("6000.00") and ledger.total_arrears == 0
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ids = list(ledger.lines.values_list("pk", flat=True))
    assert ledger_confirm_lines(acting_user=site.contractor, ledger=ledger, line_ids=ids) == 3
    ledger_sign(acting_user=site.unit, ledger=ledger)
    ledger = ledger_file(acting_user=site.department, ledger=ledger, comment="材料齐全")
    assert ledger.status == S.FILED and ledger.filed_by == site.department
    steps = list(ledger.steps.values_list("action", "from_status", "to_status", "by__username"))
    assert steps == [
        ("upload", "draft", "draft", "unit"),
        ("submit", "draft", "submitted", "unit"),
        ("confirm", "submitted", "submitted", "builder"),
        ("sign", "submitted", "signed", "unit"),
        ("file", "signed", "filed", "dept"),
    ]
    # Each change is also in the audit trail (pghistory), attributed to its user.
    events = ledger.events.order_by("pgh_id").values_list("status", "pgh_context__metadata")
    assert [status for status, _ in events][-1] == "filed"
    assert events.last()[1]["username"] == "dept"


def test_signing_needs_every_confirmation_or_the_signed_scan(site):
    ledger = uploaded(site)
    ledger_submit(acting_user=site.unit, ledger=ledger)
    first = ledger.lines.order_by("seq").first()
    ledger_confirm_lines(acting_user=site.unit, ledger=ledger, line_ids=[first.pk])
    with pytest.raises(ValidationError, match="尚有2人未签字确认（李秀英、张春生）"):
        ledger_sign(acting_user=site.unit, ledger=ledger)
    with pytest.raises(
        ValidationError, match=r"签字台账扫描件“a\.txt”的类型不支持：只接受 JPG、PDF、PNG 文件"
    ):
        ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("a.txt", b"x"))
    ledger = ledger_sign(
        acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字台账.pdf", PDF)
    )
    assert ledger.status == S.SIGNED and ledger.signed_scan_name == "签字台账.pdf"
    assert ledger.get_signature_mode_display() == "上传签字台账扫描件"


def test_submission_is_refused_with_errors_and_unexplained_warnings(site):
    ledger = ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    with pytest.raises(LedgerRefused) as refused:
        ledger_submit(acting_user=site.unit, ledger=ledger)
    # Nothing paid yet: three arrears, none explained.
    assert [f.rule for f in refused.value.findings] == ["explain"] * 3
    assert (
        "王建军：应发2,000.00元，实发0.00元，欠发2,000.00元（第三十条：足额发放，严禁拖欠）。"
        "提交前须在该行“情况说明”中写明情况"
    ) in refused.value.messages
    for line in ledger.lines.all():
        line_update(
            acting_user=site.unit,
            line=line,
            revision=None,
            days=line.days,
            daily_rate=line.daily_rate,
            paid=Decimal("1500.00"),
            pay_date=dt.date(2026, 6, 10),
            method=PayMethod.BANK_CARD,
            explanation="工程款未到位，余款500元于7月10日前补发",
        )
    ledger.refresh_from_db()
    assert ledger.total_arrears == Decimal("1500.00")
    ledger = ledger_submit(acting_user=site.unit, ledger=ledger)
    assert ledger.status == S.SUBMITTED


def test_a_line_edit_that_breaks_a_rule_is_refused_and_nothing_changes(site):
    ledger = uploaded(site)
    line = ledger.lines.order_by("seq").first()
    with pytest.raises(LedgerRefused, match="王建军：台账12天，多于考勤记录的10天"):
        line_update(
            acting_user=site.unit,
            line=line,
            revision=ledger.revision,
            days=Decimal("12"),
            daily_rate=RATE,
            paid=Decimal("2400.00"),
            pay_date=dt.date(2026, 6, 10),
            method=PayMethod.BANK_CARD,
        )
    line.refresh_from_db()
    assert line.days == Decimal("10.0") and line.payable == Decimal("2000.00")


def test_the_department_returns_with_comments_and_the_signatures_go(site):
    ledger = uploaded(site)
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ids = list(ledger.lines.values_list("pk", flat=True))
    ledger_confirm_lines(acting_user=site.unit, ledger=ledger, line_ids=ids)
    ledger_sign(acting_user=site.unit, ledger=ledger)
    with pytest.raises(ValidationError):
        ledger_return(acting_user=site.department, ledger=ledger, comments="  ")
    ledger = ledger_return(
        acting_user=site.department, ledger=ledger, comments="请补充张春生的发放银行流水"
    )
    assert ledger.status == S.RETURNED and ledger.return_comments == "请补充张春生的发放银行流水"
    assert not ledger.lines.filter(signed=True).exists() and ledger.signature_mode == ""
    ledger = ledger_submit(acting_user=site.unit, ledger=ledger)
    assert ledger.status == S.SUBMITTED and ledger.return_comments == ""


def test_only_the_projects_department_files(site, make_user):
    ledger = uploaded(site)
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("s.pdf", PDF))
    other_department = make_user(Role.DEPARTMENT, username="forestry")
    with pytest.raises(PermissionDenied, match="该项目不由您单位主管"):
        ledger_file(acting_user=other_department, ledger=ledger)
    with pytest.raises(PermissionDenied):
        ledger_file(acting_user=site.unit, ledger=ledger)


def test_a_filed_ledger_is_never_edited_a_correction_is_a_new_version(site):
    ledger = filed(site)
    with pytest.raises(ValidationError, match="台账已备案，不能覆盖；如需更正"):
        ledger_replace_lines(
            acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
        )
    line = ledger.lines.first()
    with pytest.raises(ValidationError, match="备案"):
        line_update(
            acting_user=site.unit,
            line=line,
            revision=None,
            days=line.days,
            daily_rate=line.daily_rate,
            paid=line.paid,
            pay_date=line.pay_date,
            method=line.method,
        )
    with pytest.raises(ValidationError, match="请写明更正原因"):
        ledger_correct(acting_user=site.unit, ledger=ledger, reason="")
    second = ledger_correct(acting_user=site.unit, ledger=ledger, reason="张春生发放日期填错")
    assert (second.version, second.previous_id, second.status) == (2, ledger.pk, S.DRAFT)
    assert second.lines.count() == 3 and second.total_paid == ledger.total_paid
    with pytest.raises(ValidationError, match="已有更正版本"):
        ledger_correct(acting_user=site.unit, ledger=ledger, reason="再次更正")
    # The filed version still counts until the correction is submitted; then the correction.
    assert list(WageLedger.objects.counted()) == [ledger]
    second = ledger_replace_lines(
        acting_user=site.unit,
        project=site.project,
        month=MAY,
        lines=site.lines(pay_date=dt.date(2026, 6, 12)),
    )
    ledger_submit(acting_user=site.unit, ledger=second)
    assert list(WageLedger.objects.counted()) == [second]
    ledger.refresh_from_db()
    assert ledger.status == S.FILED and ledger.lines.filter(pay_date=dt.date(2026, 6, 10)).count()


def test_a_correction_never_submitted_can_be_given_up(site):
    ledger = filed(site)
    second = ledger_correct(acting_user=site.unit, ledger=ledger, reason="误操作")
    assert ledger_discard(acting_user=site.unit, ledger=second) == ledger
    assert not WageLedger.objects.filter(pk=second.pk).exists()
    with pytest.raises(ValidationError):
        ledger_discard(acting_user=site.unit, ledger=ledger)


def test_attendance_locks_when_the_months_ledger_is_filed(site):
    assert not month_is_locked(site.project, MAY)
    ledger = filed(site)
    assert month_is_locked(site.project, MAY)
    worker = site.workers[0]
    with pytest.raises(ValidationError, match="劳务报酬发放台账已备案，考勤已锁定"):
        attendance_save_days(
            acting_user=site.unit,
            project=site.project,
            month=MAY,
            days={worker.pk: {day: Decimal("1") for day in WORKED}},
        )
    # A correction in progress opens the month again; filing it locks it again.
    second = ledger_correct(acting_user=site.unit, ledger=ledger, reason="考勤漏记一天")
    assert not month_is_locked(site.project, MAY)
    attendance_save_days(
        acting_user=site.unit,
        project=site.project,
        month=MAY,
        days={worker.pk: {day: Decimal("1") for day in [*WORKED, dt.date(2026, 5, 18)]}},
    )
    assert AttendanceMonth.objects.get(worker=worker, project=site.project).days == 11
    first = second.lines.get(worker=worker)
    line_update(
        acting_user=site.unit,
        line=first,
        revision=None,
        days=Decimal("11"),
        daily_rate=RATE,
        paid=Decimal("2200.00"),
        pay_date=dt.date(2026, 6, 10),
        method=PayMethod.BANK_CARD,
    )
    ledger_submit(acting_user=site.unit, ledger=second)
    ledger_sign(acting_user=site.unit, ledger=second, scan=SimpleUploadedFile("s.pdf", PDF))
    ledger_file(acting_user=site.department, ledger=second)
    assert month_is_locked(site.project, MAY)
    assert not month_is_locked(site.project, dt.date(2026, 4, 1))


def test_suspicions_follow_the_counted_ledgers(site, make_user):
    worker = site.workers[0]
    other_unit, other = other_project(make_user, worker, days=None)
    AttendanceMonth.objects.create(
        project=other, worker=worker, month=MAY, days=Decimal("25"), by_day=False
    )
    theirs = ledger_create(acting_user=other_unit, project=other, month=MAY)
    theirs.lines.update(paid=Decimal("5000.00"), pay_date=dt.date(2026, 6, 5))
    ledger_submit(acting_user=other_unit, ledger=theirs)
    assert not WageSuspicion.objects.exists()  # 25 days alone are within the month
    ours = uploaded(site)
    for line in ours.lines.filter(worker=worker):
        line.explanation = "本人确认两个项目均有务工，请核实"
        line.save()
    ledger_submit(acting_user=site.unit, ledger=ours)
    suspicion = WageSuspicion.objects.get()
    assert (suspicion.worker, suspicion.kind, suspicion.status) == (worker, "days", "open")
    assert suspicion.detail == (
        "2026年5月在YQ-2026-202（25天）、YQ-2026-101（10天）领取劳务报酬，合计35天，超过当月的31天"
    ) or suspicion.detail == (
        "2026年5月在YQ-2026-101（10天）、YQ-2026-202（25天）领取劳务报酬，合计35天，超过当月的31天"
    )
    assert set(suspicion.ledgers.all()) == {theirs, ours}
    # The other project's department returns its ledger: it no longer counts, the flag resolves.
    other.department = site.department.organisation
    other.save()
    ledger_return(acting_user=site.department, ledger=theirs, comments="天数与考勤不符")
    suspicion.refresh_from_db()
    assert suspicion.status == SuspicionStatus.RESOLVED
    # Submitted again unchanged, the line now needs an explanation (it is flagged), and the
    # suspicion is open again for the district office.
    with pytest.raises(LedgerRefused, match="疑似虚报用工（第五十条）"):
        ledger_submit(acting_user=other_unit, ledger=theirs)
    theirs.lines.update(explanation="本人在两个项目轮班务工")
    ledger_submit(acting_user=other_unit, ledger=theirs)
    suspicion.refresh_from_db()
    assert suspicion.status == SuspicionStatus.OPEN
    district = make_user(Role.DISTRICT_OFFICE, username="fgw")
    with pytest.raises(ValidationError):
        suspicion_review(acting_user=district, suspicion=suspicion, status="confirmed", note="")
    with pytest.raises(PermissionDenied):
        suspicion_review(acting_user=site.unit, suspicion=suspicion, status="cleared", note="x")
    suspicion = suspicion_review(
        acting_user=district, suspicion=suspicion, status="confirmed", note="已移交区纪委监委"
    )
    assert suspicion.reviewed_by == district and suspicion.get_status_display() == "已查实"


def test_lines_are_stored_with_the_card_they_were_paid_into(site):
    ledger = uploaded(site)
    for line in WageLine.objects.filter(ledger=ledger).select_related("worker"):
        assert bytes(line.card_index) == bytes(line.worker.bank_card_index)
        assert line.card_encrypted.reveal() == line.worker.bank_card_encrypted.reveal()
    cash = ledger_replace_lines(
        acting_user=site.unit,
        project=site.project,
        month=MAY,
        lines=site.lines(method=PayMethod.CASH, method_reason="银行卡冻结，本人签收现金"),
    )
    assert not cash.lines.exclude(card_index=None).exists()
