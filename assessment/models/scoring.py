"""Year-start forecasts and year-end scoring (实绩考核; plan task 10).

Plan task 10: 原则上各项目单位研提项目数量、惠及当地农民数量及发放劳务报酬金额不得低于上一
年度（本年度没有项目或没有适用以工代赈项目等情况应作出说明），且相关数据预测应科学准确预计，
与年底实际数据相差过大、弄虚作假将在考核评价中予以扣分。

Indicators, weights, thresholds and deduction rules are rows (``ScoringRule``) the district office
sets per year; ``assessment.services.scoring`` turns them into score sheets whose every line
names the rows that cost (or kept) its points.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from assessment.choices import (
    BONUS_KINDS,
    METRIC_ATTRIBUTES,
    AppealStatus,
    AppliesTo,
    FindingKind,
    Metric,
    RuleKind,
)
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

POINTS = {"max_digits": 6, "decimal_places": 2}


@track()
class Forecast(models.Model):
    """What a project unit or township expects for the year (项目数量、惠及农民、劳务报酬).

    The organisation's actual figures for the year before are kept beside the forecast as they
    stood when it was submitted: the explanation is judged against those.
    """

    year = models.PositiveSmallIntegerField("年度")
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="forecasts",
        verbose_name="填报单位",
    )
    projects = models.PositiveIntegerField("预计项目数量（个）")
    beneficiaries = models.PositiveIntegerField("预计惠及当地农民（人）")
    wage_total = models.DecimalField(
        "预计发放劳务报酬（元）", max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    last_projects = models.PositiveIntegerField("上年实际项目数量", default=0)
    last_beneficiaries = models.PositiveIntegerField("上年实际惠及农民", default=0)
    last_wage_total = models.DecimalField(
        "上年实际发放劳务报酬", max_digits=14, decimal_places=2, default=Decimal("0")
    )
    explanation = models.TextField(
        "低于上年的说明", blank=True, help_text="任一预测数低于上年实际时必须说明原因（重点任务10）"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="填报人"
    )
    submitted_at = models.DateTimeField("填报时间")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "organisation__name"]
        verbose_name = verbose_name_plural = "年初预测"
        constraints = [
            models.UniqueConstraint(fields=["year", "organisation"], name="forecast_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}年预测"

    def value(self, metric: str):
        return getattr(self, METRIC_ATTRIBUTES[metric])

    def last_value(self, metric: str):
        return getattr(self, "last_" + METRIC_ATTRIBUTES[metric])


@track()
class ScoringRule(models.Model):
    """An indicator with its weight and how it loses points (one deduction rule per row).

    Which parameters a kind needs (``assessment.services.settings.REQUIRED``): ``metric`` for
    below-last-year, forecast deviation and marked results (blank: all three figures of plan
    task 10), ``threshold`` (a fraction, 0.20 = 20%) for forecast deviation and marked results
    and optionally wage share (else the year's target), ``finding_kinds`` for findings.
    ``points`` is lost per occurrence; a rule never loses more than its ``weight``. A bonus kind
    (``BONUS_KINDS``, safeguard (三) 予以倾斜) adds ``points`` per occurrence instead, never
    more than its ``weight``, on top of the full marks.
    """

    year = models.PositiveSmallIntegerField("年度")
    order = models.PositiveSmallIntegerField("序号", default=0)
    indicator = models.CharField("考核指标", max_length=100)
    weight = models.DecimalField("分值", validators=[MinValueValidator(Decimal("0.01"))], **POINTS)
    kind = models.CharField("扣分规则", max_length=30, choices=RuleKind.choices)
    applies_to = models.CharField(
        "考核对象", max_length=20, choices=AppliesTo.choices, default=AppliesTo.ALL
    )
    metric = models.CharField("指标数据", max_length=20, choices=Metric.choices, blank=True)
    threshold = models.DecimalField(
        "阈值", max_digits=6, decimal_places=4, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))], help_text="比例，如 0.20 表示 20%",
    )  # fmt: skip
    points = models.DecimalField(
        "每次扣分（加分）", validators=[MinValueValidator(Decimal("0.01"))], **POINTS
    )
    finding_kinds = ArrayField(
        models.CharField(max_length=20, choices=FindingKind.choices),
        default=list,
        blank=True,
        verbose_name="问题类型",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "order", "id"]
        verbose_name = verbose_name_plural = "考核指标和扣分规则"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(points__gt=0), name="rule_points_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}（{self.weight}分）"

    @property
    def adds_points(self) -> bool:
        return self.kind in BONUS_KINDS

    @property
    def finding_kind_labels(self) -> list[str]:
        """The finding kinds this rule counts, by their Chinese names (issue 10 item 16)."""
        labels = dict(FindingKind.choices)
        return [str(labels.get(kind, "")) for kind in self.finding_kinds if kind in labels]

    def applies(self, is_township: bool) -> bool:
        if self.applies_to == AppliesTo.ALL:
            return True
        return (self.applies_to == AppliesTo.TOWNSHIP) == is_township


@track()
class ScoreSheet(models.Model):
    """One organisation's score for a year: full marks less the points lost, plus the points
    added (safeguard (三) 予以倾斜) and those restored by upheld appeals."""

    year = models.PositiveSmallIntegerField("年度")
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="score_sheets",
        verbose_name="考核对象",
    )
    is_township = models.BooleanField("乡镇（街道）", default=False)
    full_marks = models.DecimalField("满分", **POINTS)
    deducted = models.DecimalField("扣分", **POINTS)
    added = models.DecimalField("加分", default=Decimal("0"), **POINTS)
    restored = models.DecimalField("申诉恢复", default=Decimal("0"), **POINTS)
    total = models.DecimalField("得分", **POINTS)
    computed_at = models.DateTimeField("计算时间")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "-total", "organisation__name"]
        verbose_name = verbose_name_plural = "考核得分"
        constraints = [
            models.UniqueConstraint(fields=["year", "organisation"], name="score_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year}年考核得分"


@track()
class ScoreLine(models.Model):
    """What one rule did to one sheet, with the rows behind it.

    ``evidence`` is a list of ``{"type": ..., "id": ..., "label": ...}`` (types: project,
    forecast, finding, wage_line, report, summary) that the pages turn into links.
    """

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.CASCADE, related_name="lines", verbose_name="考核得分"
    )
    rule = models.ForeignKey(
        ScoringRule, on_delete=models.PROTECT, related_name="+", verbose_name="考核指标"
    )
    occurrences = models.PositiveIntegerField("扣分次数", default=0)
    lost = models.DecimalField("扣分", **POINTS)
    gained = models.DecimalField("加分", default=Decimal("0"), **POINTS)
    score = models.DecimalField("得分", **POINTS)
    detail = models.TextField("计分说明")
    evidence = models.JSONField("依据", default=list, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["sheet", "rule__order", "rule_id"]
        verbose_name = verbose_name_plural = "考核得分明细"
        constraints = [
            models.UniqueConstraint(fields=["sheet", "rule"], name="score_line_once_per_rule")
        ]

    def __str__(self) -> str:
        return f"{self.rule.indicator}：{self.score}"


@track()
class Appeal(models.Model):
    """申诉: a scored unit disputes its published score with a reason; the district office
    decides, and an upheld appeal may restore points (the published lines stay as they were)."""

    sheet = models.ForeignKey(
        ScoreSheet, on_delete=models.PROTECT, related_name="appeals", verbose_name="考核得分"
    )
    line = models.ForeignKey(
        ScoreLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name="申诉的指标",
    )
    reason = models.TextField("申诉理由")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申诉人"
    )
    filed_at = models.DateTimeField("申诉时间", auto_now_add=True)
    status = models.CharField(
        "状态", max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    decision = models.TextField("处理意见", blank=True)
    points_restored = models.DecimalField("恢复分值", default=Decimal("0"), **POINTS)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="处理人",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-id"]
        verbose_name = verbose_name_plural = "考核申诉"
        constraints = [
            models.UniqueConstraint(
                fields=["sheet"],
                condition=Q(status=AppealStatus.PENDING),
                name="appeal_one_pending_per_sheet",
                violation_error_message="该考核结果已有待处理的申诉",
            ),
            models.CheckConstraint(
                condition=Q(points_restored__gte=0), name="appeal_restored_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} 申诉"
