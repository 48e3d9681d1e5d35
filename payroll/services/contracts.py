"""Hiring into a project's positions and the labour contracts (劳务合同).

Art. 28: local rural labour first, priority groups first among them (the ranked candidate list,
``payroll.selectors.hiring``). Art. 29: the owner makes the contractor sign labour contracts with
the workers. Art. 25: where a collective or labour cooperative organises the local labour (or the
villagers build themselves), it is the employer that signs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from payroll import capabilities as caps
from payroll.choices import ContractStatus
from payroll.models import AttendanceDay, LabourContract, Worker
from projects.choices import ProjectStatus
from yiguoji import files, scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.models import Organisation

# Hiring happens once a project is approved, through works and maintenance (plan task 3-4).
HIRING_STATUSES = frozenset(
    {
        ProjectStatus.APPROVED,
        ProjectStatus.STARTED,
        ProjectStatus.IN_PROGRESS,
        ProjectStatus.MAINTENANCE,
    }
)
MINIMUM_AGE = 16  # Labour Law art. 15: no employer may hire a minor under sixteen.
SCAN_MAX_MB = 10


def employer_choices(project) -> list[Organisation]:
    """Who may sign the workers' contracts on ``project`` (art. 25, art. 29), preferred first:
    the collective organising the labour, the contractor, then the project unit."""
    found: list[Organisation] = []
    for organisation in (project.collective, project.contractor, project.owner):
        if organisation is not None and organisation not in found:
            found.append(organisation)
    return found


def default_employer(project) -> Organisation:
    if project.self_build and project.collective is None:
        return project.owner  # villagers build themselves (art. 25)
    return employer_choices(project)[0]


def _check_hire(project, position, worker: Worker, starts_on, ends_on, employer) -> None:
    if project.status not in HIRING_STATUSES:
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，批复后才能招用务工人员"
        )
    if position.project_id != project.pk:
        raise ValidationError({"position": "该岗位不属于本项目"})
    if employer not in employer_choices(project):
        raise ValidationError(
            {"employer": "用工单位应为本项目的施工单位、项目单位或组织务工的村集体经济组织"}
        )
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "合同结束日期不能早于开始日期"})
    if starts_on < position.start_date or ends_on > position.end_date:
        raise ValidationError(
            f"合同期限应在岗位用工期限（{position.start_date:%Y-%m-%d}至"
            f"{position.end_date:%Y-%m-%d}）之内"
        )
    age = worker.age_on(starts_on)
    if age < MINIMUM_AGE:
        raise ValidationError(f"{worker.name}在合同开始时未满{MINIMUM_AGE}周岁，不能招用")


def contract_hire(
    *,
    acting_user,
    project,
    position,
    worker: Worker,
    starts_on: dt.date,
    ends_on: dt.date,
    employer: Organisation | None = None,
    ranking: str = "",
) -> LabourContract:
    """Hire ``worker`` into ``position``: a labour contract, to be signed and scanned later."""
    access.require(acting_user, caps.HIRE)
    if not scope.can(acting_user, scope.CHANGE, project):
        raise PermissionDenied("您不能为该项目招用务工人员")
    employer = employer or default_employer(project)
    _check_hire(project, position, worker, starts_on, ends_on, employer)
    try:
        with transaction.atomic(), acting_as(acting_user):
            # Lock the position so that two hires cannot both take its last place.
            type(position).objects.select_for_update().get(pk=position.pk)
            hired = LabourContract.objects.filter(
                position=position, status=ContractStatus.ACTIVE
            ).count()
            if hired >= position.headcount:
                raise ValidationError(
                    f"岗位“{position.title}”计划用工 {position.headcount} 人，已招满"
                )
            contract = LabourContract.objects.create(
                worker=worker,
                project=project,
                position=position,
                employer=employer,
                daily_wage=position.daily_wage,
                starts_on=starts_on,
                ends_on=ends_on,
                ranking=ranking[:200],
                created_by=acting_user,
            )
    except IntegrityError:
        raise ValidationError(f"{worker.name}已在本项目在岗，不能重复招用") from None
    return contract


def check_scan(upload, label: str = "合同扫描件") -> None:
    """A signed scan must be a real PDF, JPG or PNG (by its first bytes), at most 10 MB."""
    files.check_upload(upload, field="scan", what=label, extensions=files.SCANS,
                       limit_mb=SCAN_MAX_MB)  # fmt: skip


def contract_sign(
    *, acting_user, contract: LabourContract, signed_on: dt.date, scan=None
) -> LabourContract:
    """Record the signing date and the scan of the signed contract (art. 29)."""
    access.require(acting_user, caps.HIRE)
    if scan is None and not contract.scan:
        raise ValidationError({"scan": "请上传签字后的劳务合同扫描件"})
    if scan is not None:
        check_scan(scan)
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": "签订日期不能晚于今天"})
    with transaction.atomic(), acting_as(acting_user):
        locked = LabourContract.objects.select_for_update().get(pk=contract.pk)
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("您不能修改该劳务合同")
        locked.signed_on = signed_on
        if scan is not None:
            old = locked.scan.name if locked.scan else ""
            locked.scan.save(scan.name, scan, save=False)
            locked.scan_name = PurePath(scan.name).name[:200]
            if old:
                transaction.on_commit(lambda: locked.scan.storage.delete(old))
        locked.save()
    return locked


def contract_end(*, acting_user, contract: LabourContract, ended_on: dt.date) -> LabourContract:
    """End a contract early (the worker leaves); attendance after ``ended_on`` is refused."""
    access.require(acting_user, caps.HIRE)
    if ended_on < contract.starts_on:
        raise ValidationError({"ended_on": "解除日期不能早于合同开始日期"})
    with transaction.atomic(), acting_as(acting_user):
        locked = LabourContract.objects.select_for_update().get(pk=contract.pk)
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("您不能修改该劳务合同")
        if locked.status != ContractStatus.ACTIVE:
            raise ValidationError("该劳务合同已解除")
        last_worked = (
            AttendanceDay.objects.filter(project_id=locked.project_id, worker_id=locked.worker_id)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
        if last_worked and last_worked > ended_on:
            raise ValidationError(
                {"ended_on": f"已登记{last_worked:%Y-%m-%d}的考勤，解除日期不能早于该日"}
            )
        locked.status = ContractStatus.ENDED
        locked.ended_on = min(ended_on, locked.ends_on)
        locked.save(update_fields=["status", "ended_on"])
    return locked
