"""Per-year settings the district office sets: the wage-share target, required documents."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from projects.choices import DocumentKind, ProjectStatus, RequirementCondition
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class ProgrammeYear(models.Model):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    # art. 30: wages as high a share of fiscal special funds as possible, against the target
    # the district sets for the year.
    wage_share_target = models.DecimalField(
        "劳务报酬占专项资金比例目标",
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="如 0.30 表示 30%",
    )
    # plan task 9: a dedicated wage account for projects above a scale threshold.
    wage_account_threshold = models.DecimalField(
        "须设工资专用账户的总投资标准（元）",
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="总投资达到此金额的项目，开工前须上传农民工工资专用账户证明；留空表示不要求",
    )
    notice_days = models.PositiveSmallIntegerField(
        "开工前公示期（天）",
        default=7,
        help_text="开工前公示满此天数后方可登记开工；0 表示公示当日即可开工",
    )
    # safeguard (二), art. 21: the district's view of funds idle or spent ahead of progress.
    # Each blank threshold switches its warning off.
    idle_share = models.DecimalField(
        "已拨付未支出资金预警比例",
        max_digits=5,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text="已拨付资金中尚未形成支出（累计完成投资）的部分超过此比例，且最近一次拨付已满下列天数的，"
        "提示资金闲置；如 0.50 表示 50%",
    )
    idle_days = models.PositiveSmallIntegerField(
        "闲置资金预警天数",
        null=True,
        blank=True,
        help_text="最近一次拨付后满此天数仍未支出的，才提示资金闲置",
    )
    lag_points = models.PositiveSmallIntegerField(
        "拨付滞后于进度预警（百分点）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="形象进度比拨付进度（已拨付÷计划资金）高出此百分点数的，提示资金未按进度拨付",
    )
    ahead_points = models.PositiveSmallIntegerField(
        "支出超前于进度预警（百分点）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="支出进度（累计完成投资÷计划资金）比形象进度高出此百分点数的，提示支出超前于工程进度",
    )
    # art. 18 (严禁重复安排): two works of the same kind whose sites are this close are shown to
    # the reviewer as possibly the same work (projects.duplicates). Blank: sites not compared.
    duplicate_distance_m = models.PositiveIntegerField(
        "疑似重复安排提示距离（米）",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100000)],
        help_text="同一行业领域的两个项目工地相距不超过此距离的，提示审查人核实是否同一建设内容；留空不比较工地位置",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="设置人",
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "年度参数"

    def __str__(self) -> str:
        return f"{self.year}年度"


@track()
class DocumentRequirement(models.Model):
    """A document a project needs before it may enter ``stage`` (kept as data, per year)."""

    programme_year = models.ForeignKey(
        ProgrammeYear,
        on_delete=models.CASCADE,
        related_name="requirements",
        verbose_name="年度",
    )
    stage = models.CharField("进入阶段", max_length=20, choices=ProjectStatus.choices)
    kind = models.CharField("所需文件", max_length=30, choices=DocumentKind.choices)
    condition = models.CharField(
        "适用项目",
        max_length=20,
        choices=RequirementCondition.choices,
        default=RequirementCondition.ALWAYS,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["programme_year", "stage", "kind"]
        verbose_name = verbose_name_plural = "各阶段所需文件"
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "stage", "kind"], name="requirement_once_per_stage"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()}：{self.get_kind_display()}"


@track()
class AtRiskCollective(models.Model):
    """A collective at risk of falling back into weakness (存在“返薄”风险的集体经济组织), as the
    district lists it for the year: its projects come first among the annual list's candidates
    (plan scope (三): 存在“返薄”风险的集体经济组织优先)."""

    programme_year = models.ForeignKey(
        ProgrammeYear,
        on_delete=models.CASCADE,
        related_name="at_risk_collectives",
        verbose_name="年度",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="村集体经济组织",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "存在返薄风险的集体经济组织"
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "organisation"], name="at_risk_collective_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_year_id}:{self.organisation_id}"
