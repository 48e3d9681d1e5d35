"""Creating and editing projects with their funding lines, positions and places.

What may be edited depends on the state (art. 11: after the plan is issued, content and scale
change only through an approved change request) and on who asks:

- in the reserve pool, whoever may propose projects and has the project in scope edits it;
- once reviewed or listed, only the district office edits (or returns it for changes);
- from approval until completion, the owner and the district office edit what carrying it out
  needs (contractor, collective, tender exemption, positions); content, scale, period and
  investment change through a change request (projects.services.changes);
- completed, accepted, maintained or withdrawn projects are not edited.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from projects import capabilities as caps
from projects import funds
from projects.choices import ProjectStatus
from projects.models import FundingLine, Position, Project
from projects.services.common import OUT_OF_SCOPE
from yiguoji import scope
from yiguoji.core import access, locks
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import District, Organisation
from yiguoji.core.roles import Role
from yiguoji.core.terms import terms

S = ProjectStatus

OWNER_KINDS = (
    OrgKind.PROJECT_UNIT,
    OrgKind.TOWNSHIP,
    OrgKind.VILLAGE_COMMITTEE,
    OrgKind.COLLECTIVE,
)  # fmt: skip  (art. 25)
CONTRACTOR_KINDS = (OrgKind.CONTRACTOR, OrgKind.COLLECTIVE)  # plan task 4: collectives may bid
COLLECTIVE_KINDS = (OrgKind.COLLECTIVE,)
DEPARTMENT_KINDS = (OrgKind.DEPARTMENT, OrgKind.DISTRICT_OFFICE)

PLAN_FIELDS = frozenset({
    "name", "year", "category", "sector", "segments", "owner", "department", "location",
    "content_and_scale", "work_relief_tasks", "social_benefit", "performance_targets",
    "planned_start", "planned_end", "total_investment", "planned_wage_total",
    "planned_local_jobs", "continues",
})  # fmt: skip
OPERATIONAL_FIELDS = frozenset({
    "contractor", "collective", "self_build", "tender_exempt", "tender_exempt_basis",
    "quality_unit", "quality_person",
})  # fmt: skip
ALL_FIELDS = PLAN_FIELDS | OPERATIONAL_FIELDS
# art. 11: what only an approved change request changes once the plan is issued.
CHANGE_REQUEST_FIELDS = frozenset({
    "content_and_scale", "total_investment", "planned_wage_total", "planned_local_jobs",
    "planned_start", "planned_end",
})  # fmt: skip

IMPLEMENTING = (S.APPROVED, S.STARTED, S.IN_PROGRESS)


@dataclass(frozen=True)
class FundingInput:
    source: str
    amount: Decimal
    is_special_fund: bool
    note: str = ""
    id: int | None = None


@dataclass(frozen=True)
class PositionInput:
    segment: str
    title: str
    headcount: int
    start_date: datetime.date
    end_date: datetime.date
    daily_wage: Decimal
    skills: str = ""
    id: int | None = None


@dataclass(frozen=True)
class EditScope:
    """What ``user`` may edit on a project now."""

    fields: frozenset[str]
    funding: bool
    positions: bool
    places: bool


def edit_scope(user, project: Project | None, *, can_change: bool | None = None) -> EditScope:
    """What ``user`` may edit, or PermissionDenied saying why nothing (``can_change``: the
    scope answer if the caller already has it)."""
    if project is None or project.pk is None:
        access.require(user, caps.PROPOSE)
        return EditScope(ALL_FIELDS, True, True, True)
    if can_change is None:
        can_change = scope.can(user, scope.CHANGE, project)
    if not can_change:
        raise PermissionDenied(OUT_OF_SCOPE)
    status = project.status
    if status == S.RESERVE:
        access.require(user, caps.PROPOSE)
        return EditScope(ALL_FIELDS, True, True, True)
    if status in (S.REVIEWED, S.LISTED):
        if access.has(user, caps.REVIEW):
            return EditScope(ALL_FIELDS, True, True, True)
        raise PermissionDenied(f"项目已通过前期审查，需修改的请联系{terms().office}退回修改")
    if status in IMPLEMENTING:
        if access.has(user, caps.IMPLEMENT):
            return EditScope(OPERATIONAL_FIELDS, False, True, False)
        raise PermissionDenied("项目已批复，建设内容、规模和投资的调整须提交变更申请（第十一条）")
    raise PermissionDenied(f"项目{project.get_status_display()}，不能再修改")


def organisation_choices(user, kinds: Sequence[str]):
    """Organisations of ``kinds`` that ``user`` may name on a project (owner rules below)."""
    qs = Organisation.objects.filter(kind__in=kinds, is_active=True).select_related("township")
    if kinds is OWNER_KINDS and user.role in (Role.PROJECT_UNIT, Role.CONTRACTOR):
        return qs.filter(pk=user.organisation_id)
    if kinds is OWNER_KINDS and user.role == Role.TOWNSHIP:
        return qs.filter(township_id=user.township_id)
    return qs


def _check_organisation(user, field: str, org, kinds, label: str) -> None:
    if org is None:
        return
    if not organisation_choices(user, kinds).filter(pk=org.pk).exists():
        raise ValidationError({field: f"“{org}”不能作为本项目的{label}"})


def _next_code(year: int) -> str:
    """YQ-2026-017: the district's prefix, the year, the next number (serialised per year)."""
    district = District.objects.first()
    if district is None:
        raise ValidationError("尚未载入区县基础数据，无法生成项目编号")
    prefix = f"{district.project_code_prefix}-{year}-"
    locks.hold("project_code", year)  # keyed by district: other districts never wait
    numbers = [
        int(code.removeprefix(prefix))
        for code in Project.objects.filter(code__startswith=prefix).values_list("code", flat=True)
        if code.removeprefix(prefix).isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def _validate_places(user, townships, villages) -> None:
    if not townships:
        raise ValidationError({"townships": "请选择项目所在乡镇"})
    township_ids = {t.pk for t in townships}
    if user.role == Role.TOWNSHIP and user.township_id not in township_ids:
        raise ValidationError({"townships": "乡镇只能申报位于本乡镇的项目（所在乡镇须包括本乡镇）"})
    for village in villages:
        if village.township_id not in township_ids:
            raise ValidationError({"villages": f"所选村“{village}”不在所选乡镇内"})


def _validate_funding(funding: Sequence[FundingInput], total_investment: Decimal) -> None:
    errors = []
    for number, line in enumerate(funding, start=1):
        why = funds.special_fund_allowed(line.source, line.is_special_fund)
        if why:
            errors.append(f"资金来源第{number}行：{why}")
        if line.amount <= 0:
            errors.append(f"资金来源第{number}行：金额须大于零")
    if funding:
        mismatch = funds.funding_mismatch(
            [{"amount": f.amount, "is_special_fund": f.is_special_fund} for f in funding],
            total_investment,
        )
        if mismatch:
            errors.append(mismatch)
    if errors:
        raise ValidationError(errors)


def _validate_positions(positions: Sequence[PositionInput]) -> None:
    errors = []
    for number, p in enumerate(positions, start=1):
        if p.end_date < p.start_date:
            errors.append(f"就业岗位第{number}行“{p.title}”：用工结束日期早于开始日期")
        if p.headcount < 1:
            errors.append(f"就业岗位第{number}行“{p.title}”：人数须至少为 1")
        if p.daily_wage <= 0:
            errors.append(f"就业岗位第{number}行“{p.title}”：日劳务报酬标准须大于零")
    if errors:
        raise ValidationError(errors)


def _sync_children(model, project: Project, inputs, build) -> None:
    """Update rows with an id, create new ones, delete the ones no longer listed."""
    existing = {row.pk: row for row in model.objects.filter(project=project)}
    keep = set()
    for item in inputs:
        values = build(item)
        if item.id and item.id in existing:
            row = existing[item.id]
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            for name in changed:
                setattr(row, name, values[name])
            if changed:
                row.full_clean(exclude=["project"])
                row.save(update_fields=changed)
            keep.add(item.id)
        else:
            row = model(project=project, **values)
            row.full_clean(exclude=["project"])
            row.save()
    for pk, row in existing.items():
        if pk in keep:
            continue
        try:
            row.delete()
        except ProtectedError:
            raise ValidationError(
                f"{model._meta.verbose_name}“{row}”已被劳务合同等记录引用，不能删除"
            ) from None


def project_save(
    *,
    acting_user,
    project: Project | None = None,
    fields: dict,
    townships=None,
    villages=None,
    funding: Sequence[FundingInput] | None = None,
    positions: Sequence[PositionInput] | None = None,
) -> Project:
    """Create (``project`` None) or update a project and, when given, its places, funding lines
    and positions, all in one transaction; refused as a whole if anything is wrong."""
    allowed = edit_scope(acting_user, project)
    changing = set(fields)
    if project is not None and project.pk:
        changing = {name for name, value in fields.items() if getattr(project, name) != value}
    forbidden = changing - allowed.fields
    if forbidden:
        names = "、".join(str(Project._meta.get_field(n).verbose_name) for n in sorted(forbidden))
        raise PermissionDenied(f"当前阶段不能修改：{names}")
    if (funding is not None and not allowed.funding) or (
        townships is not None and not allowed.places
    ):
        raise PermissionDenied("项目已批复，资金来源和建设地点的调整须提交变更申请（第十一条）")
    if positions is not None and not allowed.positions:
        raise PermissionDenied("当前阶段不能修改就业岗位")

    creating = project is None or project.pk is None
    with transaction.atomic(), acting_as(acting_user):
        if creating:
            project = Project(created_by=acting_user)
        for name, value in fields.items():
            setattr(project, name, value)
        if not project.owner_id:
            raise ValidationError({"owner": "请选择项目单位"})
        _check_organisation(acting_user, "owner", project.owner, OWNER_KINDS, "项目单位")
        if "contractor" in changing:
            _check_organisation(
                acting_user, "contractor", project.contractor, CONTRACTOR_KINDS, "施工单位"
            )
        if "collective" in changing:
            _check_organisation(
                acting_user, "collective", project.collective, COLLECTIVE_KINDS, "村集体经济组织"
            )
        if "department" in changing:
            _check_organisation(
                acting_user, "department", project.department, DEPARTMENT_KINDS, "行业主管部门"
            )
        if project.self_build and project.owner.kind not in (
            OrgKind.VILLAGE_COMMITTEE,
            OrgKind.COLLECTIVE,
        ):
            raise ValidationError(
                {"self_build": "村民自建须由村民委员会或村集体经济组织作为项目单位（第二十五条）"}
            )
        if creating:
            project.code = _next_code(project.year)
        project.full_clean(exclude=["code"] if creating else None)
        project.save()
        if townships is not None:
            villages = list(villages or [])
            _validate_places(acting_user, list(townships), villages)
            project.townships.set(townships)
            project.villages.set(villages)
        if funding is not None:
            _validate_funding(funding, project.total_investment)
            _sync_children(
                FundingLine,
                project,
                funding,
                lambda f: {"source": f.source, "amount": f.amount,
                           "is_special_fund": f.is_special_fund, "note": f.note},
            )  # fmt: skip
        elif "total_investment" in changing and project.funding_lines.exists():
            mismatch = funds.funding_mismatch(project.funding_lines.all(), project.total_investment)
            if mismatch:
                raise ValidationError(mismatch)
        if positions is not None:
            _validate_positions(positions)
            _sync_children(
                Position,
                project,
                positions,
                lambda p: {"segment": p.segment, "title": p.title, "headcount": p.headcount,
                           "skills": p.skills, "start_date": p.start_date,
                           "end_date": p.end_date, "daily_wage": p.daily_wage},
            )  # fmt: skip
        if not scope.can(acting_user, scope.CHANGE, project):
            raise ValidationError(
                "保存后该项目将不在您的权限范围内：项目须由本单位承担或位于本乡镇、本行业"
            )
    return project
