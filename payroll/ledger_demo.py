"""Demo wage ledgers: the last two months of every demo project with attendance, in every state
(filed, signed, submitted, returned, draft), with arrears, a late payment, a suspected
double-paid worker across two projects, a dedicated wage account, and the reminders due.

Everything goes through the services (the checks run), acting as the demo users where there
are some (岔道村委会's ``unit_chadao``, 妫水建筑's ``contractor_gs``, the departments'
``dept_water`` and ``dept_agri``) and as the system otherwise. Idempotent: a project-month that
has a ledger is left as it is.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from payroll.choices import PayMethod
from payroll.demo import SCAN
from payroll.models import (
    AttendanceMonth,
    LabourContract,
    PayrollYear,
    WageAccount,
    WageLedger,
    Worker,
)
from payroll.services import ledgers as service
from payroll.services.ledger_checks import ZERO
from payroll.services.reminders import ledger_reminders_send
from payroll.services.wage_accounts import wage_account_record
from projects.models import Project
from yiguoji.core import registry
from yiguoji.core.models import User
from yiguoji.core.roles import Role
from yiguoji.months import first_of, month_label, next_month, previous_month

# (project code, months ago) -> the state the demo leaves the ledger in, and what it shows.
PLAN = {
    ("YQ-2026-001", 2): ("filed", "arrears"),
    ("YQ-2026-001", 1): ("draft", ""),
    ("YQ-2026-002", 2): ("filed", ""),
    ("YQ-2026-002", 1): ("returned", ""),
    ("YQ-2026-008", 2): ("filed", "late"),
    ("YQ-2026-008", 1): ("signed", ""),
    ("YQ-2026-011", 2): ("filed", ""),
    ("YQ-2026-011", 1): ("submitted", ""),
    ("YQ-2026-013", 2): ("signed", ""),
    ("YQ-2026-013", 1): ("submitted", ""),
    ("YQ-2026-022", 2): ("filed", ""),
    ("YQ-2026-022", 1): ("signed", "double"),
}
ARREARS_NOTE = "工程进度款未到位，余款已与本人约定下月10日前补发"
LATE_NOTE = "本人银行卡挂失补办，卡片补办后发放"
DOUBLE_NOTE = "本人称两个项目轮流务工，请区发展改革委核实"
CASH_REASON = "本人尚未办理银行卡，现金发放，本人签字领取"


def _user(project, role_orgs) -> User | None:
    """The first demo user of the roles/organisations given, or None (the system)."""
    for role, org_id in role_orgs:
        if org_id is None:
            continue
        user = User.objects.filter(role=role, organisation_id=org_id, is_active=True).first()
        if user is not None:
            return user
    return None


def _preparer(project) -> User | None:
    return _user(
        project, ((Role.PROJECT_UNIT, project.owner_id), (Role.CONTRACTOR, project.contractor_id))
    )


def _department(project) -> User | None:
    return _user(project, ((Role.DEPARTMENT, project.department_id),))


def _pay_date(month: dt.date, late: bool = False) -> dt.date:
    day = next_month(month).replace(day=20 if late else 10)
    return min(day, timezone.localdate() - dt.timedelta(days=1))


def _double_paid(project, month: dt.date) -> None:
    """One worker of 葡萄园生产路 (YQ-2026-008) also on this project's books for the month:
    hired here and a monthly total entered from the paper attendance sheet, so that the two
    projects together pay more days than the month has (art. 50)."""
    other = Project.objects.filter(code="YQ-2026-008").first()
    position = project.positions.order_by("pk").first()
    row = (
        AttendanceMonth.objects.filter(project=other, month=month, days__gt=15)
        .exclude(worker__labour_contracts__project=project)
        .order_by("worker_id")
        .first()
    )
    if other is None or position is None or row is None:
        return
    LabourContract.objects.create(
        worker_id=row.worker_id,
        project=project,
        position=position,
        employer=project.contractor or project.owner,
        daily_wage=position.daily_wage,
        starts_on=min(position.start_date, month),
        ends_on=max(position.end_date, month),
        ranking="区内其他乡镇（演示：疑似重复领取）",
    )
    days = Decimal(31 - int(row.days) + 9)
    AttendanceMonth.objects.create(
        project=project, worker_id=row.worker_id, month=month, days=days, by_day=False
    )


def _lines(project, month: dt.date, show: str):
    lines = service.lines_from_attendance(project, month)
    cardless = set(
        Worker.objects.filter(
            pk__in=[line.worker_id for line in lines], bank_card_index__isnull=True
        ).values_list("pk", flat=True)
    )
    for index, line in enumerate(lines):
        line.paid, line.pay_date = line.payable, _pay_date(month)
        if line.worker_id in cardless:
            line.method, line.method_reason = PayMethod.CASH, CASH_REASON
        if show == "arrears" and index in (1, 4):
            line.paid = (line.payable * Decimal("0.6")).quantize(Decimal("1"))
            line.explanation = ARREARS_NOTE
        if show == "late" and index == 2:
            line.pay_date = _pay_date(month, late=True)
            line.explanation = LATE_NOTE
        if line.days == ZERO:
            line.paid, line.pay_date = ZERO, None
    return lines


def _explain_flagged(ledger) -> None:
    """Write the explanation the checks ask for on lines they warn about (the demo's own
    double-paid worker)."""
    for finding in service.submission_refusals(ledger, list(ledger.lines.all())):
        if finding.rule == "explain":
            ledger.lines.filter(worker_id=finding.worker_id).update(explanation=DOUBLE_NOTE)


def _seed_ledger(project, month: dt.date, state: str, show: str) -> WageLedger | None:
    unit, department = _preparer(project), _department(project)
    if show == "double":
        _double_paid(project, month)
    if state == "draft":
        return service.ledger_create(acting_user=unit, project=project, month=month)
    ledger = service.ledger_replace_lines(
        acting_user=unit, project=project, month=month, lines=_lines(project, month, show)
    )
    _explain_flagged(ledger)
    ledger = service.ledger_submit(acting_user=unit, ledger=ledger)
    if state == "submitted":
        return ledger
    if state == "returned":
        return service.ledger_return(
            acting_user=department,
            ledger=ledger,
            comments="请补充银行代发流水（加盖银行印章）后重新提交。",
        )
    ids = list(ledger.lines.values_list("pk", flat=True))
    if project.code == "YQ-2026-011":
        ledger = service.ledger_sign(
            acting_user=unit,
            ledger=ledger,
            scan=SimpleUploadedFile(f"{project.code}签字台账.pdf", SCAN),
        )
    else:
        service.ledger_confirm_lines(acting_user=unit, ledger=ledger, line_ids=ids)
        ledger = service.ledger_sign(acting_user=unit, ledger=ledger)
    if state == "signed":
        return ledger
    return service.ledger_file(acting_user=department, ledger=ledger, comment="已核对，准予备案")


@registry.demo_seeder(45, "劳务报酬发放台账")
def seed_ledgers(stdout) -> None:
    this_month = first_of(timezone.localdate())
    last_month = previous_month(this_month)
    months = {1: last_month, 2: previous_month(last_month)}
    PayrollYear.objects.get_or_create(year=this_month.year)
    projects = {p.code: p for p in Project.objects.filter(code__in={c for c, _ in PLAN})}
    made = []
    for (code, ago), (state, show) in sorted(PLAN.items(), key=lambda item: -item[0][1]):
        project, month = projects.get(code), months[ago]
        if project is None or WageLedger.objects.filter(project=project, month=month).exists():
            continue
        if not AttendanceMonth.objects.filter(project=project, month=month).exists():
            continue
        try:
            ledger = _seed_ledger(project, month, state, show)
        except ValidationError as error:  # the demo data changed under us: say so, go on
            stdout.write(f"  台账：{code} {month_label(month)}未生成：{error.messages[0]}")
            continue
        if ledger is not None:
            made.append(f"{code} {month_label(month)}{ledger.get_status_display()}")
    river = projects.get("YQ-2026-013")
    if river is not None and not WageAccount.objects.filter(project=river).exists():
        wage_account_record(
            acting_user=_preparer(river),
            project=river,
            bank="北京农商银行延庆支行",
            account_name="珍珠泉乡河道生态治理农民工工资专用账户",
            account_number="0301 0000 1234 5678 901",
            opened_on=river.planned_start or this_month,
        )
    reminders = ledger_reminders_send()
    stdout.write(
        f"  台账：新增 {len(made)} 份（{'；'.join(made) or '已存在'}）；提醒 {reminders} 条"
    )
