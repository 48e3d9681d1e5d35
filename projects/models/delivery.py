"""Money actually disbursed to a project (safeguard (二), art. 21) and what a finished project
leaves behind: the handover, the archives and how long they are kept (plan task 8, art. 32)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q

from projects.choices import ArchiveKind
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class Disbursement(models.Model):
    """One transfer of a funding line's money (拨付), as the finance side records it.

    Art. 21: 按照以工代赈计划拨付资金……严格资金拨付程序，确保资金安全、及时、准确、规范使用;
    safeguard (二): 联合财政、审计部门对资金使用、项目进度……进行督导. A recorded transfer is
    never edited: a wrong one is reversed by a new row (``reverses``) with the reason."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name="项目",
    )
    funding_line = models.ForeignKey(
        "projects.FundingLine",
        on_delete=models.PROTECT,
        related_name="disbursements",
        verbose_name="资金来源",
    )
    amount = models.DecimalField(
        "拨付金额（元）",
        max_digits=14,
        decimal_places=2,
        help_text="冲销行为负数",
    )
    disbursed_on = models.DateField("拨付日期")
    payer = models.CharField("拨付单位", max_length=100, help_text="如 区财政局")
    payee = models.CharField("收款单位", max_length=100, help_text="如 项目单位、施工单位")
    voucher = models.CharField("拨付凭证号", max_length=60, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name="冲销的拨付",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "disbursed_on", "id"]
        verbose_name = verbose_name_plural = "资金拨付"
        indexes = [models.Index(fields=["project", "disbursed_on"])]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0)),
                name="disbursement_sign",
                violation_error_message="拨付金额须大于零；冲销行为负数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.disbursed_on:%Y-%m-%d} {self.payer}→{self.payee} {self.amount}"


@track()
class ArchiveRule(models.Model):
    """How long an archive kind is kept and whether acceptance waits for it — the district's
    data (plan task 8: 按照有关规定), never a number in code."""

    kind = models.CharField("档案类别", max_length=20, choices=ArchiveKind.choices, unique=True)
    retention_years = models.PositiveSmallIntegerField(
        "保存期限（年）", validators=[MinValueValidator(1)], help_text="自归档之日起"
    )
    required_for_acceptance = models.BooleanField(
        "验收前须归档", default=True, help_text="验收档案在验收后归档，一般不选"
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
        ordering = ["kind"]
        verbose_name = verbose_name_plural = "档案保存期限"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.retention_years}年"


@track()
class ArchiveItem(models.Model):
    """One archive of a project, filed: where it is kept, by whom, and until when."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="archive_items",
        verbose_name="项目",
    )
    kind = models.CharField("档案类别", max_length=20, choices=ArchiveKind.choices)
    filed_on = models.DateField("归档日期")
    keeper = models.CharField("保管单位", max_length=100)
    location = models.CharField("存放位置/档号", max_length=100)
    volumes = models.PositiveSmallIntegerField("卷数", default=1, validators=[MinValueValidator(1)])
    keep_until = models.DateField("保存至", help_text="归档日期加上该类档案的保存期限")
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "kind"]
        verbose_name = verbose_name_plural = "项目档案"
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="archive_item_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.location}）"


@track()
class Handover(models.Model):
    """The works handed over to the owner or the village collective (工程移交, plan task 8),
    with who takes on the upkeep (落实后期管护责任)."""

    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="handover",
        verbose_name="项目",
    )
    handed_on = models.DateField("移交日期")
    receiver = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="接收单位",
        help_text="项目单位（业主）或村集体经济组织",
    )
    handed_by = models.CharField("移交单位", max_length=100)
    assets = models.TextField("移交资产及数量", help_text="如 步道2.1公里、挡墙260米")
    asset_value = models.DecimalField(
        "移交资产价值（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    upkeep_by = models.CharField("后期管护责任单位", max_length=100)
    upkeep_person = models.CharField("管护责任人", max_length=50)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "工程移交"

    def __str__(self) -> str:
        return f"{self.project_id} 移交 {self.receiver}"


@track()
class AssetShare(models.Model):
    """The assets a project built, quantified into shares of a village collective (资产折股量化;
    art. 17: 产业发展配套基础设施建设+劳务报酬发放+就业技能培训+资产折股量化分红)."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="asset_shares",
        verbose_name="项目",
    )
    collective = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="asset_shares",
        verbose_name="村集体经济组织",
    )
    share_value = models.DecimalField(
        "折股量化资产（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    households = models.PositiveIntegerField("受益农户（户）", default=0)
    quantified_on = models.DateField("折股量化日期")
    basis = models.CharField("折股量化方案/依据", max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "collective"]
        verbose_name = verbose_name_plural = "资产折股量化"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "collective"], name="asset_share_once_per_collective"
            ),
            models.CheckConstraint(condition=Q(share_value__gt=0), name="asset_share_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.collective} {self.share_value}"


@track()
class Dividend(models.Model):
    """A year's dividend paid on a collective's asset shares (分红, art. 17)."""

    asset_share = models.ForeignKey(
        AssetShare, on_delete=models.PROTECT, related_name="dividends", verbose_name="折股量化"
    )
    year = models.PositiveSmallIntegerField("分红年度")
    amount = models.DecimalField(
        "分红金额（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    paid_on = models.DateField("分红发放日期")
    households = models.PositiveIntegerField("分红农户（户）", default=0)
    note = models.CharField("说明", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["asset_share", "year"]
        verbose_name = verbose_name_plural = "资产收益分红"
        constraints = [
            models.UniqueConstraint(fields=["asset_share", "year"], name="dividend_once_a_year"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="dividend_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年分红 {self.amount}"
