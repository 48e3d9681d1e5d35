"""What training adds to the shell: scope rules, capabilities, menu, home to-dos, page slots on
payroll's worker page and the projects' project page, and its demo data."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse

from training import capabilities as caps
from training import demo, scopes  # noqa: F401  (registers)
from training.importers.ledger import LedgerImport
from training.services.ledger import LEDGER_UPLOAD
from yiguoji.core import access, registry
from yiguoji.core.registry import HomeTask
from yiguoji.imports import uploads

uploads.register(
    LEDGER_UPLOAD,
    title="导入培训台账",
    capability=caps.MANAGE_SESSIONS,
    spec=lambda params: LedgerImport(),
    template_name="培训台账（模板）.xlsx",
)

registry.nav(
    "技能培训", "培训", "training:sessions", capability=caps.VIEW, icon="mortarboard", order=10
)
registry.nav(
    "技能培训",
    "培训台账",
    "training:records",
    capability=caps.VIEW_PEOPLE,
    icon="journal-check",
    order=20,
)
registry.nav(
    "技能培训",
    "零工变长工",
    "training:conversions",
    capability=caps.VIEW_PEOPLE,
    icon="person-up",
    order=30,
)
registry.nav(
    "技能培训", "培训统计", "training:figures", capability=caps.VIEW, icon="bar-chart", order=40
)


@registry.home_tasks
def sessions_without_ledger(user) -> list[HomeTask]:
    """Sessions this user keeps that have ended with nobody in their ledger (plan task 6)."""
    if not access.has(user, caps.MANAGE_SESSIONS):
        return []
    from training.selectors import sessions_awaiting_ledger

    count = sessions_awaiting_ledger(user).count()
    if not count:
        return []
    return [
        HomeTask(
            "培训已结束，尚未登记培训台账",
            reverse("training:sessions") + "?ledger=awaiting",
            count,
            "warning",
            hint="请登记参训人员、学时和考核结果，或导入培训台账Excel",
        )
    ]


@registry.slot("payroll.worker_detail")
def worker_trainings_slot(request, worker) -> str:
    """A worker's trainings and long-term posts, on payroll's worker page."""
    if request is None or not access.has(request.user, caps.VIEW_PEOPLE):
        return ""
    from training.selectors import worker_conversions, worker_trainings

    return render_to_string(
        "training/_worker_trainings.html",
        {
            "worker": worker,
            "records": list(worker_trainings(request.user, worker)),
            "conversions": list(worker_conversions(request.user, worker)),
        },
        request=request,
    )


@registry.slot("projects.project_detail")
def project_training_slot(request, project) -> str:
    """A project's trainings, pre-start share and maintenance candidates, on its page."""
    if request is None or not access.has(request.user, caps.VIEW):
        return ""
    from training import figures
    from training.selectors import maintenance_positions, sessions_for

    shares = figures.pre_start_shares(request.user, project=project)
    return render_to_string(
        "training/_project_training.html",
        {
            "project": project,
            "sessions": list(sessions_for(request.user).filter(project=project)),
            "share": shares[0] if shares else None,
            "maintenance_positions": maintenance_positions(project).count(),
            "can_see_people": access.has(request.user, caps.VIEW_PEOPLE),
        },
        request=request,
    )
