"""Creating and editing projects: codes, places, funding lines, positions, who edits what when
(art. 9, 11, 25; plan tasks 1-2)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects.choices import Category, FundSource, ProjectStatus, WorkSegment
from projects.models import Project
from projects.services.projects import (
    FundingInput,
    PositionInput,
    edit_scope,
    project_save,
)
from tests.projects.factories import PositionFactory
from yiguoji.core.choices import Sector

pytestmark = pytest.mark.django_db
S = ProjectStatus


def fields(cast, **extra):
    values = {
        "name": "岔道村排水沟渠整治",
        "year": 2026,
        "category": Category.SPECIAL_FUND,
        "sector": Sector.WATER,
        "segments": [WorkSegment.GENERAL],
        "owner": cast.orgs["project_unit"],
        "department": cast.orgs["department"],
        "content_and_scale": "砌筑排水沟渠1.8公里",
        "work_relief_tasks": "土方开挖、砌筑",
        "social_benefit": "带动务工20人",
        "performance_targets": "发放劳务报酬16万元",
        "planned_start": datetime.date(2026, 4, 1),
        "planned_end": datetime.date(2026, 9, 30),
        "total_investment": Decimal("600000.00"),
        "planned_wage_total": Decimal("160000.00"),
        "planned_local_jobs": 20,
    }
    values.update(extra)
    return values


FUNDING = [
    FundingInput(FundSource.CENTRAL_BUDGET, Decimal("500000.00"), True),
    FundingInput(FundSource.DISTRICT, Decimal("100000.00"), False, "区级配套"),
]
POSITION = PositionInput(
    WorkSegment.GENERAL, "普工", 20, datetime.date(2026, 4, 1), datetime.date(2026, 9, 30),
    Decimal("200.00"),
)  # fmt: skip


def test_a_project_unit_proposes_its_own_project(cast):
    project = project_save(
        acting_user=cast.project_unit,
        fields=fields(cast),
        townships=[cast.township],
        villages=list(cast.township.villages.all()),
        funding=FUNDING,
        positions=[POSITION],
    )
    assert project.code == "YQ-2026-001"
    assert project.status == S.RESERVE and project.created_by == cast.project_unit
    assert project.funding_lines.count() == 2 and project.positions.count() == 1
    second = project_save(
        acting_user=cast.project_unit, fields=fields(cast, name="第二个"),
        townships=[cast.township], funding=FUNDING,
    )  # fmt: skip
    assert second.code == "YQ-2026-002"


def test_codes_continue_after_gaps_and_per_year(cast, make_project):
    make_project(code="YQ-2026-017")
    project = project_save(
        acting_user=cast.district_office, fields=fields(cast), townships=[cast.township]
    )
    assert project.code == "YQ-2026-018"
    other_year = project_save(
        acting_user=cast.district_office, fields=fields(cast, year=2027), townships=[cast.township]
    )
    assert other_year.code == "YQ-2027-001"


def test_funding_must_add_up_to_the_total(cast):
    with pytest.raises(ValidationError) as caught:
        project_save(
            acting_user=cast.project_unit,
            fields=fields(cast, total_investment=Decimal("700000.00")),
            townships=[cast.township],
            funding=FUNDING,
        )
    assert caught.value.messages == ["各资金来源合计 600,000.00 元，与总投资 700,000.00 元不一致"]
    assert not Project.objects.exists()


def test_central_money_is_always_a_special_fund(cast):
    with pytest.raises(ValidationError) as caught:
        project_save(
            acting_user=cast.project_unit,
            fields=fields(cast),
            townships=[cast.township],
            funding=[
                FundingInput(FundSource.CENTRAL_FISCAL, Decimal("500000"), False),
                FundingInput(FundSource.SOCIAL, Decimal("100000"), True),
            ],
        )
    assert caught.value.messages == [
        "资金来源第1行：“中央财政衔接资金”属于国家以工代赈专项资金（第十三条），须计入专项资金",
        "资金来源第2行：“社会资金”不是财政资金，不能计为以工代赈专项资金",
    ]


def test_villages_must_lie_in_the_chosen_townships(cast):
    other_village = cast.other_township.villages.get()
    with pytest.raises(ValidationError, match="不在所选乡镇内"):
        project_save(
            acting_user=cast.district_office, fields=fields(cast), townships=[cast.township],
            villages=[other_village],
        )  # fmt: skip


def test_a_project_unit_cannot_propose_for_another_owner(cast):
    with pytest.raises(ValidationError, match="不能作为本项目的项目单位"):
        project_save(
            acting_user=cast.project_unit,
            fields=fields(cast, owner=cast.orgs["other_unit"]),
            townships=[cast.township],
        )


def test_a_township_proposes_only_in_its_own_township(cast):
    with pytest.raises(ValidationError, match="乡镇只能申报位于本乡镇的项目"):
        project_save(
            acting_user=cast.users["township"],
            fields=fields(cast, owner=cast.orgs["township"]),
            townships=[cast.other_township],
        )
    project = project_save(
        acting_user=cast.users["township"],
        fields=fields(cast, owner=cast.orgs["project_unit"]),
        townships=[cast.township],
    )
    assert project.owner == cast.orgs["project_unit"]


def test_self_build_needs_a_village_owner(cast):
    with pytest.raises(ValidationError, match="第二十五条"):
        project_save(
            acting_user=cast.district_office,
            fields=fields(cast, owner=cast.orgs["township"], self_build=True),
            townships=[cast.township],
        )


def test_invalid_positions_are_refused_by_row(cast):
    bad = PositionInput(
        WorkSegment.GENERAL, "普工", 0, datetime.date(2026, 5, 1), datetime.date(2026, 4, 1),
        Decimal("0"),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        project_save(
            acting_user=cast.project_unit, fields=fields(cast), townships=[cast.township],
            positions=[POSITION, bad],
        )  # fmt: skip
    assert caught.value.messages == [
        "就业岗位第2行“普工”：用工结束日期早于开始日期",
        "就业岗位第2行“普工”：人数须至少为 1",
        "就业岗位第2行“普工”：日劳务报酬标准须大于零",
    ]


def test_editing_updates_keeps_and_deletes_child_rows(cast):
    project = project_save(
        acting_user=cast.project_unit, fields=fields(cast), townships=[cast.township],
        funding=FUNDING, positions=[POSITION],
    )  # fmt: skip
    kept = project.positions.get()
    project_save(
        acting_user=cast.project_unit,
        project=project,
        fields={"name": "岔道村排水沟渠整治（一期）"},
        positions=[
            PositionInput(**{**POSITION.__dict__, "headcount": 25, "id": kept.pk}),
            PositionInput(
                WorkSegment.SERVICE,
                "后勤",
                2,
                datetime.date(2026, 4, 1),
                datetime.date(2026, 9, 30),
                Decimal("150"),
            ),
        ],
        funding=[FundingInput(FundSource.CENTRAL_BUDGET, Decimal("600000.00"), True)],
    )
    kept.refresh_from_db()
    assert kept.headcount == 25
    assert project.positions.count() == 2
    assert list(project.funding_lines.values_list("source", flat=True)) == ["central_budget"]


@pytest.mark.parametrize(
    ("status", "role", "editable"),
    [
        (S.RESERVE, "project_unit", "all"),
        (S.RESERVE, "township", "all"),
        (S.RESERVE, "department", "all"),
        (S.RESERVE, "contractor", None),
        (S.REVIEWED, "project_unit", None),
        (S.REVIEWED, "district_office", "all"),
        (S.LISTED, "district_office", "all"),
        (S.APPROVED, "project_unit", "operational"),
        (S.IN_PROGRESS, "district_office", "operational"),
        (S.APPROVED, "department", None),
        (S.COMPLETED, "district_office", None),
        (S.WITHDRAWN, "district_office", None),
        (S.RESERVE, "leader", None),
    ],
)
def test_who_edits_what_when(status, role, editable, make_project, cast):
    project = make_project(status=status)
    if editable is None:
        with pytest.raises(PermissionDenied):
            edit_scope(cast.users[role], project)
        return
    scope = edit_scope(cast.users[role], project)
    assert ("content_and_scale" in scope.fields) == (editable == "all")
    assert "contractor" in scope.fields
    assert scope.funding == (editable == "all") and scope.positions


def test_after_approval_content_changes_need_a_change_request(make_project, cast):
    project = make_project(status=S.APPROVED)
    with pytest.raises(PermissionDenied, match="当前阶段不能修改：建设内容及规模"):
        project_save(
            acting_user=cast.project_unit, project=project,
            fields={"content_and_scale": "扩大规模"},
        )  # fmt: skip
    project_save(
        acting_user=cast.project_unit, project=project,
        fields={"contractor": cast.orgs["other_contractor"]},
    )  # fmt: skip
    project.refresh_from_db()
    assert project.contractor == cast.orgs["other_contractor"]


def test_a_position_used_elsewhere_is_not_deleted(make_project, cast):
    """Payroll's contracts protect the positions they name; the edit says so and keeps all."""
    project = make_project(status=S.APPROVED)
    position = PositionFactory(project=project)
    from django.db.models import ProtectedError

    def protected(*args, **kwargs):
        raise ProtectedError("referenced", set())

    original = type(position).delete
    type(position).delete = protected
    try:
        with pytest.raises(ValidationError, match="已被劳务合同等记录引用"):
            project_save(acting_user=cast.project_unit, project=project, fields={}, positions=[])
    finally:
        type(position).delete = original
    assert project.positions.count() == 2
