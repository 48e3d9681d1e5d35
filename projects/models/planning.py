"""What a project plans: its funding lines by source and its positions (用工计划)."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from projects.choices import (
    FORBIDDEN_FOR_SPECIAL_FUNDS,
    NATIONAL_SPECIAL_SOURCES,
    NON_FISCAL_SOURCES,
    ExpenditureCategory,
    WorkSegment,
    fund_sources,
)
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class FundingLine(models.Model):
    """One source of a project's investment (art. 9: 项目总投资及资金来源)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="funding_lines",
        verbose_name="项目",
    )
    source = models.CharField("资金来源", max_length=30, choices=fund_sources)
    amount = models.DecimalField(
        "金额（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # The wage share is wages / fiscal special funds (art. 30). National work-relief funds are
    # special funds (art. 13); a municipal or district line may be a local special fund too.
    is_special_fund = models.BooleanField("以工代赈专项资金", default=False)
    note = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = verbose_name_plural = "资金来源"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="funding_line_positive",
                violation_error_message="金额须大于零",
            ),
            models.CheckConstraint(
                condition=~Q(source__in=sorted(NATIONAL_SPECIAL_SOURCES)) | Q(is_special_fund=True),
                name="funding_line_national_is_special",
                violation_error_message="中央预算内投资和中央财政衔接资金均为以工代赈专项资金（第十三条）",
            ),
            models.CheckConstraint(
                condition=~Q(source__in=sorted(NON_FISCAL_SOURCES)) | Q(is_special_fund=False),
                name="funding_line_non_fiscal_not_special",
                violation_error_message="社会资金和其他资金不属于财政以工代赈专项资金",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


@track()
class Position(models.Model):
    """就业岗位 / 用工计划: a planned position of a project (art. 29; plan task 4)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name="项目",
    )
    segment = models.CharField("用工环节", max_length=20, choices=WorkSegment.choices)
    title = models.CharField("岗位名称", max_length=100)
    headcount = models.PositiveIntegerField("人数", validators=[MinValueValidator(1)])
    skills = models.CharField("技能要求", max_length=200, blank=True)
    start_date = models.DateField("用工开始")
    end_date = models.DateField("用工结束")
    daily_wage = models.DecimalField(
        "日劳务报酬标准（元）",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "segment", "id"]
        verbose_name = verbose_name_plural = "就业岗位"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="position_period_ordered",
                violation_error_message="用工结束日期不能早于用工开始日期",
            ),
            models.CheckConstraint(
                condition=Q(headcount__gte=1) & Q(daily_wage__gt=0),
                name="position_headcount_wage_positive",
                violation_error_message="人数和日劳务报酬标准须大于零",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_segment_display()}）"


@track()
class ExpenditureLine(models.Model):
    """A planned expenditure line, classified so that art. 19 and art. 30 can be enforced."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="expenditure_lines",
        verbose_name="项目",
    )
    category = models.CharField("支出类别", max_length=30, choices=ExpenditureCategory.choices)
    description = models.CharField("支出内容", max_length=200)
    amount = models.DecimalField(
        "金额（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    from_special_fund = models.BooleanField("列支以工代赈专项资金", default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = verbose_name_plural = "支出计划"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="expenditure_positive",
                violation_error_message="金额须大于零",
            ),
            # art. 19: special funds "不得用于下列支出".
            models.CheckConstraint(
                condition=~Q(category__in=sorted(FORBIDDEN_FOR_SPECIAL_FUNDS))
                | Q(from_special_fund=False),
                name="expenditure_art19_not_special",
                violation_error_message="该类支出不得列支以工代赈专项资金（第十九条）",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.description}"

    @property
    def is_wages(self) -> bool:
        # art. 30: machinery rented from locals is never wages; only the wages category is.
        return self.category == ExpenditureCategory.WAGES
