"""Home-page to-dos of the payroll app (registry.home_tasks)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from payroll import capabilities as caps
from payroll.models import LabourContract, SurveyResponse, SurveyRound, Worker
from payroll.selectors.attendance import attendance_projects_for
from yiguoji import scope
from yiguoji.core import access, registry
from yiguoji.core.registry import HomeTask
from yiguoji.core.roles import Role
from yiguoji.months import first_of, month_label


@registry.home_tasks
def survey_answers_to_enter(user) -> list[HomeTask]:
    """A township: its registered people without an answer in a survey round that is open."""
    if user.role != Role.TOWNSHIP or not access.has(user, caps.ENTER_SURVEY):
        return []
    tasks = []
    for survey_round in SurveyRound.objects.filter(status="open").order_by("ends_on")[:3]:
        answered = SurveyResponse.objects.filter(round=survey_round, worker=OuterRef("pk"))
        missing = (
            Worker.objects.filter(township_id=user.township_id).exclude(Exists(answered)).count()
        )
        if missing:
            tasks.append(
                HomeTask(
                    f"“{survey_round.name}”：本乡镇有已登记人员尚未填写调查",
                    reverse("payroll:survey_ledger", args=[survey_round.pk]),
                    missing,
                    "warning",
                    f"截止日期 {survey_round.ends_on:%Y-%m-%d}",
                )
            )
    return tasks


@registry.home_tasks
def attendance_to_complete(user) -> list[HomeTask]:
    """A project unit or contractor: projects whose last month's attendance is incomplete."""
    if not access.has(user, caps.KEEP_ATTENDANCE):
        return []
    last_month = first_of(first_of(timezone.localdate()) - dt.timedelta(days=1))
    projects = attendance_projects_for(user, last_month).filter(
        pk__in=scope.restrict(_projects(), user, scope.CHANGE).values("pk")
    )
    incomplete = projects.filter(entered__lt=F("hired")).count()
    if not incomplete:
        return []
    url = reverse("payroll:attendance_projects") + f"?month={last_month:%Y-%m}"
    return [
        HomeTask(
            f"{month_label(last_month)}考勤尚未录入完整的项目",
            url,
            incomplete,
            "warning",
            "每位在岗务工人员每月都应登记考勤（没有出勤也填0）",
        )
    ]


@registry.home_tasks
def contracts_to_sign(user) -> list[HomeTask]:
    """A project unit or contractor: active contracts without the signed scan (art. 29)."""
    if not access.has(user, caps.HIRE):
        return []
    count = (
        scope.restrict(LabourContract.objects.filter(status="active"), user, scope.CHANGE)
        .filter(Q(scan="") | Q(signed_on__isnull=True))
        .count()
    )
    if not count:
        return []
    return [
        HomeTask(
            "劳务合同尚未上传签字扫描件",
            reverse("payroll:contracts") + "?signed=no&status=active",
            count,
            "warning",
            "第二十九条：督促施工单位与务工群众签订劳务合同",
        )
    ]


def _projects():
    from projects.models import Project

    return Project.objects.all()


@registry.home_tasks
def ledgers_to_do(user) -> list[HomeTask]:
    """Ledgers waiting for this user: returned or not yet signed (project unit, contractor),
    to file (department), suspicions to look into (district office)."""
    from payroll.models import WageLedger, WageSuspicion

    tasks = []
    if access.has(user, caps.PREPARE_LEDGERS):
        mine = scope.restrict(WageLedger.objects.latest(), user, scope.CHANGE)
        for status, label, level, hint in (
            ("returned", "劳务报酬发放台账被主管部门退回", "danger", "请按退回意见修改后重新提交"),
            ("draft", "劳务报酬发放台账草稿尚未提交", "warning", "填写实发金额和发放日期后提交"),
            ("submitted", "已提交的台账尚未完成务工人员签字确认", "info",
             "打印签字表组织务工人员签字，登记后报主管部门备案"),
        ):  # fmt: skip
            count = mine.filter(status=status).count()
            if count:
                url = reverse("payroll:ledgers") + f"?status={status}"
                tasks.append(HomeTask(label, url, count, level, hint))
    if access.has(user, caps.FILE_LEDGERS):
        count = scope.restrict(
            WageLedger.objects.filter(status__in=["submitted", "signed"]), user, scope.CHANGE
        ).count()
        if count:
            tasks.append(
                HomeTask(
                    "劳务报酬发放台账待备案",
                    reverse("payroll:ledger_inbox"),
                    count,
                    "warning",
                    "重点任务9：台账经务工人员签字确认后送主管部门备案",
                )
            )
    if access.has(user, caps.REVIEW_SUSPICIONS):
        count = scope.restrict(WageSuspicion.objects.filter(status="open"), user).count()
        if count:
            tasks.append(
                HomeTask(
                    "虚报用工疑点待核查",
                    reverse("payroll:suspicions") + "?status=open",
                    count,
                    "danger",
                    "同一人同月在多个项目领取劳务报酬超过当月天数（第五十条）",
                )
            )
    return tasks


SAFEGUARD_WATCHERS = frozenset(
    {Role.DISTRICT_OFFICE, Role.FINANCE, Role.PROJECT_UNIT, Role.CONTRACTOR}
)


@registry.home_tasks
def safeguards_missing(user) -> list[HomeTask]:
    """Projects hiring without the wage pledge, or above the scale without a dedicated wage
    account (plan task 9): for the district office, finance and the project's own units."""
    if user.role not in SAFEGUARD_WATCHERS or not access.has(user, caps.VIEW_LEDGERS):
        return []
    from payroll.selectors.ledgers import safeguards_for

    count = safeguards_for(user).filter(missing=1).count()
    if not count:
        return []
    return [
        HomeTask(
            "项目缺农民工工资支付承诺书或工资专用账户",
            reverse("payroll:safeguards") + "?missing=yes",
            count,
            "warning",
            "重点任务9：签订工资支付承诺书，规模以上项目设置农民工工资专用账户",
        )
    ]


@registry.home_tasks
def cards_to_correct(user) -> list[HomeTask]:
    """The township (its people) and the payer's side (people hired on its projects): cards the
    bank answered as mismatched in a name-account check (户名校验, issue 13 item 1), and cards
    whose check is older than the district's validity (to be checked again); one query."""
    if user.role not in (Role.TOWNSHIP, Role.PROJECT_UNIT, Role.CONTRACTOR):
        return []
    if not access.has(user, caps.VIEW_PAYMENTS):
        return []
    from django.db.models import Count, Q

    from payroll.choices import CARD_EXPIRED, CARD_MISMATCH
    from payroll.selectors.account_checks import card_mismatches_for

    counts = (
        card_mismatches_for(user)
        .order_by()
        .aggregate(
            mismatched=Count("pk", filter=Q(card_state__in=CARD_MISMATCH)),
            expired=Count("pk", filter=Q(card_state=CARD_EXPIRED)),
        )
    )
    tasks = []
    if counts["mismatched"]:
        tasks.append(
            HomeTask(
                "户名校验不符、须更正的银行卡",
                reverse("payroll:card_mismatches"),
                counts["mismatched"],
                "danger",
                "户名不符、账户销户、冻结或账号不存在：更正后重新校验，才能代发劳务报酬",
            )
        )
    if counts["expired"]:
        tasks.append(
            HomeTask(
                "户名校验已过期、须重新校验的银行卡",
                reverse("payroll:card_mismatches"),
                counts["expired"],
                "warning",
                "户名校验超过区里规定的有效期：请与本人核实银行卡仍在使用，由付款单位重新送银行校验后才能代发",
            )
        )
    return tasks


@registry.home_tasks
def batches_waiting_for_the_bank(user) -> list[HomeTask]:
    """The district office and the payer's side: batches sent more than a few days ago whose
    reply is not complete (issue 13 item 9)."""
    if user.role not in (Role.DISTRICT_OFFICE, Role.PROJECT_UNIT, Role.CONTRACTOR):
        return []
    if not access.has(user, caps.VIEW_PAYMENTS):
        return []
    from payroll.models import PaymentRules
    from payroll.selectors.payments import overdue_since, unreconciled_for

    count = unreconciled_for(user).filter(sent_at__lt=overdue_since()).count()
    if not count:
        return []
    days = PaymentRules.current().reply_overdue_days  # the district's number (issue 13)
    return [
        HomeTask(
            f"发送银行超过{days}天仍未全部回盘的代发批次",
            reverse("payroll:unreconciled"),
            count,
            "warning",
            "请向付款银行索取回盘文件并导入：以银行入账为准才算发放",
        )
    ]
