"""Money actually disbursed to a project (safeguard (二), art. 21) and what a finished project
leaves behind: the handover, the archives and how long they are kept (plan task 8, art. 32)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

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
