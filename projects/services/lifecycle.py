"""The project lifecycle, in one place (domain.md, "Project lifecycle"; art. 11, 22-32).

``TRANSITIONS`` is the table: for each action, the states it leaves, the state it enters, the
capability that owns it and the preconditions it checks. ``project_transition`` is the only
code that changes ``Project.status``; it records actor, time and reason, and a refusal says in
Chinese exactly what is missing.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from projects import capabilities as caps
from projects import funds, hooks
from projects.choices import DocumentKind, NoticeKind, ProjectStatus
from projects.models import Project, ProjectReview, ProjectTransition
from projects.selectors import ProjectFacts, project_facts
from projects.services.common import OUT_OF_SCOPE
from projects.services.delivery import archives_missing, handover_missing
from projects.services.recognition import recognition_missing
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.roles import Role

S = ProjectStatus
Check = Callable[[ProjectFacts, datetime.date], list[str]]


class TransitionRefused(ValidationError):
    """A transition whose preconditions are not met; ``missing`` lists each gap in Chinese."""

    def __init__(self, label: str, missing: list[str]):
        self.label = label
        self.missing = missing
        super().__init__(f"不能“{label}”，尚缺：" + "；".join(missing))


# --- preconditions ----------------------------------------------------------------------------


def proposal_complete(facts: ProjectFacts, today) -> list[str]:
    """plan task 2: the proposal names work-relief tasks, work segments and a social-benefit
    section; art. 9: category, content and scale, period, investment and sources, targets."""
    project = facts.project
    missing = []
    if not project.content_and_scale.strip():
        missing.append("未填写建设内容及规模（第九条）")
    if not project.work_relief_tasks.strip():
        missing.append("未写明能够实施以工代赈的建设任务（重点任务2）")
    if not project.segments:
        missing.append("未选择用工环节（重点任务2）")
    if not project.social_benefit.strip():
        missing.append("未填写社会效益评价：带动当地群众就业增收、技能提升等预期成效（重点任务2）")
    if not project.performance_targets.strip():
        missing.append("未填写绩效目标（第九条）")
    if not project.planned_start or not project.planned_end:
        missing.append("未填写计划开工和计划完工日期（建设工期，第九条）")
    if not list(project.townships.all()):
        missing.append("未选择项目所在乡镇")
    return missing


def funding_complete(facts: ProjectFacts, today) -> list[str]:
    project = facts.project
    missing = []
    if not facts.funding_lines:
        missing.append("未填写资金来源（第九条）")
    else:
        mismatch = funds.funding_mismatch(facts.funding_lines, project.total_investment)
        if mismatch:
            missing.append(mismatch)
    if project.planned_wage_total <= 0:
        missing.append("未填写计划发放劳务报酬金额（第三十条）")
    return missing


def hiring_plan_complete(facts: ProjectFacts, today) -> list[str]:
    """art. 29: positions, headcount, period and wage standard; art. 24: labour demand."""
    missing = []
    if not facts.positions:
        missing.append("未编制就业岗位（岗位、人数、用工时间、日劳务报酬标准，第二十九条）")
    if facts.project.planned_local_jobs <= 0:
        missing.append("未填写计划带动当地群众务工人数")
    return missing


def expenditure_plan_consistent(facts: ProjectFacts, today) -> list[str]:
    """art. 24 (fund compliance), art. 19 and 30: a classified expenditure plan that agrees
    with the planned wages and does not charge more to special funds than there are."""
    if not facts.expenditure_lines:
        return ["未编制支出计划（用于审查资金投向合规情况，第二十四条）"]
    missing = []
    wages = facts.wage_lines_total
    if wages != facts.project.planned_wage_total:
        missing.append(
            f"支出计划中“劳务报酬”合计 {wages:,.2f} 元，与计划发放劳务报酬 "
            f"{facts.project.planned_wage_total:,.2f} 元不一致"
        )
    total = facts.expenditure_total
    if total > facts.project.total_investment:
        missing.append(
            f"支出计划合计 {total:,.2f} 元，超过项目总投资 {facts.project.total_investment:,.2f} 元"
        )
    charged = facts.special_expenditure_total
    if charged > facts.special_funds:
        missing.append(
            f"列支以工代赈专项资金的支出合计 {charged:,.2f} 元，超过专项资金 "
            f"{facts.special_funds:,.2f} 元"
        )
    return missing


def review_checklist_complete(facts: ProjectFacts, today) -> list[str]:
    """art. 24: labour demand, wage feasibility and fund compliance each confirmed, with notes."""
    review = facts.review
    missing = []
    for ok, note, label in (
        ("labour_demand_ok", "labour_demand_note", "用工需求"),
        ("wage_feasibility_ok", "wage_feasibility_note", "劳务报酬发放可行性"),
        ("fund_compliance_ok", "fund_compliance_note", "资金投向合规情况"),
        ("fiscal_capacity_ok", "fiscal_capacity_note", "财政承受能力和债务风险"),
    ):
        article = "第二十条" if ok == "fiscal_capacity_ok" else "第二十四条"
        if review is None or not getattr(review, ok):
            missing.append(f"前期审查清单“{label}”未确认符合要求（{article}）")
        elif not getattr(review, note).strip():
            missing.append(f"前期审查清单“{label}”未填写审查意见（{article}）")
    return missing


def programme_year_set(facts: ProjectFacts, today) -> list[str]:
    if facts.programme is None:
        return [
            f"尚未设置{facts.project.year}年度以工代赈参数（劳务报酬占比目标等），"
            "请先在“年度参数”中设置"
        ]
    return []


DONE = (S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)


def new_or_continuing(facts: ProjectFacts, today) -> list[str]:
    """art. 18: 国家以工代赈专项资金应当用于新开工或续建项目，不得用于已完工项目……严禁重复安排.

    A project with special funds that continues an earlier one may not continue a project
    already completed; and no other project (not withdrawn, not the one it continues) with
    special funds may carry the same name in the same township — the same work arranged twice."""
    project = facts.project
    if not facts.special_funds:
        return []
    missing = []
    earlier = project.continues
    if earlier is not None and earlier.status in DONE:
        missing.append(
            f"续建的前期项目“{earlier.code} {earlier.name}”{earlier.get_status_display()}，"
            "以工代赈专项资金不得用于已完工项目（第十八条）"
        )
    townships = [t.pk for t in project.townships.all()]
    twins = (
        Project.objects.filter(name=project.name.strip(), townships__in=townships)
        .exclude(pk=project.pk)
        .exclude(status__in=(S.WITHDRAWN, S.RESERVE))
        .exclude(pk=project.continues_id)
        .filter(funding_lines__is_special_fund=True)
        .distinct()
        .order_by("year", "code")
    )
    for twin in twins:
        missing.append(
            f"与{twin.year}年项目“{twin.code} {twin.name}”名称和地点相同，同一建设内容不得重复安排"
            "以工代赈专项资金（第十八条）；确为续建的，请填写“续建的前期项目”"
        )
    return missing


def county_recognised(facts: ProjectFacts, today) -> list[str]:
    """art. 35-36: a rural-infrastructure project enters the county's reserve (审查通过) and is
    arranged funds (列入年度清单) only once recognised by the office with the departments
    concerned and approved by the county (district) government."""
    return recognition_missing(facts.project, facts.recognition)


def department_assigned(facts: ProjectFacts, today) -> list[str]:
    if facts.project.department_id is None:
        return ["未指定行业主管部门（批复部门）"]
    return []


def contractor_or_self_build(facts: ProjectFacts, today) -> list[str]:
    project = facts.project
    missing = []
    if not project.self_build and project.contractor_id is None:
        missing.append("未填写施工单位（村民自建项目除外，第二十五条）")
    if project.tender_exempt and not project.tender_exempt_basis.strip():
        missing.append("选择不进行招标的，须写明依据（第二十六条、第三十六条）")
    if not project.quality_unit.strip() or not project.quality_person.strip():
        missing.append("未明确工程质量责任单位和责任人（第二十七条）")
    return missing


def documents_for(stage: str) -> Check:
    def check(facts: ProjectFacts, today) -> list[str]:
        return [f"尚未上传“{DocumentKind(kind).label}”" for kind in facts.missing_documents(stage)]

    check.__name__ = f"documents_for_{stage}"
    return check


def pre_start_notice_done(facts: ProjectFacts, today) -> list[str]:
    """art. 31: before start the owner posts name, funds, place, content and scale, period."""
    notice = facts.notice(NoticeKind.PRE_START)
    if notice is None:
        return [
            "尚未登记开工前公示（项目名称、资金来源及金额、建设地点、建设内容及规模、"
            "建设周期，第三十一条）"
        ]
    days = facts.programme.notice_days if facts.programme else 0
    open_on = notice.posted_on + datetime.timedelta(days=days)
    if notice.posted_on > today:
        return [f"开工前公示日期 {notice.posted_on:%Y-%m-%d} 尚未到来"]
    if open_on > today:
        return [
            f"开工前公示期未满：{notice.posted_on:%Y-%m-%d} 起公示 {days} 天，"
            f"{open_on:%Y-%m-%d} 起方可登记开工"
        ]
    return []


def notice_posted(kind: str, what: str) -> Check:
    def check(facts: ProjectFacts, today) -> list[str]:
        notice = facts.notice(kind)
        if notice is None or notice.posted_on > today:
            return [f"尚未登记{NoticeKind(kind).label}（{what}，第三十一条）"]
        return []

    check.__name__ = f"notice_posted_{kind}"
    return check


def archives_filed(facts: ProjectFacts, today) -> list[str]:
    """plan task 8, art. 32: the archive checklist (the district's data, the wage-payment
    archive always) is filed before acceptance."""
    return archives_missing(facts.project)


def handed_over(facts: ProjectFacts, today) -> list[str]:
    """plan task 8: 工程移交 to the owner or the village collective before upkeep."""
    return handover_missing(facts.project)


# --- the table --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    capability: str
    checks: tuple[Check, ...] = ()
    reason_required: bool = False
    default_reason: str = ""
    style: str = "primary"  # Bootstrap colour of its button
    forward: bool = True  # a step along the main path (shown as "next step")

    def missing(self, facts: ProjectFacts, today: datetime.date) -> list[str]:
        """Everything still missing: this step's own checks, then those higher apps registered
        through ``projects.hooks.register_transition_check`` (e.g. acceptance, art. 32)."""
        own = [message for check in self.checks for message in check(facts, today)]
        return own + hooks.transition_missing(self.action, facts.project)


def _t(action, label, sources, target, capability, *checks, **options) -> Transition:
    return Transition(action, label, frozenset(sources), target, capability, checks, **options)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        _t(
            "review", "审查通过", [S.RESERVE], S.REVIEWED, caps.REVIEW,
            county_recognised, proposal_complete, funding_complete, hiring_plan_complete,
            expenditure_plan_consistent, review_checklist_complete,
            documents_for(S.REVIEWED),
            default_reason="前期审查通过（第二十四条）", style="success",
        ),
        _t(
            "return", "退回修改", [S.REVIEWED], S.RESERVE, caps.REVIEW,
            reason_required=True, style="outline-secondary", forward=False,
        ),
        _t(
            "list", "列入年度清单", [S.REVIEWED], S.LISTED, caps.COMPILE_LIST,
            programme_year_set, county_recognised, proposal_complete, funding_complete,
            new_or_continuing,
            documents_for(S.LISTED),
            default_reason="列入年度项目清单（重点任务1）", style="success",
        ),
        _t(
            "unlist", "移出年度清单", [S.LISTED], S.REVIEWED, caps.COMPILE_LIST,
            reason_required=True, style="outline-secondary", forward=False,
        ),
        _t(
            "approve", "批复", [S.LISTED], S.APPROVED, caps.APPROVE,
            department_assigned, documents_for(S.APPROVED),
            default_reason="项目批复（重点任务3）", style="success",
        ),
        _t(
            "start", "登记开工", [S.APPROVED], S.STARTED, caps.IMPLEMENT,
            contractor_or_self_build, documents_for(S.STARTED), pre_start_notice_done,
            default_reason="项目开工", style="success",
        ),
        _t(
            "begin_works", "进入施工", [S.STARTED], S.IN_PROGRESS, caps.IMPLEMENT,
            notice_posted(NoticeKind.DURING_WORKS, "群众务工信息、劳务报酬发放标准、监督举报电话"),
            documents_for(S.IN_PROGRESS),
            default_reason="进入施工阶段", style="success",
        ),
        _t(
            "complete", "登记完工", [S.IN_PROGRESS], S.COMPLETED, caps.IMPLEMENT,
            documents_for(S.COMPLETED),
            default_reason="项目完工（重点任务8）", style="success",
        ),
        _t(
            "accept", "验收通过", [S.COMPLETED], S.ACCEPTED, caps.ACCEPT,
            documents_for(S.ACCEPTED), archives_filed,
            default_reason="项目验收通过（第三十二条）", style="success",
        ),
        _t(
            "maintain", "转入管护", [S.ACCEPTED], S.MAINTENANCE, caps.IMPLEMENT,
            notice_posted(NoticeKind.PERMANENT, "项目建设信息和群众务工、劳务报酬受益情况"),
            handed_over, documents_for(S.MAINTENANCE),
            default_reason="落实后期管护责任（重点任务8）", style="success",
        ),
        _t(
            "withdraw", "撤回项目", [S.RESERVE, S.REVIEWED, S.LISTED], S.WITHDRAWN,
            caps.WITHDRAW, reason_required=True, style="outline-danger", forward=False,
        ),
    )
}  # fmt: skip


def _today() -> datetime.date:
    return timezone.localdate()


@dataclass
class TransitionOption:
    transition: Transition
    missing: list[str]

    @property
    def ready(self) -> bool:
        return not self.missing


def transition_options(user, facts: ProjectFacts, *, can_change: bool) -> list[TransitionOption]:
    """The actions ``user`` may take on this project now, each with what is still missing."""
    if not can_change:
        return []
    today = _today()
    return [
        TransitionOption(t, t.missing(facts, today))
        for t in TRANSITIONS.values()
        if facts.project.status in t.sources and access.has(user, t.capability)
    ]


def next_stage(status: str) -> str | None:
    """The state the main path leads to from ``status`` (None at the end or when withdrawn)."""
    for t in TRANSITIONS.values():
        if t.forward and status in t.sources:
            return t.target
    return None


def project_transition(
    *,
    acting_user,
    project: Project,
    action: str,
    reason: str = "",
    today: datetime.date | None = None,
) -> ProjectTransition:
    """Move ``project`` along ``action`` or refuse, saying exactly why."""
    try:
        transition = TRANSITIONS[action]
    except KeyError:
        raise ValidationError(f"未知的操作：{action}") from None
    access.require(acting_user, transition.capability)
    reason = reason.strip()
    if transition.reason_required and not reason:
        raise ValidationError({"reason": f"请填写“{transition.label}”的原因"})
    today = today or _today()
    with transaction.atomic(), acting_as(acting_user, action=f"projects.{action}"):
        locked = (
            scope.restrict(Project.objects.all(), acting_user, scope.CHANGE)
            .select_for_update(of=("self",))
            .filter(pk=project.pk)
            .first()
        )
        if locked is None:
            raise PermissionDenied(OUT_OF_SCOPE)
        if locked.status not in transition.sources:
            raise ValidationError(
                f"项目当前状态为“{locked.get_status_display()}”，不能“{transition.label}”"
            )
        missing = transition.missing(project_facts(locked), today)
        if missing:
            raise TransitionRefused(transition.label, missing)
        record = ProjectTransition.objects.create(
            project=locked,
            action=action,
            from_status=locked.status,
            to_status=transition.target,
            actor=acting_user,
            actor_organisation=str(acting_user.organisation or ""),
            reason=reason or transition.default_reason,
        )
        locked.status = transition.target
        locked.save(update_fields=["status", "updated_at"])
        _notify_owner(locked, record)
    project.status = locked.status
    return record


def _notify_owner(project: Project, record: ProjectTransition) -> None:
    """Tell the project unit's users when someone else moved their project (after commit)."""
    from yiguoji.core.models import User
    from yiguoji.core.services.notifications import notify

    actor = record.actor
    if actor.organisation_id == project.owner_id:
        return

    def send():
        recipients = User.objects.filter(
            organisation_id=project.owner_id, role=Role.PROJECT_UNIT, is_active=True
        )
        for recipient in recipients:
            notify(
                recipient=recipient,
                key=f"projects.transition.{record.pk}",
                title=f"{project.name}：{record.get_to_status_display()}",
                body=f"{actor.get_full_name()}（{record.actor_organisation}）：{record.reason}",
                url=reverse("projects:detail", args=[project.pk]),
                level="info",
            )

    transaction.on_commit(send)


# --- the art. 24 review -----------------------------------------------------------------------

REVIEW_FIELDS = (
    "labour_demand_ok",
    "labour_demand_note",
    "wage_feasibility_ok",
    "wage_feasibility_note",
    "fund_compliance_ok",
    "fund_compliance_note",
    "fiscal_capacity_ok",
    "fiscal_capacity_note",
)


def project_review_save(*, acting_user, project: Project, checklist: dict) -> ProjectReview:
    """Save the district office's art. 24 checklist (it may be filled over several visits)."""
    access.require(acting_user, caps.REVIEW)
    scope.ensure(acting_user, scope.CHANGE, project)
    if project.status != S.RESERVE:
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，前期审查清单已不能修改"
        )
    values = {name: checklist.get(name, "" if name.endswith("note") else False)
              for name in REVIEW_FIELDS}  # fmt: skip
    with transaction.atomic(), acting_as(acting_user):
        review, _ = ProjectReview.objects.update_or_create(
            project=project,
            defaults={**values, "reviewed_by": acting_user, "reviewed_at": timezone.now()},
        )
    return review


def project_review_pass(
    *, acting_user, project: Project, checklist: dict, reason: str = ""
) -> ProjectTransition:
    """Save the checklist, then pass the review. The checklist is kept even when the review is
    refused for something else, so the reviewer's notes are never lost."""
    project_review_save(acting_user=acting_user, project=project, checklist=checklist)
    return project_transition(
        acting_user=acting_user, project=project, action="review", reason=reason
    )
