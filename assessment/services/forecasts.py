"""Year-start forecasts of project units and townships (plan task 10).

Plan task 10: 原则上各项目单位研提项目数量、惠及当地农民数量及发放劳务报酬金额不得低于上一年度
（本年度没有项目或没有适用以工代赈项目等情况应作出说明），且相关数据预测应科学准确预计.

A forecast below the organisation's actual figure of the year before needs an explanation; the
actual figures (``assessment.selectors.actuals``) are stored beside it as they stood. A forecast
may be changed until the year's forecast deadline; after it, a first forecast is still accepted
(and shows as late), but none is changed, since the year-end comparison is against it.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import METRIC_ATTRIBUTES, Metric
from assessment.models import Forecast
from assessment.selectors.actuals import actual_of
from assessment.services.common import clean_text
from assessment.services.settings import refuse_if_published, year_settings
from yiguoji.core import access
from yiguoji.core.audit import acting_as

UNITS = {Metric.PROJECTS: "个", Metric.BENEFICIARIES: "人", Metric.WAGES: "元"}


def _show(metric: str, value) -> str:
    if metric == Metric.WAGES:
        return f"{Decimal(value):,.2f} 元"
    return f"{value} {UNITS[metric]}"


def below_last_year(forecast: Forecast) -> list[str]:
    """Each figure forecast below last year's actual, in words."""
    return [
        f"{label}预计 {_show(metric, forecast.value(metric))}，低于上年实际 "
        f"{_show(metric, forecast.last_value(metric))}"
        for metric, label in Metric.choices
        if forecast.value(metric) < forecast.last_value(metric)
    ]


def forecast_submit(
    *,
    acting_user,
    year: int,
    projects: int,
    beneficiaries: int,
    wage_total: Decimal,
    explanation: str = "",
) -> Forecast:
    """The acting user's organisation states its forecast for ``year``."""
    access.require(acting_user, caps.SUBMIT_FORECAST)
    organisation = acting_user.organisation
    if organisation is None:
        raise PermissionDenied("您的账号未关联单位，不能报送预测")
    refuse_if_published(year)
    today = timezone.localdate()
    if year not in (today.year, today.year + 1):
        raise ValidationError({"year": f"只能报送{today.year}年或{today.year + 1}年的预测"})
    if projects < 0 or beneficiaries < 0 or wage_total < 0:
        raise ValidationError("预测数不能为负数")
    settings = year_settings(year)
    with transaction.atomic(), acting_as(acting_user):
        forecast = (
            Forecast.objects.select_for_update(of=("self",))
            .filter(year=year, organisation=organisation)
            .first()
        )
        if forecast is not None and settings is not None and today > settings.forecast_due:
            raise ValidationError(
                f"{year}年预测报送截止日期为{settings.forecast_due:%Y年%m月%d日}，"
                "截止后不能再修改（年底将按已报送的预测与实际数比较）"
            )
        last = actual_of(year - 1, organisation)
        forecast = forecast or Forecast(year=year, organisation=organisation)
        forecast.projects, forecast.beneficiaries = projects, beneficiaries
        forecast.wage_total = wage_total
        for name in METRIC_ATTRIBUTES.values():
            setattr(forecast, f"last_{name}", getattr(last, name))
        forecast.explanation = clean_text(explanation)
        below = below_last_year(forecast)
        if below and not forecast.explanation:
            raise ValidationError(
                {
                    "explanation": "；".join(below)
                    + "。预测数低于上一年度的，须说明原因（重点任务10，如本年度没有项目或"
                    "没有适用以工代赈的项目）"
                }
            )
        forecast.submitted_by = acting_user
        forecast.submitted_at = timezone.now()
        forecast.full_clean()
        forecast.save()
    return forecast
