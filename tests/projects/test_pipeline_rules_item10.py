"""Project pipeline rules (issue 11 item 10): art. 18 (new or continuing projects, never
arranged twice), art. 20 (fiscal capacity and debt risk in the review), art. 24 second paragraph
(the annual list's candidates by wage share and local workers), art. 27 (a responsible unit and
person for quality), art. 26 (tender exemption with its basis) and plan scope (三) (collectives
at risk of falling back, 返薄, favoured)."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from projects.choices import DocumentKind, NoticeKind, ProjectStatus
from projects.models import ProjectReview
from projects.selectors import annual_candidates
from projects.services.lifecycle import TransitionRefused, project_transition
from projects.services.programme import programme_year_save
from tests.projects.conftest import add_documents, add_notice, pass_review_checklist
from tests.projects.factories import FundingLineFactory

pytestmark = pytest.mark.django_db
S = ProjectStatus


def _missing(project, user, action):
    with pytest.raises(TransitionRefused) as refused:
        project_transition(acting_user=user, project=project, action=action)
    return refused.value.missing


def test_art_18_no_special_funds_to_continue_a_completed_project(cast, make_project, programme):
    done = make_project(status=S.COMPLETED, name="岔道村道路一期", year=2025)
    project = make_project(status=S.REVIEWED, name="岔道村道路二期", continues=done)
    (message,) = _missing(project, cast.district_office, "list")
    assert message == (
        f"续建的前期项目“{done.code} 岔道村道路一期”已完工，"
        "以工代赈专项资金不得用于已完工项目（第十八条）"
    )


def test_art_18_the_same_work_never_arranged_twice(cast, make_project, programme):
    first = make_project(status=S.IN_PROGRESS, name="岔道村排水沟渠整治", year=2025)
    again = make_project(status=S.REVIEWED, name="岔道村排水沟渠整治")
    (message,) = _missing(again, cast.district_office, "list")
    assert f"与2025年项目“{first.code} 岔道村排水沟渠整治”名称和地点相同" in message
    assert "不得重复安排以工代赈专项资金（第十八条）" in message
    # declared as the continuation of the unfinished first phase, it may be listed
    again.continues = first
    again.save()
    project_transition(acting_user=cast.district_office, project=again, action="list")
    # in another township the same name is another work
    other = make_project(status=S.REVIEWED, name="岔道村排水沟渠整治",
                         townships=[cast.other_township])  # fmt: skip
    project_transition(acting_user=cast.district_office, project=other, action="list")


def test_art_20_the_review_weighs_fiscal_capacity_and_debt_risk(cast, make_project, programme):
    project = make_project()
    pass_review_checklist(project, cast.district_office)
    ProjectReview.objects.filter(project=project).update(fiscal_capacity_ok=False)
    assert _missing(project, cast.district_office, "review") == [
        "前期审查清单“财政承受能力和债务风险”未确认符合要求（第二十条）"
    ]
    ProjectReview.objects.filter(project=project).update(fiscal_capacity_ok=True,
                                                         fiscal_capacity_note="")  # fmt: skip
    assert _missing(project, cast.district_office, "review") == [
        "前期审查清单“财政承受能力和债务风险”未填写审查意见（第二十条）"
    ]


def test_art_27_and_26_quality_responsibility_and_tender_basis_before_start(
    cast, make_project, programme
):
    project = make_project(status=S.APPROVED, quality_unit="", quality_person="",
                           tender_exempt=True, tender_exempt_basis="")  # fmt: skip
    add_documents(project, DocumentKind.TENDER_CONTRACT, DocumentKind.WAGE_PLEDGE)
    add_notice(project, NoticeKind.PRE_START)
    assert _missing(project, cast.project_unit, "start") == [
        "选择不进行招标的，须写明依据（第二十六条、第三十六条）",
        "未明确工程质量责任单位和责任人（第二十七条）",
    ]
    project.quality_unit, project.quality_person = "妫水建筑公司", "张工"
    project.tender_exempt_basis = "小型农业农村基础设施项目（第二十六条）"
    project.save()
    project_transition(acting_user=cast.project_unit, project=project, action="start")


def test_art_24_candidates_by_wage_share_and_local_workers_at_risk_first(
    cast, make_project, programme
):
    """Planned wages against central funds (600,000 each): A 30%, B 40%, C 40% with more local
    workers, D none (no central funds, fiscal only: last of the shares); E, of a collective at
    risk of falling back, comes first whatever its share (plan scope (三))."""

    def reviewed(name, wages, jobs, central=True, **extra):
        project = make_project(
            status=S.REVIEWED,
            name=name,
            complete=False,
            planned_wage_total=D(wages),
            planned_local_jobs=jobs,
            **extra,
        )
        FundingLineFactory(
            project=project,
            amount=D("600000"),
            **({} if central else {"source": "district", "is_special_fund": False}),
        )
        return project  # fmt: skip

    a = reviewed("A", "180000", 30)
    b = reviewed("B", "240000", 20)
    c = reviewed("C", "240000", 40)
    d = reviewed("D", "300000", 50, central=False)
    e = reviewed("E", "60000", 5, owner=cast.orgs["other_unit"],
                 townships=[cast.township])  # fmt: skip
    # before the district lists E's collective: E is 60,000 / 600,000 = 10%
    assert [p.pk for p in annual_candidates(cast.district_office, 2026)] == [
        c.pk,
        b.pk,
        a.pk,
        e.pk,
        d.pk,
    ]
    programme_year_save(
        acting_user=cast.district_office, year=2026, wage_share_target=D("0.3"),
        wage_account_threshold=None, notice_days=7,
        at_risk_collectives=[cast.orgs["other_unit"]],
    )  # fmt: skip
    rows = list(annual_candidates(cast.district_office, 2026))
    assert [p.pk for p in rows] == [e.pk, c.pk, b.pk, a.pk, d.pk]
    assert rows[0].at_risk and not rows[1].at_risk
    with pytest.raises(ValidationError, match="不是村集体经济组织或村民委员会"):
        programme_year_save(
            acting_user=cast.district_office, year=2026, wage_share_target=D("0.3"),
            wage_account_threshold=None, notice_days=7,
            at_risk_collectives=[cast.orgs["contractor"]],
        )  # fmt: skip
