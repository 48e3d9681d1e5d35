"""Monthly reports per project (月度反馈) and the quarterly dispatch workbook (季度调度).

Plan task 5: 各项目单位按月度更新反馈适用以工代赈项目带动当地农民就业和发放劳务报酬数等项目实施
情况；按季度填报“……信息调度系统”. Art. 12: 定期调度、动态监测.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from assessment.choices import ReportStatus
from assessment.models.files import dispatch_path
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0")}


@track()
class MonthlyReport(models.Model):
    """One project's month, computed from its wage ledgers by the monthly job, then confirmed
    (or answered with an explanation) by the project unit.

    The computed figures (``COMPUTED``) are written only by ``monthly_reports_compute``; the unit
    adds what the ledgers cannot know (funds in place, investment completed, progress) when it
    confirms. A confirmed report is the unit's statement and is not recomputed: when the ledgers
    change afterwards, ``ledgers_changed`` says so and the unit confirms again.
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="monthly_reports",
        verbose_name="项目",
    )
    month = models.DateField("月份", help_text="当月1日")
    # --- from the wage ledgers (the ledger of this month, and payments dated in this month) ---
    workers = models.PositiveIntegerField("务工人数", default=0)
    priority_workers = models.PositiveIntegerField("其中优先群体", default=0)
    migrant_workers = models.PositiveIntegerField(
        "其中外地务工人员", default=0, help_text="户籍在本区以外（第四十五条），与本地农民分开统计"
    )
    person_days = models.DecimalField("务工天数（人·日）", max_digits=10, decimal_places=1,
                                      default=Decimal("0"))  # fmt: skip
    payable = models.DecimalField("本月应发劳务报酬（元）", **MONEY)
    paid = models.DecimalField(
        "本月实发劳务报酬（元）", help_text="发放日期（北京时间）在本月内的实发金额", **MONEY
    )
    arrears = models.DecimalField(
        "截至月末欠发（元）",
        help_text="发放期限已过、到月末仍未足额发放的金额（本月及以前各月台账）",
        **MONEY,
    )
    ledger_status = models.CharField("本月台账状态", max_length=30, blank=True)
    computed_at = models.DateTimeField("数据生成时间")
    ledgers_changed = models.BooleanField(
        "确认后台账有变化", default=False, help_text="确认后台账被更正，须重新确认"
    )
    # --- from the project unit ---
    status = models.CharField(
        "状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.PENDING
    )
    due_on = models.DateField("确认截止日期")
    funds_in_place = models.DecimalField(
        "累计到位资金（元）", null=True, blank=True, max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    investment_completed = models.DecimalField(
        "累计完成投资（元）", null=True, blank=True, max_digits=14, decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )  # fmt: skip
    progress = models.PositiveSmallIntegerField(
        "形象进度（%）", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    annotation = models.TextField("情况说明", blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    COMPUTED = (
        "workers", "priority_workers", "person_days", "payable", "paid", "arrears",
        "ledger_status",
    )  # fmt: skip

    class Meta:
        ordering = ["-month", "project__code"]
        verbose_name = verbose_name_plural = "月度反馈"
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="monthly_report_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="monthly_report_first_day"),
            models.CheckConstraint(
                condition=Q(priority_workers__lte=models.F("workers")),
                name="monthly_report_priority_within_workers",
            ),
        ]
        indexes = [models.Index(fields=["month", "status"])]

    def __str__(self) -> str:
        return f"{self.project.code} {self.month:%Y年%m月}月度反馈"

    @property
    def answered(self) -> bool:
        return self.status != ReportStatus.PENDING

    @property
    def late(self) -> bool:
        """Answered after its due day, or still unanswered past it (Asia/Shanghai dates)."""
        from django.utils import timezone

        if self.confirmed_at is None:
            return timezone.localdate() > self.due_on
        return timezone.localtime(self.confirmed_at).date() > self.due_on


@track()
class QuarterlyDispatch(models.Model):
    """The quarter's dispatch workbook (one row per project, cumulative figures), kept as a file.

    Built by the quarterly job once, rebuilt on request by the district office (the row keeps
    who built it last and when; the audit trail keeps every earlier build's time and builder).
    """

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField(
        "季度", validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    file = models.FileField("调度表", upload_to=dispatch_path, max_length=200)
    filename = models.CharField("文件名", max_length=200)
    projects = models.PositiveIntegerField("项目数")
    built_at = models.DateTimeField("生成时间")
    built_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="生成人",
        help_text="空表示由定时任务生成",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = verbose_name_plural = "季度调度表"
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="dispatch_once_per_quarter"),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="dispatch_quarter_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度调度表"
