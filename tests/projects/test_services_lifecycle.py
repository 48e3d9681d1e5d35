"""The lifecycle table: who may take each step, what each step checks, what it records
(domain.md "Project lifecycle"; art. 11, 24, 31, 32; plan tasks 1-3, 8)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects.choices import DocumentKind, NoticeKind, ProjectStatus
from projects.models import ProjectTransition
from projects.services.lifecycle import (
    TRANSITIONS,
    TransitionRefused,
    next_stage,
    project_review_pass,
    project_transition,
)
from tests.matrix import ROLES
from tests.projects.conftest import add_documents, add_notice, pass_review_checklist
from tests.projects.factories import file_archives, hand_over

pytestmark = pytest.mark.django_db
S, K = ProjectStatus, DocumentKind


def ready_for(action, make_project, cast):
    """A project in the action's source state that meets every precondition."""
    t = TRANSITIONS[action]
    source = sorted(t.sources)[0]
    project = make_project(status=source)
    if action == "review":
        pass_review_checklist(project, cast.district_office)
    if action == "approve":
        add_documents(project, K.PRELIMINARY_DESIGN, K.APPROVAL)
    if action == "start":
        add_documents(project, K.TENDER_CONTRACT, K.WAGE_PLEDGE)
        add_notice(project, NoticeKind.PRE_START)
    if action == "begin_works":
        add_notice(project, NoticeKind.DURING_WORKS)
    if action == "complete":
        add_documents(project, K.COMPLETION)
    if action == "accept":
        add_documents(project, K.AUDIT)
        file_archives(project)
    if action == "maintain":
        add_notice(project, NoticeKind.PERMANENT)
        hand_over(project)
    return project


# Who may take each step on a project of the project unit in township A, in the water sector
# (domain.md: the district office reviews and lists; the department approves; the project
# unit carries the project out; the district office accepts; proposers may withdraw).
ALLOWED = {
    "review": {"district_office"},
    "return": {"district_office"},
    "list": {"district_office"},
    "unlist": {"district_office"},
    "approve": {"district_office", "department"},
    "start": {"district_office", "project_unit"},
    "begin_works": {"district_office", "project_unit"},
    "complete": {"district_office", "project_unit"},
    "accept": {"district_office"},
    "maintain": {"district_office", "project_unit"},
    "withdraw": {"district_office", "department", "township", "project_unit"},
}


def test_every_transition_has_a_permission_row():
    assert set(ALLOWED) == set(TRANSITIONS)


@pytest.mark.parametrize("action", sorted(TRANSITIONS))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_take_each_step(action, role, make_project, cast, programme):
    project = ready_for(action, make_project, cast)
    step = TRANSITIONS[action]
    reason = "测试原因" if step.reason_required else ""
    if role in ALLOWED[action]:
        record = project_transition(
            acting_user=cast.users[role], project=project, action=action, reason=reason
        )
        project.refresh_from_db()
        assert project.status == step.target
        assert record.actor == cast.users[role]
        assert record.from_status in step.sources and record.to_status == step.target
        assert record.reason == (reason or step.default_reason)
    else:
        with pytest.raises(PermissionDenied):
            project_transition(
                acting_user=cast.users[role], project=project, action=action, reason=reason
            )
        project.refresh_from_db()
        assert project.status in step.sources
        assert not ProjectTransition.objects.filter(project=project).exists()


def test_a_department_outside_the_sector_cannot_approve(make_project, cast, programme):
    project = ready_for("approve", make_project, cast)
    with pytest.raises(PermissionDenied, match="权限范围"):
        project_transition(acting_user=cast.other_department, project=project, action="approve")


def test_another_townships_unit_cannot_start_this_project(make_project, cast, programme):
    project = ready_for("start", make_project, cast)
    with pytest.raises(PermissionDenied):
        project_transition(acting_user=cast.other_unit, project=project, action="start")


def test_a_step_from_the_wrong_state_says_the_current_state(make_project, cast, programme):
    project = make_project(status=S.APPROVED)
    with pytest.raises(ValidationError, match="当前状态为“已批复”，不能“审查通过”"):
        project_transition(acting_user=cast.district_office, project=project, action="review")


# --- preconditions, each refusal saying exactly what is missing -----------------------------


def _refusal(project, user, action, reason=""):
    with pytest.raises(TransitionRefused) as caught:
        project_transition(acting_user=user, project=project, action=action, reason=reason)
    project.refresh_from_db()
    assert project.status in TRANSITIONS[action].sources
    return caught.value


def test_review_needs_the_art24_checklist(make_project, cast, programme):
    project = make_project()
    refused = _refusal(project, cast.district_office, "review")
    assert refused.missing == [
        "前期审查清单“用工需求”未确认符合要求（第二十四条）",
        "前期审查清单“劳务报酬发放可行性”未确认符合要求（第二十四条）",
        "前期审查清单“资金投向合规情况”未确认符合要求（第二十四条）",
        "前期审查清单“财政承受能力和债务风险”未确认符合要求（第二十条）",
    ]
    assert "不能“审查通过”" in refused.messages[0]


def test_a_confirmed_item_without_a_note_is_not_enough(make_project, cast, programme):
    project = make_project()
    pass_review_checklist(project, cast.district_office)
    project.review.wage_feasibility_note = "  "
    project.review.save()
    refused = _refusal(project, cast.district_office, "review")
    assert refused.missing == ["前期审查清单“劳务报酬发放可行性”未填写审查意见（第二十四条）"]


def test_review_needs_the_plan_task2_proposal_content(make_project, cast, programme):
    project = make_project(work_relief_tasks="", segments=[], social_benefit=" ")
    pass_review_checklist(project, cast.district_office)
    refused = _refusal(project, cast.district_office, "review")
    assert refused.missing == [
        "未写明能够实施以工代赈的建设任务（重点任务2）",
        "未选择用工环节（重点任务2）",
        "未填写社会效益评价：带动当地群众就业增收、技能提升等预期成效（重点任务2）",
    ]


def test_review_needs_funding_positions_expenditures_and_the_proposal(
    make_project, cast, programme
):
    project = make_project(complete=False)
    pass_review_checklist(project, cast.district_office)
    refused = _refusal(project, cast.district_office, "review")
    assert refused.missing == [
        "未填写资金来源（第九条）",
        "未编制就业岗位（岗位、人数、用工时间、日劳务报酬标准，第二十九条）",
        "未编制支出计划（用于审查资金投向合规情况，第二十四条）",
        "尚未上传“项目建议书（代可行性研究报告）/实施方案”",
    ]


def test_review_refuses_funding_that_does_not_add_up(make_project, cast, programme):
    project = make_project(total_investment="1200000.00")
    pass_review_checklist(project, cast.district_office)
    refused = _refusal(project, cast.district_office, "review")
    assert refused.missing == ["各资金来源合计 1,000,000.00 元，与总投资 1,200,000.00 元不一致"]


def test_review_refuses_an_expenditure_plan_whose_wages_differ(make_project, cast, programme):
    project = make_project()
    project.planned_wage_total = 200000
    project.save()
    pass_review_checklist(project, cast.district_office)
    refused = _refusal(project, cast.district_office, "review")
    assert refused.missing == [
        "支出计划中“劳务报酬”合计 180,000.00 元，与计划发放劳务报酬 200,000.00 元不一致"
    ]


def test_review_pass_keeps_the_checklist_even_when_refused(make_project, cast, programme):
    project = make_project(social_benefit="")
    checklist = {
        "labour_demand_ok": True, "labour_demand_note": "岗位合理",
        "wage_feasibility_ok": True, "wage_feasibility_note": "已论证",
        "fund_compliance_ok": True, "fund_compliance_note": "合规",
        "fiscal_capacity_ok": True, "fiscal_capacity_note": "财政可承受",
    }  # fmt: skip
    with pytest.raises(TransitionRefused):
        project_review_pass(acting_user=cast.district_office, project=project, checklist=checklist)
    project.refresh_from_db()
    assert project.review.labour_demand_note == "岗位合理"
    assert project.status == S.RESERVE


def test_listing_needs_the_years_settings(make_project, cast):
    project = make_project(status=S.REVIEWED)
    refused = _refusal(project, cast.district_office, "list")
    assert refused.missing == [
        "尚未设置2026年度以工代赈参数（劳务报酬占比目标等），请先在“年度参数”中设置"
    ]


def test_approval_needs_the_design_and_an_approval_document(make_project, cast, programme):
    project = make_project(status=S.LISTED)
    refused = _refusal(project, cast.department, "approve")
    assert refused.missing == [
        "尚未上传“初步设计（含就业岗位专章）”",
        "尚未上传“批复文件”",
    ]


def test_approval_needs_a_department(make_project, cast, programme):
    project = ready_for("approve", make_project, cast)
    project.department = None
    project.save()
    refused = _refusal(project, cast.district_office, "approve")
    assert refused.missing == ["未指定行业主管部门（批复部门）"]


def test_a_voided_document_does_not_count(make_project, cast, programme):
    project = ready_for("approve", make_project, cast)
    project.documents.filter(kind=K.APPROVAL).update(voided_at=timezone.now())
    refused = _refusal(project, cast.department, "approve")
    assert refused.missing == ["尚未上传“批复文件”"]


def test_start_needs_the_pre_start_notice_contract_and_pledge(make_project, cast, programme):
    project = make_project(status=S.APPROVED, contractor=None)
    refused = _refusal(project, cast.project_unit, "start")
    assert refused.missing == [
        "未填写施工单位（村民自建项目除外，第二十五条）",
        "尚未上传“招标文件/施工合同”",
        "尚未上传“农民工工资支付承诺书”",
        "尚未登记开工前公示（项目名称、资金来源及金额、建设地点、建设内容及规模、"
        "建设周期，第三十一条）",
    ]


def test_start_waits_for_the_notice_period(make_project, cast, programme):
    project = ready_for("start", make_project, cast)
    notice = project.notices.get()
    notice.posted_on = timezone.localdate() - datetime.timedelta(days=3)
    notice.save()
    refused = _refusal(project, cast.project_unit, "start")
    open_on = notice.posted_on + datetime.timedelta(days=7)
    assert refused.missing == [
        f"开工前公示期未满：{notice.posted_on:%Y-%m-%d} 起公示 7 天，"
        f"{open_on:%Y-%m-%d} 起方可登记开工"
    ]


def test_self_build_needs_no_contractor_or_contract(make_project, cast, programme):
    project = make_project(status=S.APPROVED, contractor=None, self_build=True)
    add_documents(project, K.WAGE_PLEDGE)
    add_notice(project)
    project_transition(acting_user=cast.project_unit, project=project, action="start")
    assert project.status == S.STARTED


def test_a_big_project_needs_the_dedicated_wage_account(make_project, cast, programme):
    # plan task 9: above the year's threshold (4,000,000 yuan here) the account is required.
    project = ready_for("start", make_project, cast)
    project.total_investment = 5_000_000
    project.save()
    refused = _refusal(project, cast.project_unit, "start")
    assert refused.missing == ["尚未上传“农民工工资专用账户证明”"]


def test_tender_exemption_needs_its_basis(make_project, cast, programme):
    project = ready_for("start", make_project, cast)
    project.tender_exempt = True
    project.save()
    refused = _refusal(project, cast.project_unit, "start")
    assert refused.missing == ["选择不进行招标的，须写明依据（第二十六条、第三十六条）"]


@pytest.mark.parametrize(
    ("action", "missing"),
    [
        ("begin_works", "尚未登记施工期间公示（群众务工信息、劳务报酬发放标准、"
                        "监督举报电话，第三十一条）"),
        ("complete", "尚未上传“竣工（完工）资料”"),
        ("accept", "尚未上传“结算、决算审计报告”"),
        ("maintain", "尚未登记永久性公示牌（项目建设信息和群众务工、"
                     "劳务报酬受益情况，第三十一条）"),
    ],
)  # fmt: skip
def test_later_steps_name_what_is_missing(action, missing, make_project, cast, programme):
    project = make_project(status=sorted(TRANSITIONS[action].sources)[0])
    if action == "accept":
        file_archives(project)  # plan task 8's archives: tests/projects/test_delivery_task8.py
    if action == "maintain":
        hand_over(project)
    user = cast.district_office
    assert _refusal(project, user, action).missing == [missing]


def test_required_documents_are_data(make_project, cast, programme):
    # The district office may require, e.g., the wage pledge already at approval.
    programme.requirements.create(stage=S.APPROVED, kind=K.WAGE_PLEDGE)
    project = ready_for("approve", make_project, cast)
    refused = _refusal(project, cast.department, "approve")
    assert refused.missing == ["尚未上传“农民工工资支付承诺书”"]
    programme.requirements.filter(stage=S.APPROVED).delete()
    project_transition(acting_user=cast.department, project=project, action="approve")


# --- side paths ---------------------------------------------------------------------------


@pytest.mark.parametrize("action", ["withdraw", "return", "unlist"])
def test_side_paths_need_a_reason(action, make_project, cast, programme):
    project = ready_for(action, make_project, cast)
    with pytest.raises(ValidationError, match="原因"):
        project_transition(acting_user=cast.district_office, project=project, action=action)


@pytest.mark.parametrize("status", [S.APPROVED, S.STARTED, S.COMPLETED])
def test_withdrawal_only_from_early_states(status, make_project, cast, programme):
    project = make_project(status=status)
    with pytest.raises(ValidationError, match="不能“撤回项目”"):
        project_transition(
            acting_user=cast.district_office, project=project, action="withdraw", reason="不再实施"
        )


def test_the_whole_path_is_recorded(make_project, cast, programme):
    project = make_project()
    pass_review_checklist(project, cast.district_office)
    steps = [
        ("review", cast.district_office), ("list", cast.district_office),
        ("approve", cast.department), ("start", cast.project_unit),
        ("begin_works", cast.project_unit), ("complete", cast.project_unit),
        ("accept", cast.district_office), ("maintain", cast.project_unit),
    ]  # fmt: skip
    add_documents(project, K.PRELIMINARY_DESIGN, K.APPROVAL, K.TENDER_CONTRACT, K.WAGE_PLEDGE,
                  K.COMPLETION, K.AUDIT)  # fmt: skip
    for kind in NoticeKind.values:
        add_notice(project, kind)
    file_archives(project)
    for action, user in steps:
        if action == "maintain":
            hand_over(project)
        project_transition(acting_user=user, project=project, action=action)
    records = list(project.transitions.order_by("at", "id"))
    assert [r.to_status for r in records] == [
        S.REVIEWED, S.LISTED, S.APPROVED, S.STARTED, S.IN_PROGRESS, S.COMPLETED, S.ACCEPTED,
        S.MAINTENANCE,
    ]  # fmt: skip
    assert [r.actor for r in records] == [user for _, user in steps]
    assert records[2].actor_organisation == "区水务局"
    assert next_stage(S.MAINTENANCE) is None
    assert next_stage(S.RESERVE) == S.REVIEWED


def test_the_owner_is_told_when_someone_else_moves_the_project(
    make_project, cast, programme, django_capture_on_commit_callbacks
):
    project = ready_for("approve", make_project, cast)
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(acting_user=cast.department, project=project, action="approve")
    notification = cast.project_unit.notifications.get()
    assert notification.title == f"{project.name}：已批复"
