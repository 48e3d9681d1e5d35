"""Change requests (art. 11): after the plan is issued, content and scale change only with the
approving department's approval; old and new values are kept."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.choices import ChangeStatus, FundSource, ProjectStatus
from projects.services.changes import (
    change_request_cancel,
    change_request_decide,
    change_request_submit,
)
from projects.services.projects import FundingInput

pytestmark = pytest.mark.django_db
S = ProjectStatus


def submit(user, project, **extra):
    values = {
        "reason": "地质条件变化，需延长排水沟渠",
        "content_and_scale": "砌筑排水沟渠2.2公里",
        "total_investment": Decimal("1100000.00"),
        "planned_wage_total": Decimal("200000.00"),
        "planned_local_jobs": 35,
        "planned_start": datetime.date(2026, 4, 1),
        "planned_end": datetime.date(2026, 11, 30),
        "funding": [
            FundingInput(FundSource.CENTRAL_BUDGET, Decimal("700000.00"), True),
            FundingInput(FundSource.DISTRICT, Decimal("400000.00"), False),
        ],
    }
    values.update(extra)
    return change_request_submit(acting_user=user, project=project, **values)


def test_an_approved_change_applies_and_keeps_the_old_values(make_project, cast):
    project = make_project(status=S.STARTED)
    old_content = project.content_and_scale
    change = submit(cast.project_unit, project)
    assert change.status == ChangeStatus.PENDING
    assert change.previous["content_and_scale"] == old_content
    assert change.previous["total_investment"] == "1000000.00"
    change_request_decide(acting_user=cast.department, change=change, approve=True, note="同意")
    project.refresh_from_db()
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED and change.decided_by == cast.department
    assert project.content_and_scale == "砌筑排水沟渠2.2公里"
    assert project.total_investment == Decimal("1100000.00")
    assert project.planned_end == datetime.date(2026, 11, 30)
    assert sorted(project.funding_lines.values_list("amount", flat=True)) == [
        Decimal("400000.00"), Decimal("700000.00"),
    ]  # fmt: skip
    assert change.previous["content_and_scale"] == old_content


def test_a_rejection_changes_nothing_and_needs_a_reason(make_project, cast):
    project = make_project(status=S.APPROVED)
    change = submit(cast.project_unit, project)
    with pytest.raises(ValidationError, match="不予批准的，请写明理由"):
        change_request_decide(acting_user=cast.department, change=change, approve=False)
    change_request_decide(
        acting_user=cast.department, change=change, approve=False, note="超出批复规模"
    )
    project.refresh_from_db()
    assert project.total_investment == Decimal("1000000.00")
    with pytest.raises(ValidationError, match="不能再审批"):
        change_request_decide(acting_user=cast.department, change=change, approve=True)


@pytest.mark.parametrize("status", [S.RESERVE, S.REVIEWED, S.COMPLETED, S.WITHDRAWN])
def test_changes_only_after_the_plan_is_issued_and_before_completion(status, make_project, cast):
    with pytest.raises(ValidationError, match="不能申请变更"):
        submit(cast.district_office, make_project(status=status))


def test_one_pending_request_at_a_time(make_project, cast):
    project = make_project(status=S.APPROVED)
    submit(cast.project_unit, project)
    with pytest.raises(ValidationError, match="已有待审批的变更申请"):
        submit(cast.project_unit, project, reason="再改一次")


def test_a_request_must_change_something_and_add_up(make_project, cast):
    project = make_project(status=S.APPROVED)
    same = {
        "content_and_scale": project.content_and_scale,
        "total_investment": project.total_investment,
        "planned_wage_total": project.planned_wage_total,
        "planned_local_jobs": project.planned_local_jobs,
        "planned_start": project.planned_start,
        "planned_end": project.planned_end,
        "funding": [FundingInput(f.source, f.amount, f.is_special_fund)
                    for f in project.funding_lines.all()],
    }  # fmt: skip
    with pytest.raises(ValidationError, match="无需申请变更"):
        submit(cast.project_unit, project, **same)
    with pytest.raises(ValidationError, match=r"与总投资 1,200,000\.00 元不一致"):
        submit(cast.project_unit, project, total_investment=Decimal("1200000.00"))


def test_who_decides(make_project, cast):
    project = make_project(status=S.APPROVED)
    change = submit(cast.project_unit, project)
    for role in ("project_unit", "township", "contractor", "leader"):
        with pytest.raises(PermissionDenied):
            change_request_decide(acting_user=cast.users[role], change=change, approve=True)
    with pytest.raises(PermissionDenied):  # a department of another sector
        change_request_decide(acting_user=cast.other_department, change=change, approve=True)
    own = submit(cast.district_office, make_project(status=S.APPROVED))
    with pytest.raises(PermissionDenied, match="本人提交"):
        change_request_decide(acting_user=cast.district_office, change=own, approve=True)
    change_request_decide(acting_user=cast.users["district_office_2"], change=own, approve=True)


def test_cancel(make_project, cast):
    project = make_project(status=S.APPROVED)
    change = submit(cast.project_unit, project)
    with pytest.raises(PermissionDenied):
        change_request_cancel(acting_user=cast.users["township"], change=change)
    change_request_cancel(acting_user=cast.project_unit, change=change)
    assert change.status == ChangeStatus.CANCELLED
    with pytest.raises(ValidationError, match="已处理"):
        change_request_cancel(acting_user=cast.project_unit, change=change)
    assert submit(cast.project_unit, project).status == ChangeStatus.PENDING
