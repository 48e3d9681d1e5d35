"""Change requests (art. 11): after the plan is issued, content and scale change only with the
approving department's approval. The request keeps the old and the new values; an approved
request applies the new ones."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import ChangeStatus, ProjectStatus
from projects.models import ChangeRequest, FundingLine, Project
from projects.services.common import OUT_OF_SCOPE, require_project_change
from projects.services.projects import FundingInput, _validate_funding
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as

S = ProjectStatus
# From the annual list (the plan is issued) until the works are finished.
CHANGEABLE_STATES = (S.LISTED, S.APPROVED, S.STARTED, S.IN_PROGRESS)
FIELDS = ("content_and_scale", "total_investment", "planned_wage_total", "planned_local_jobs",
          "planned_start", "planned_end")  # fmt: skip


def _snapshot(project: Project) -> dict:
    values = {name: getattr(project, name) for name in FIELDS}
    values["funding"] = [
        {"source": f.source, "amount": str(f.amount), "is_special_fund": f.is_special_fund,
         "note": f.note}
        for f in project.funding_lines.order_by("id")
    ]  # fmt: skip
    return {
        k: (str(v) if isinstance(v, (Decimal, datetime.date)) else v) for k, v in values.items()
    }


def change_request_submit(
    *,
    acting_user,
    project: Project,
    reason: str,
    content_and_scale: str,
    total_investment: Decimal,
    planned_wage_total: Decimal,
    planned_local_jobs: int,
    planned_start: datetime.date | None,
    planned_end: datetime.date | None,
    funding: Sequence[FundingInput],
) -> ChangeRequest:
    require_project_change(acting_user, caps.REQUEST_CHANGE, project)
    if project.status not in CHANGEABLE_STATES:
        raise ValidationError(
            f"项目{project.get_status_display()}，不能申请变更"
            + ("：列入年度清单前可直接修改项目" if project.status == S.RESERVE else "")
        )
    if not reason.strip():
        raise ValidationError({"reason": "请填写变更理由"})
    if planned_start and planned_end and planned_end < planned_start:
        raise ValidationError({"planned_end": "计划完工日期不能早于计划开工日期"})
    if not funding:
        raise ValidationError("请填写变更后的资金来源")
    _validate_funding(funding, total_investment)
    proposed = {
        "content_and_scale": content_and_scale.strip(),
        "total_investment": str(total_investment),
        "planned_wage_total": str(planned_wage_total),
        "planned_local_jobs": planned_local_jobs,
        "planned_start": str(planned_start) if planned_start else None,
        "planned_end": str(planned_end) if planned_end else None,
        "funding": [
            {"source": f.source, "amount": str(f.amount), "is_special_fund": f.is_special_fund,
             "note": f.note}
            for f in funding
        ],
    }  # fmt: skip
    previous = _snapshot(project)
    if _same(previous, proposed):
        raise ValidationError("变更后的内容与现有内容相同，无需申请变更")
    with transaction.atomic(), acting_as(acting_user):
        try:
            with transaction.atomic():
                return ChangeRequest.objects.create(
                    project=project,
                    reason=reason.strip(),
                    content_and_scale=proposed["content_and_scale"],
                    total_investment=total_investment,
                    planned_wage_total=planned_wage_total,
                    planned_local_jobs=planned_local_jobs,
                    planned_start=planned_start,
                    planned_end=planned_end,
                    funding=proposed["funding"],
                    previous=previous,
                    requested_by=acting_user,
                )
        except IntegrityError:
            raise ValidationError("该项目已有待审批的变更申请，请等待审批或撤销后再申请") from None


def _same(previous: dict, proposed: dict) -> bool:
    def money(v):
        return Decimal(v) if v is not None else None

    def lines(items):
        return sorted(
            (i["source"], Decimal(i["amount"]), bool(i["is_special_fund"])) for i in items
        )

    return (
        previous["content_and_scale"] == proposed["content_and_scale"]
        and money(previous["total_investment"]) == money(proposed["total_investment"])
        and money(previous["planned_wage_total"]) == money(proposed["planned_wage_total"])
        and previous["planned_local_jobs"] == proposed["planned_local_jobs"]
        and previous["planned_start"] == proposed["planned_start"]
        and previous["planned_end"] == proposed["planned_end"]
        and lines(previous["funding"]) == lines(proposed["funding"])
    )


def change_request_decide(
    *, acting_user, change: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """The approving department (or the district office) approves or rejects (art. 11)."""
    access.require(acting_user, caps.DECIDE_CHANGE)
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"decision_note": "不予批准的，请写明理由"})
    with transaction.atomic(), acting_as(acting_user):
        change = (
            ChangeRequest.objects.select_for_update()
            .select_related("project")
            .filter(pk=change.pk)
            .first()
        )
        project = change.project
        if not scope.can(acting_user, scope.CHANGE, project):
            raise PermissionDenied(OUT_OF_SCOPE)
        if change.status != ChangeStatus.PENDING:
            raise ValidationError(f"该变更申请{change.get_status_display()}，不能再审批")
        if change.requested_by_id == acting_user.pk:
            raise PermissionDenied("不能审批本人提交的变更申请")
        change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
        change.decided_by = acting_user
        change.decided_at = timezone.now()
        change.decision_note = note or "同意变更"
        change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if approve:
            _apply(project, change)
    return change


def _apply(project: Project, change: ChangeRequest) -> None:
    # The values in effect now are kept again at the moment of applying (they may have been
    # adjusted since the request was made).
    change.previous = _snapshot(project)
    change.save(update_fields=["previous"])
    for name in FIELDS:
        setattr(project, name, getattr(change, name))
    project.full_clean()
    project.save()
    project.funding_lines.all().delete()
    FundingLine.objects.bulk_create(
        FundingLine(
            project=project,
            source=line["source"],
            amount=Decimal(line["amount"]),
            is_special_fund=line["is_special_fund"],
            note=line.get("note", ""),
        )
        for line in change.funding
    )


def change_request_cancel(*, acting_user, change: ChangeRequest) -> ChangeRequest:
    access.require(acting_user, caps.REQUEST_CHANGE)
    if change.requested_by_id != acting_user.pk and not access.has(acting_user, caps.REVIEW):
        raise PermissionDenied("只有申请人可以撤销该变更申请")
    with transaction.atomic(), acting_as(acting_user):
        updated = ChangeRequest.objects.filter(pk=change.pk, status=ChangeStatus.PENDING).update(
            status=ChangeStatus.CANCELLED, decided_at=timezone.now()
        )
        if not updated:
            raise ValidationError("该变更申请已处理，不能撤销")
    change.refresh_from_db()
    return change
