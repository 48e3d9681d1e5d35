"""Reminding project units of missing wage ledgers before the monthly deadline (plan task 5:
报送及时; plan task 9: the ledger is filed monthly).

Every day (Celery beat, ``payroll.send_ledger_reminders``): for last month, once the reminder
period has begun (``PayrollYear.reminder_lead_days`` before the ledger deadline), every project
with attendance in that month whose ledger has not been submitted gets a notification for the
users of its project unit and contractor; after the deadline, an overdue one. The notification's
key names the project, the month and the stage, and notifications are unique per (recipient,
key): running the job twice, or on every day of the period, sends each reminder once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from payroll.models import AttendanceMonth, WageLedger
from payroll.services.wage_rules import rules_for
from projects.models import Project
from yiguoji.core.models import Notification, User
from yiguoji.core.roles import Role
from yiguoji.core.services.notifications import notify
from yiguoji.months import first_of, month_label, previous_month


@dataclass(frozen=True)
class Due:
    project: Project
    month: dt.date
    deadline: dt.date
    overdue: bool
    draft: WageLedger | None


def ledgers_due(today: dt.date) -> list[Due]:
    """Projects whose ledger of last month is due (or overdue) and not yet submitted."""
    month = previous_month(first_of(today))
    rules = rules_for(month.year)
    if today < rules.reminders_start(month):
        return []
    deadline = rules.ledger_deadline(month)
    worked = AttendanceMonth.objects.filter(month=month, days__gt=0).values("project")
    stated = WageLedger.objects.counted().filter(month=month).values("project")
    drafts = {
        ledger.project_id: ledger
        for ledger in WageLedger.objects.latest().filter(month=month, project__in=worked)
    }
    projects = (
        Project.objects.filter(pk__in=worked)
        .exclude(pk__in=stated)
        .select_related("owner", "contractor")
        .order_by("code")
    )
    return [
        Due(project, month, deadline, today > deadline, drafts.get(project.pk))
        for project in projects
    ]


def _recipients(projects) -> dict[int, list[User]]:
    """Active users of each project's unit and contractor who prepare ledgers (one query)."""
    orgs = {p.pk: [p.owner_id, *([p.contractor_id] if p.contractor_id else [])] for p in projects}
    by_org: dict[int, list[User]] = {}
    users = User.objects.filter(
        Q(role=Role.PROJECT_UNIT) | Q(role=Role.CONTRACTOR),
        organisation_id__in={org for ids in orgs.values() for org in ids},
        is_active=True,
    ).order_by("pk")
    for user in users:
        by_org.setdefault(user.organisation_id, []).append(user)
    return {pk: [u for org in ids for u in by_org.get(org, [])] for pk, ids in orgs.items()}


def ledger_reminders_send(*, today: dt.date | None = None) -> int:
    """Notify who has a ledger due; returns how many notifications were new."""
    today = today or timezone.localdate()
    due = ledgers_due(today)
    recipients = _recipients([d.project for d in due])
    sent = 0
    for item in due:
        project, label = item.project, month_label(item.month)
        if item.overdue:
            title = f"{project.code} {label}劳务报酬发放台账已逾期未提交"
            level, stage = Notification.Level.DANGER, "overdue"
        else:
            title = f"{project.code} {label}劳务报酬发放台账请于{item.deadline:%m月%d日}前提交"
            level, stage = Notification.Level.WARNING, "due"
        state = "已有草稿，尚未提交" if item.draft else "尚未编制"
        body = (
            f"{project.name}{label}有务工人员出勤，劳务报酬发放台账{state}。"
            f"提交期限：{item.deadline:%Y年%m月%d日}（重点任务9：按月建立劳务报酬发放台账）。"
        )
        url = (
            reverse("payroll:ledger_detail", args=[item.draft.pk])
            if item.draft
            else reverse("payroll:ledger_new")
        )
        key = f"payroll.ledger:{project.pk}:{item.month:%Y-%m}:{stage}"
        for user in recipients.get(project.pk, []):
            _, created = notify(
                recipient=user, key=key, title=title, body=body, url=url, level=level
            )
            sent += created
    return sent
