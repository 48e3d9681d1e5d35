"""What monitoring and assessment adds to the shell: scope rules, capabilities, menu, home-page
to-dos, periodic jobs, job kinds and demo data."""

from celery.schedules import crontab

from assessment import capabilities as caps
from assessment import demo, home, jobs, scopes  # noqa: F401  (registers)
from projects.hooks import register_transition_check
from yiguoji.core import access, registry

SECTION = "监测考核"
registry.nav(SECTION, "领导驾驶舱", "assessment:dashboard", capability=caps.VIEW_DASHBOARD,
             icon="speedometer2", order=10)  # fmt: skip
registry.nav(SECTION, "月度反馈", "assessment:reports", capability=caps.VIEW_REPORTS,
             icon="calendar3", order=20)  # fmt: skip
registry.nav(SECTION, "季度调度", "assessment:dispatches", capability=caps.VIEW_DISPATCH,
             icon="table", order=30)  # fmt: skip
registry.nav(SECTION, "资金拨付与进度", "assessment:funds", capability=caps.VIEW_FUNDS,
             icon="bank", order=35)  # fmt: skip
registry.nav(SECTION, "管护岗位和资产收益", "assessment:collectives",
             capability=caps.VIEW_FUNDS, icon="people", order=36)  # fmt: skip
registry.nav(SECTION, "年度总结和典型案例", "assessment:summaries",
             capability=caps.VIEW_SUMMARIES, icon="journal-text", order=40)  # fmt: skip
registry.nav(SECTION, "项目验收", "assessment:acceptances", capability=caps.VIEW_ACCEPTANCE,
             icon="patch-check", order=50)  # fmt: skip
registry.nav(SECTION, "监督检查", "assessment:findings", capability=caps.VIEW_FINDINGS,
             icon="search", order=60)  # fmt: skip
registry.nav(SECTION, "年初预测", "assessment:forecasts", capability=caps.VIEW_FORECASTS,
             icon="graph-up-arrow", order=80)  # fmt: skip
registry.nav(SECTION, "考核结果", "assessment:scores", capability=caps.VIEW_SCORES,
             icon="trophy", order=90)  # fmt: skip
registry.nav(SECTION, "考核指标", "assessment:rules", capability=caps.MANAGE_SCORING,
             icon="sliders2", order=100)  # fmt: skip

# Every night at 02:00 (Beijing): the monthly reports of the year so far, which on the 1st is
# the month just ended (plan task 5).
registry.periodic("assessment.monthly_reports", "assessment.monthly_reports",
                  crontab(minute=0, hour=2))  # fmt: skip
# 03:00 on the 1st-5th of January, April, July and October: the quarter before's workbook
# (built once; the later days catch a day the worker was down).
QUARTER_STARTS = crontab(minute=0, hour=3, day_of_month="1-5", month_of_year="1,4,7,10")
registry.periodic("assessment.quarterly_dispatch", "assessment.quarterly_dispatch", QUARTER_STARTS)
# 04:00 on 2-10 January: last year's scores (until the district office publishes them).
registry.periodic("assessment.year_scores", "assessment.year_scores",
                  crontab(minute=0, hour=4, day_of_month="2-10", month_of_year="1"))  # fmt: skip


def _nothing_unpaid_or_open(project) -> list[str]:
    """Art. 32 / plan task 13 through the lifecycle itself: the project page's own "验收通过"
    is refused, like the working group's form, while wages are unpaid or complaints open."""
    from assessment.services.acceptance import acceptance_blockers

    return acceptance_blockers(project)


register_transition_check("accept", _nothing_unpaid_or_open)


@registry.slot("projects.project_detail")
def project_acceptance_slot(request, project) -> str:
    """On a finished project's page: what stands in the way of acceptance and the working
    group's form (art. 32), or the acceptance record and the permanent notice once accepted."""
    from django.template.loader import render_to_string

    from projects import capabilities as project_caps
    from projects.choices import ProjectStatus

    done = (ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED, ProjectStatus.MAINTENANCE)
    if request is None or project.status not in done:
        return ""
    if not access.has(request.user, caps.VIEW_ACCEPTANCE):
        return ""
    from assessment.services.acceptance import acceptance_blockers

    context = {
        "project": project,
        "acceptances": list(project.acceptances.order_by("-accepted_on", "-id")[:3]),
        "can_accept": project.status == ProjectStatus.COMPLETED
        and access.has(request.user, project_caps.ACCEPT),
    }
    if context["can_accept"]:
        context["blockers"] = acceptance_blockers(project)
    return render_to_string("assessment/_project_acceptance.html", context, request=request)


@registry.slot("projects.project_detail")
def project_funds_slot(request, project) -> str:
    """On an approved project's page: funds disbursed against progress, with the district's
    warnings (safeguard (二), art. 21)."""
    from django.template.loader import render_to_string

    from assessment.selectors.funds import project_funds_row

    if request is None or not access.has(request.user, caps.VIEW_FUNDS):
        return ""
    row = project_funds_row(project)
    if row is None:
        return ""
    return render_to_string(
        "assessment/_project_funds.html", {"project": project, "row": row}, request=request
    )
