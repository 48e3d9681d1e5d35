"""Planned expenditure lines: art. 19 forbidden uses of special funds, art. 30 wages."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from projects import capabilities as caps
from projects import funds
from projects.choices import ProjectStatus
from projects.models import ExpenditureLine, Project
from projects.services.common import require_project_change
from yiguoji.core import access
from yiguoji.core.audit import acting_as

# The expenditure plan is part of what the art. 24 review checks: it is planned in the reserve
# pool; afterwards the district office corrects it, or a change request (art. 11) is needed.
PLANNING_STATES = (ProjectStatus.RESERVE,)
DISTRICT_STATES = (ProjectStatus.RESERVE, ProjectStatus.REVIEWED, ProjectStatus.LISTED)


def expenditure_plan_check(acting_user, project: Project) -> None:
    require_project_change(acting_user, caps.PLAN_EXPENDITURE, project)
    states = DISTRICT_STATES if access.has(acting_user, caps.REVIEW) else PLANNING_STATES
    if project.status not in states:
        raise PermissionDenied(
            f"项目{project.get_status_display()}，支出计划不能再修改"
            + (
                ""
                if project.status in DISTRICT_STATES
                else "；确需调整的请提交变更申请（第十一条）"
            )
        )


def expenditure_line_add(
    *,
    acting_user,
    project: Project,
    category: str,
    description: str,
    amount: Decimal,
    from_special_fund: bool,
) -> ExpenditureLine:
    """Add a classified expenditure line, refusing art. 19 and art. 30 violations by name."""
    expenditure_plan_check(acting_user, project)
    description = description.strip()
    refusal = funds.expenditure_refusal(category, description, from_special_fund)
    if refusal:
        raise ValidationError({"category": refusal})
    with transaction.atomic(), acting_as(acting_user):
        # Under the project's lock, so two additions at once cannot both fit (issue 10 item 18).
        locked = Project.objects.select_for_update().get(pk=project.pk)
        funding = list(locked.funding_lines.all())
        refusal = funds.expenditure_plan_refusal(
            ExpenditureLine.objects.filter(project=locked).order_by("pk"),
            category=category,
            description=description,
            amount=amount,
            from_special_fund=from_special_fund,
            total_investment=locked.total_investment,
            special_funds=funds.special_fund_total(funding) if funding else None,
        )
        if refusal:
            raise ValidationError(refusal)
        line = ExpenditureLine(
            project=project,
            category=category,
            description=description,
            amount=amount,
            from_special_fund=from_special_fund,
        )
        line.full_clean()
        line.save()
    return line


def expenditure_line_delete(*, acting_user, line: ExpenditureLine) -> None:
    expenditure_plan_check(acting_user, line.project)
    with transaction.atomic(), acting_as(acting_user):
        line.delete()
