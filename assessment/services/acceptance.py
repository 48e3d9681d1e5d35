"""Accepting a finished project (验收; art. 32, plan task 13).

Art. 32: the county development and reform department forms a working group with the departments
concerned, which checks construction quality, the organisation of local workers, the payment of
wages and skills training, and evaluates the project's relief effect.

A project cannot pass while any wage is unpaid or any wage complaint (``projects.Complaint``,
kinds in ``projects.choices.WAGE_KINDS``) is open (art. 30: 勞務報酬
……不得拖欠; plan task 9: 坚决杜绝拖欠克扣): the refusal lists every unpaid ledger line, every
month with attendance whose ledger is missing or not yet filed (its payment cannot be checked;
a project with people hired and no ledger at all is never "paid in full") and every open
complaint. A passed acceptance moves the project to 已验收 through the projects app's own
lifecycle service (``projects.services.lifecycle.project_transition``, action ``accept``),
which also checks the documents the year requires; the permanent public notice can then be
printed, and, when it has been posted, the project can go on to 管护 in the same step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from assessment.choices import AcceptanceResult
from assessment.models import Acceptance, AcceptanceDocument
from assessment.models.acceptance import FINDING_FIELDS
from assessment.periods import month_label
from assessment.services.common import clean_text
from payroll.choices import LedgerStatus
from payroll.models import AttendanceMonth, LabourContract, WageLedger, WageLine
from payroll.selectors.paid import with_paid
from projects import capabilities as project_caps
from projects.choices import ProjectStatus
from projects.models import Complaint, Project
from projects.services.lifecycle import project_transition
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.files import DOCUMENTS, check_upload
from yiguoji.formats import yuan

LISTED_LINES = 20  # the refusal names this many unpaid lines, then says how many more


class AcceptanceRefused(ValidationError):
    """The project may not pass acceptance; ``blockers`` lists each reason in Chinese."""

    def __init__(self, blockers: list[str]):
        self.blockers = blockers
        super().__init__("不能验收通过：" + "；".join(blockers))


def unpaid_lines(project: Project):
    """Lines paid short of payable, in the version that counts or the newest version of each
    month's ledger (a draft correction does not settle an arrear until it is submitted)."""
    ledgers = WageLedger.objects.filter(project=project)
    counted = Q(ledger__in=ledgers.counted()) | Q(ledger__in=ledgers.latest())
    lines = WageLine.objects.filter(counted)
    return (
        with_paid(lines)  # paid = credited by the bank (payroll.selectors.paid)
        .filter(paid_amount__lt=F("payable"))
        .select_related("worker", "ledger")
        .order_by("ledger__month", "ledger__version", "seq", "pk")
    )


def ledger_blockers(project: Project) -> list[str]:
    """Art. 32 checks wages paid, and only a filed ledger (plan task 9: 送项目主管部门备案) shows
    what was paid: every month with attendance needs one, and people hired with no ledger at
    all cannot read as paid in full."""
    latest = {
        ledger.month: ledger
        for ledger in WageLedger.objects.latest().filter(project=project).order_by("month")
    }
    worked = set(
        AttendanceMonth.objects.filter(project=project, days__gt=0)
        .values_list("month", flat=True)
        .distinct()
    )
    blockers = []
    for month in sorted(worked | set(latest)):
        ledger = latest.get(month)
        if ledger is None:
            blockers.append(
                f"{month_label(month)}有考勤，但没有劳务报酬发放台账，无法核实劳务报酬是否足额发放"
            )
        elif ledger.status in (LedgerStatus.DRAFT, LedgerStatus.RETURNED):
            blockers.append(
                f"{month_label(month)}劳务报酬发放台账尚未提交（{ledger.get_status_display()}），"
                "无法核实劳务报酬是否足额发放"
            )
        elif ledger.status != LedgerStatus.FILED:
            blockers.append(
                f"{month_label(month)}劳务报酬发放台账尚未备案（{ledger.get_status_display()}），"
                "备案后方可验收"
            )
    if not latest:
        hired = LabourContract.objects.filter(project=project).count()
        if hired:
            blockers.append(
                f"已招用务工人员 {hired} 人，但没有任何劳务报酬发放台账，"
                "无法核实劳务报酬是否足额发放"
            )
    return blockers


def acceptance_blockers(project: Project) -> list[str]:
    """Why ``project`` cannot pass acceptance now (empty when nothing stands in the way)."""
    blockers = []
    lines = list(unpaid_lines(project))
    for line in lines[:LISTED_LINES]:
        ledger = line.ledger
        version = f"第{ledger.version}版" if ledger.version > 1 else ""
        blockers.append(
            f"{month_label(ledger.month)}台账{version}第{line.seq}行 {line.worker.name}："
            f"应发 {yuan(line.payable)} 元，实发 {yuan(line.paid_amount)} 元，"
            f"欠发 {yuan(line.payable - line.paid_amount)} 元"
        )
    if len(lines) > LISTED_LINES:
        blockers.append(f"……另有 {len(lines) - LISTED_LINES} 行欠发劳务报酬")
    blockers += ledger_blockers(project)
    for complaint in (
        Complaint.objects.blocking_acceptance()
        .filter(project=project)
        .order_by("received_at", "pk")
    ):
        content = (
            complaint.content if len(complaint.content) <= 30 else complaint.content[:30] + "…"
        )
        blockers.append(
            f"{timezone.localtime(complaint.received_at):%Y-%m-%d}收到的{complaint.get_kind_display()}"
            f"投诉 {complaint.number}（{complaint.get_channel_display()}，"
            f"{complaint.get_status_display()}）尚未办结：{content}"
        )
    return blockers


def _check(values: dict, documents: list) -> list:
    """The documents' checked file types, or every error of the form at once."""
    errors = {}
    if values["accepted_on"] > timezone.localdate():
        errors["accepted_on"] = "验收日期不能晚于今天"
    if not values["group_leader"]:
        errors["group_leader"] = "请填写验收工作组组长"
    if not values["group_members"]:
        errors["group_members"] = "请填写验收工作组成员（第三十二条：会同有关部门组成验收工作组）"
    for name, label in FINDING_FIELDS:
        if not values[name]:
            errors[name] = f"请填写对“{label}”的验收意见（第三十二条）"
    if values["result"] not in AcceptanceResult.values:
        errors["result"] = "请选择验收结论"
    if not documents:
        errors["documents"] = "请上传验收报告（验收工作组签字的验收意见）等验收文件"
    if errors:
        raise ValidationError(errors)
    return [
        check_upload(upload, field="documents", what="验收文件", extensions=DOCUMENTS)
        for upload in documents
    ]


def acceptance_record(
    *,
    acting_user,
    project: Project,
    accepted_on: dt.date,
    group_leader: str,
    group_members: str,
    quality: str,
    worker_organisation: str,
    wage_payment: str,
    training: str,
    relief_effect: str,
    result: str,
    conclusion: str = "",
    documents: Iterable = (),
    start_maintenance: bool = False,
) -> Acceptance:
    """Record the working group's acceptance; when it passed, move the project to 已验收 (and to
    管护 when asked and the permanent notice has been posted). All or nothing."""
    access.require(acting_user, project_caps.ACCEPT)
    values = {
        "accepted_on": accepted_on,
        "group_leader": clean_text(group_leader),
        "group_members": clean_text(group_members),
        "quality": clean_text(quality),
        "worker_organisation": clean_text(worker_organisation),
        "wage_payment": clean_text(wage_payment),
        "training": clean_text(training),
        "relief_effect": clean_text(relief_effect),
        "result": result,
        "conclusion": clean_text(conclusion),
    }
    documents = [d for d in documents if d]
    types = _check(values, documents)
    with transaction.atomic(), acting_as(acting_user, action="assessment.acceptance"):
        locked = (
            scope.restrict(Project.objects.all(), acting_user, scope.CHANGE)
            .select_for_update(of=("self",))
            .filter(pk=project.pk)
            .first()
        )
        if locked is None:
            raise PermissionDenied("该项目不在您的权限范围内")
        if locked.status != ProjectStatus.COMPLETED:
            raise ValidationError(
                f"项目当前状态为“{locked.get_status_display()}”：只有已完工的项目才能验收"
            )
        passed = result == AcceptanceResult.PASSED
        if passed:
            blockers = acceptance_blockers(locked)
            if blockers:
                raise AcceptanceRefused(blockers)
            # The lifecycle's own checks (documents the year requires) run first, so that a
            # refusal there leaves no file behind.
            project_transition(
                acting_user=acting_user,
                project=locked,
                action="accept",
                reason=f"验收工作组{accepted_on:%Y年%m月%d日}验收合格（第三十二条）",
            )
            if start_maintenance:
                project_transition(acting_user=acting_user, project=locked, action="maintain")
        acceptance = Acceptance.objects.create(project=locked, recorded_by=acting_user, **values)
        for upload, file_type in zip(documents, types, strict=True):
            document = AcceptanceDocument(
                acceptance=acceptance,
                name=upload.name[:200],
                content_type=file_type.content_type,
                uploaded_by=acting_user,
            )
            document.file.save(upload.name, upload, save=False)
            document.save()
    project.status = locked.status
    return acceptance
