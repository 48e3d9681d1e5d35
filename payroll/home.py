"""Home-page to-dos of the payroll app (registry.home_tasks)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from payroll import capabilities as caps
from payroll.models import LabourContract, SurveyResponse, SurveyRound, Worker
from payroll.selectors.attendance import attendance_projects_for
from payroll.services.attendance import first_of, month_label
from yiguoji import scope
from yiguoji.core import access, registry
from yiguoji.core.registry import HomeTask
from yiguoji.core.roles import Role


@registry.home_tasks
def survey_answers_to_enter(user) -> list[HomeTask]:
    """A township: its registered people without an answer in a survey round that is open."""
    if user.role != Role.TOWNSHIP or not access.has(user, caps.ENTER_SURVEY):
        return []
    tasks = []
    for survey_round in SurveyRound.objects.filter(status="open").order_by("ends_on")[:3]:
        answered = SurveyResponse.objects.filter(round=survey_round, worker=OuterRef("pk"))
        missing = (
            Worker.objects.filter(township_id=user.township_id).exclude(Exists(answered)).count()
        )
        if missing:
            tasks.append(
                HomeTask(
                    f"“{survey_round.name}”：本乡镇有已登记人员尚未填写调查",
                    reverse("payroll:survey_ledger", args=[survey_round.pk]),
                    missing,
                    "warning",
                    f"截止日期 {survey_round.ends_on:%Y-%m-%d}",
                )
            )
    return tasks


@registry.home_tasks
def attendance_to_complete(user) -> list[HomeTask]:
    """A project unit or contractor: projects whose last month's attendance is incomplete."""
    if not access.has(user, caps.KEEP_ATTENDANCE):
        return []
    last_month = first_of(first_of(timezone.localdate()) - dt.timedelta(days=1))
    projects = attendance_projects_for(user, last_month).filter(
        pk__in=scope.restrict(_projects(), user, scope.CHANGE).values("pk")
    )
    incomplete = projects.filter(entered__lt=F("hired")).count()
    if not incomplete:
        return []
    url = reverse("payroll:attendance_projects") + f"?month={last_month:%Y-%m}"
    return [
        HomeTask(
            f"{month_label(last_month)}考勤尚未录入完整的项目",
            url,
            incomplete,
            "warning",
            "每位在岗务工人员每月都应登记考勤（没有出勤也填0）",
        )
    ]


@registry.home_tasks
def contracts_to_sign(user) -> list[HomeTask]:
    """A project unit or contractor: active contracts without the signed scan (art. 29)."""
    if not access.has(user, caps.HIRE):
        return []
    count = (
        scope.restrict(LabourContract.objects.filter(status="active"), user, scope.CHANGE)
        .filter(Q(scan="") | Q(signed_on__isnull=True))
        .count()
    )
    if not count:
        return []
    return [
        HomeTask(
            "劳务合同尚未上传签字扫描件",
            reverse("payroll:contracts") + "?signed=no&status=active",
            count,
            "warning",
            "第二十九条：督促施工单位与务工群众签订劳务合同",
        )
    ]


def _projects():
    from projects.models import Project

    return Project.objects.all()
