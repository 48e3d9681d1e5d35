"""What the project pipeline adds to the shell: scope rules, capabilities, menu, home-page
to-dos, job kinds and demo data."""

from celery.schedules import crontab
from django.urls import reverse

from projects import capabilities as caps
from projects import demo, demo_funds, demo_sites, scopes  # noqa: F401  (registers)
from projects.choices import ChangeStatus, ComplaintStatus, ProjectStatus
from projects.importers import UPLOAD_KEY, ProposedProjectImport
from yiguoji import scope
from yiguoji.core import access, registry
from yiguoji.core.registry import HomeTask
from yiguoji.core.terms import terms
from yiguoji.imports import uploads

registry.nav("项目管理", "项目库", "projects:list", capability=caps.VIEW, icon="kanban", order=10)
registry.nav("项目管理", "项目地图", "projects:map", capability=caps.VIEW, icon="map", order=15)
registry.nav(
    "项目管理",
    "年度项目清单",
    "projects:annual",
    capability=caps.VIEW_ANNUAL_LIST,
    icon="list-check",
    order=20,
)
registry.nav(
    "项目管理",
    "变更申请",
    "projects:changes",
    capability=caps.VIEW,
    icon="arrow-left-right",
    order=30,
)
registry.nav(
    "项目管理",
    "导入拟申报项目",
    "projects:import",
    capability=caps.IMPORT,
    icon="file-earmark-arrow-up",
    order=40,
)
registry.nav(
    "项目管理",
    "年度参数",
    "projects:settings",
    capability=caps.MANAGE_SETTINGS,
    icon="sliders",
    order=50,
)

registry.nav(
    "监测考核",
    "投诉举报",
    "projects:complaints",
    capability=caps.VIEW_COMPLAINTS,
    icon="telephone-inbound",
    order=70,
)
registry.nav(
    "项目管理",
    "公开页面设置",
    "projects:public_settings",
    capability=caps.PUBLISH,
    icon="globe",
    order=60,
)
# Every half hour: overdue complaints go up to the district office; answered ones whose
# confirmation period has passed are closed (both idempotent).
registry.periodic(
    "projects.complaint_deadlines", "projects.complaint_deadlines", crontab(minute="*/30")
)

uploads.register(
    UPLOAD_KEY,
    title="导入拟申报项目",
    capability=caps.IMPORT,
    spec=lambda params: ProposedProjectImport(),
    template_name="以工代赈拟申报项目表（模板）.xlsx",
)

S = ProjectStatus

# (capability, status, label, level): what waits for whom, counted in the user's change scope.
WAITING = (
    (caps.REVIEW, S.RESERVE, "储备项目待前期审查", "warning"),
    (caps.COMPILE_LIST, S.REVIEWED, "已审查项目待列入年度清单", "info"),
    (caps.APPROVE, S.LISTED, "年度清单项目待批复", "warning"),
    (caps.IMPLEMENT, S.APPROVED, "已批复项目待开工（须先完成开工前公示）", "info"),
    (caps.ACCEPT, S.COMPLETED, "已完工项目待验收", "warning"),
)


@registry.home_tasks
def project_tasks(user):
    from projects.models import ChangeRequest, Project

    tasks = []
    for capability, status, label, level in WAITING:
        if not access.has(user, capability):
            continue
        count = scope.restrict(Project.objects.filter(status=status), user, scope.CHANGE).count()
        if count:
            url = f"{reverse('projects:list')}?status={status}"
            tasks.append(HomeTask(label, url, count, level))
    if access.has(user, caps.DECIDE_CHANGE):
        pending = scope.restrict(
            ChangeRequest.objects.filter(status=ChangeStatus.PENDING), user, scope.CHANGE
        ).exclude(requested_by=user)
        count = pending.count()
        if count:
            tasks.append(HomeTask("项目变更申请待审批", reverse("projects:changes"), count))
    return tasks


@registry.home_tasks
def complaint_tasks(user):
    from projects.models import Complaint

    tasks = []
    if access.has(user, caps.HANDLE_COMPLAINTS):
        mine = Complaint.objects.open().filter(handler_id=user.organisation_id)
        counts = {row["status"]: row["n"] for row in _count_by_status(mine)}
        url = reverse("projects:complaints")
        for status, label in (
            (ComplaintStatus.RECEIVED, "投诉举报待受理"),
            (ComplaintStatus.PROCESSING, "投诉举报待答复"),
        ):
            if counts.get(status):
                tasks.append(
                    HomeTask(
                        label,
                        f"{url}?status={status}",
                        counts[status],
                        "danger",
                        hint=f"逾期将升级{terms().office}督办",
                    )
                )
    if access.has(user, caps.SUPERVISE_COMPLAINTS):
        count = Complaint.objects.escalated().count()
        if count:
            url = f"{reverse('projects:complaints')}?escalated=true"
            tasks.append(HomeTask("逾期升级督办的投诉举报", url, count, "danger"))
    return tasks


def _count_by_status(queryset):
    from django.db.models import Count

    return queryset.order_by().values("status").annotate(n=Count("pk"))
