"""Home-page to-dos of monitoring and assessment: what waits for whom (counted in scope)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import AppealStatus, FindingStatus, ReportStatus
from assessment.models import (
    AnnualSummary,
    Appeal,
    AssessmentYear,
    Finding,
    Forecast,
    MonthlyReport,
)
from assessment.periods import current_month
from yiguoji import scope
from yiguoji.core import access, registry
from yiguoji.core.models import Township
from yiguoji.core.registry import HomeTask


def _reports(user, today) -> list[HomeTask]:
    tasks = []
    if access.has(user, caps.CONFIRM_REPORTS):
        waiting = scope.restrict(
            MonthlyReport.objects.filter(month__lt=current_month()), user, scope.CHANGE
        ).filter(status=ReportStatus.PENDING) | scope.restrict(
            MonthlyReport.objects.filter(ledgers_changed=True), user, scope.CHANGE
        )
        waiting = list(waiting.values_list("due_on", flat=True))
        if waiting:
            overdue = sum(1 for due in waiting if due < today)
            tasks.append(
                HomeTask(
                    "月度反馈待确认",
                    reverse("assessment:reports") + "?status=pending",
                    len(waiting),
                    "danger" if overdue else "warning",
                    hint=f"其中 {overdue} 份已逾期" if overdue else "请在次月截止日前确认或说明",
                )
            )
    if access.has(user, caps.COMPUTE_REPORTS):
        overdue = scope.restrict(
            MonthlyReport.objects.filter(status=ReportStatus.PENDING, due_on__lt=today), user
        ).count()
        if overdue:
            tasks.append(
                HomeTask(
                    "逾期未确认的月度反馈",
                    reverse("assessment:reports") + "?status=overdue",
                    overdue,
                    "danger",
                )
            )
    return tasks


def _summaries(user, today, years: dict) -> list[HomeTask]:
    tasks = []
    for year, settings in sorted(years.items()):
        if today.month < 12 and year == today.year:
            continue  # the summary of the year is written from December on
        if access.has(user, caps.WRITE_SUMMARY) and user.township_id:
            submitted = AnnualSummary.objects.filter(
                township_id=user.township_id, year=year, status="submitted"
            ).exists()
            if not submitted:
                tasks.append(
                    HomeTask(
                        f"{year}年度总结和典型案例待提交",
                        reverse("assessment:summary_edit", args=[year]),
                        None,
                        "danger" if today > settings.summary_due else "warning",
                        hint=f"截止日期 {settings.summary_due:%Y年%m月%d日}",
                    )
                )
        if access.has(user, caps.RETURN_SUMMARY) and today > settings.summary_due:
            missing = Township.objects.exclude(
                annual_summaries__year=year, annual_summaries__status="submitted"
            ).count()
            if missing:
                tasks.append(
                    HomeTask(
                        f"{year}年度总结逾期未提交的乡镇（街道）",
                        reverse("assessment:summaries") + f"?year={year}",
                        missing,
                        "warning",
                    )
                )
    return tasks


def _forecast(user, today, years: dict) -> list[HomeTask]:
    if not access.has(user, caps.SUBMIT_FORECAST) or not user.organisation_id:
        return []
    settings = years.get(today.year)
    if settings is None:
        return []
    if Forecast.objects.filter(year=today.year, organisation_id=user.organisation_id).exists():
        return []
    return [
        HomeTask(
            f"{today.year}年初预测待报送",
            reverse("assessment:forecast_submit"),
            None,
            "danger" if today > settings.forecast_due else "warning",
            hint=f"项目数量、惠及当地农民数量和劳务报酬金额，截止 {settings.forecast_due:%m月%d日}",
        )
    ]


def _supervision(user, today) -> list[HomeTask]:
    tasks = []
    url = reverse("assessment:findings")
    if access.has(user, caps.RECTIFY_FINDINGS) and user.organisation_id:
        count = Finding.objects.filter(
            organisation_id=user.organisation_id, status=FindingStatus.OPEN
        ).count()
        if count:
            tasks.append(HomeTask("监督检查发现问题待整改", f"{url}?status=open", count, "danger"))
    if access.has(user, caps.VERIFY_FINDINGS):
        count = scope.restrict(
            Finding.objects.filter(status=FindingStatus.RECTIFIED), user, scope.CHANGE
        ).count()
        if count:
            tasks.append(HomeTask("问题整改待审核销号", f"{url}?status=rectified", count))
    if access.has(user, caps.MANAGE_SCORING):
        count = Appeal.objects.filter(status=AppealStatus.PENDING).count()
        if count:
            tasks.append(HomeTask("考核申诉待处理", reverse("assessment:appeals"), count))
    return tasks


YEARLY = (caps.WRITE_SUMMARY, caps.RETURN_SUMMARY, caps.SUBMIT_FORECAST)


@registry.home_tasks
def assessment_tasks(user) -> list[HomeTask]:
    today = timezone.localdate()
    years = {}
    if any(access.has(user, capability) for capability in YEARLY):  # one query for both
        years = {
            s.year: s for s in AssessmentYear.objects.filter(year__in=(today.year - 1, today.year))
        }
    return (
        _reports(user, today)
        + _summaries(user, today, years)
        + _forecast(user, today, years)
        + _supervision(user, today)
    )
