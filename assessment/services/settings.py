"""The assessment's per-year settings and scoring rules, set by the district office (plan task
10: indicators, weights, thresholds and deduction rules are data, per year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from assessment import capabilities as caps
from assessment.choices import AppliesTo, RuleKind
from assessment.models import AssessmentYear, ScoringRule
from yiguoji.core import access
from yiguoji.core.audit import acting_as

# What each kind of rule needs besides weight and points (ScoringRule's docstring).
REQUIRED: dict[str, tuple[str, ...]] = {
    RuleKind.BELOW_LAST_YEAR: (),
    RuleKind.FORECAST_DEVIATION: ("threshold",),
    RuleKind.FINDINGS: ("finding_kinds",),
    RuleKind.ARREARS: (),
    RuleKind.LATE_REPORTS: (),
    RuleKind.WAGE_SHARE: (),
    RuleKind.MISSING_FORECAST: (),
    RuleKind.MISSING_SUMMARY: (),
    RuleKind.COMPLAINTS_OVERDUE: (),
    RuleKind.COMPLAINTS_UPHELD: (),
    RuleKind.MARKED_RESULTS: ("threshold",),
}
# Kinds that read one of plan task 10's three figures (blank: all three, each counted).
METRIC_KINDS = (RuleKind.BELOW_LAST_YEAR, RuleKind.FORECAST_DEVIATION, RuleKind.MARKED_RESULTS)
REQUIRED_LABELS = {"metric": "指标数据", "threshold": "阈值", "finding_kinds": "问题类型"}
DEFAULT_REPORT_DUE_DAY = 25  # after the ledgers' own deadline (payroll: 20th by default)


def year_settings(year: int) -> AssessmentYear | None:
    return AssessmentYear.objects.filter(year=year).first()


def refuse_if_published(year: int) -> None:
    settings = year_settings(year)
    if settings is not None and settings.is_published:
        raise ValidationError(f"{year}年度考核结果已发布，考核设置和结果均已冻结，不能再修改")


def assessment_year_save(
    *,
    acting_user,
    year: int,
    report_due_day: int,
    forecast_due: dt.date,
    summary_due: dt.date,
) -> AssessmentYear:
    access.require(acting_user, caps.MANAGE_SCORING)
    refuse_if_published(year)
    errors = {}
    if not 1 <= report_due_day <= 28:
        errors["report_due_day"] = "月度反馈确认截止日应为1至28日"
    if forecast_due.year != year:
        errors["forecast_due"] = f"年初预测报送截止日期应在{year}年内"
    if summary_due.year not in (year, year + 1):
        errors["summary_due"] = f"年度总结报送截止日期应在{year}年底或{year + 1}年初"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user):
        settings, _ = AssessmentYear.objects.update_or_create(
            year=year,
            defaults={
                "report_due_day": report_due_day,
                "forecast_due": forecast_due,
                "summary_due": summary_due,
                "updated_by": acting_user,
            },
        )
    return settings


def _check_rule(rule: ScoringRule) -> None:
    errors = {}
    for name in REQUIRED.get(rule.kind, ()):
        if not getattr(rule, name):
            errors[name] = f"“{RuleKind(rule.kind).label}”须设置{REQUIRED_LABELS[name]}"
    if (
        rule.kind == RuleKind.FORECAST_DEVIATION
        and rule.threshold is not None
        and rule.threshold <= 0
    ):
        errors["threshold"] = "偏差阈值须大于零，如 0.20 表示偏差超过 20% 扣分"
    if rule.kind == RuleKind.MISSING_SUMMARY and rule.applies_to != AppliesTo.TOWNSHIP:
        errors["applies_to"] = "年度总结和典型案例由乡镇报送：该规则只适用于乡镇（街道）"
    if rule.kind == RuleKind.MARKED_RESULTS and rule.applies_to != AppliesTo.TOWNSHIP:
        errors["applies_to"] = (
            "保障措施（三）：对成效显著的乡镇予以倾斜，该规则只适用于乡镇（街道）"
        )
    if rule.weight is not None and rule.weight <= 0:
        errors["weight"] = "分值须大于零"
    if rule.points is not None and rule.points <= 0:
        errors["points"] = "每次扣分须大于零"
    if errors:
        raise ValidationError(errors)


RULE_FIELDS = (
    "order", "indicator", "weight", "kind", "applies_to", "metric", "threshold", "points",
    "finding_kinds", "note",
)  # fmt: skip


def scoring_rule_save(
    *, acting_user, year: int, values: dict, rule: ScoringRule | None = None
) -> ScoringRule:
    """Create or change one rule of ``year`` (refused once the year's results are published)."""
    access.require(acting_user, caps.MANAGE_SCORING)
    refuse_if_published(year)
    if rule is not None and rule.year != year:
        raise ValidationError("不能把考核指标移到另一年度")
    rule = rule or ScoringRule(year=year)
    for name in RULE_FIELDS:
        if name in values:
            setattr(rule, name, values[name])
    if rule.kind != RuleKind.FINDINGS:
        rule.finding_kinds = []
    if rule.kind not in METRIC_KINDS:
        rule.metric = ""
    if rule.kind not in (RuleKind.FORECAST_DEVIATION, RuleKind.WAGE_SHARE, RuleKind.MARKED_RESULTS):
        rule.threshold = None
    rule.indicator = (rule.indicator or "").strip()
    _check_rule(rule)
    with transaction.atomic(), acting_as(acting_user):
        rule.full_clean()
        rule.save()
    return rule


def scoring_rule_delete(*, acting_user, rule: ScoringRule) -> None:
    access.require(acting_user, caps.MANAGE_SCORING)
    refuse_if_published(rule.year)
    from assessment.models import ScoreLine

    with transaction.atomic(), acting_as(acting_user):
        # Lines of unpublished sheets computed with this rule go with it.
        ScoreLine.objects.filter(rule=rule).delete()
        rule.delete()


def scoring_rules_copy(*, acting_user, from_year: int, to_year: int) -> int:
    """Start a year's rules from another year's (only into a year that has none yet)."""
    access.require(acting_user, caps.MANAGE_SCORING)
    refuse_if_published(to_year)
    if ScoringRule.objects.filter(year=to_year).exists():
        raise ValidationError(f"{to_year}年度已有考核指标，不能复制覆盖")
    source = list(ScoringRule.objects.filter(year=from_year))
    if not source:
        raise ValidationError(f"{from_year}年度没有考核指标可复制")
    with transaction.atomic(), acting_as(acting_user):
        for rule in source:
            rule.pk = None
            rule.year = to_year
        ScoringRule.objects.bulk_create(source)
    return len(source)


def full_marks(rules) -> Decimal:
    """The weights of the deduction rules; bonus rules add on top (safeguard (三))."""
    return sum((rule.weight for rule in rules if not rule.adds_points), Decimal("0"))
