"""The dedicated wage account's statement (农民工工资专用账户流水, issue 13 item 6; plan task 9).

``AccountStatement`` is one imported statement file of a project's ``WageAccount``;
``StatementLine`` one booking in it. Each outflow is matched to a credited payment instruction
of the project (same card, same amount, the booking within a few days of the bank's credit
date), or flagged: paid to a worker of the project without a credited instruction, or paid to
someone who is not a worker on the project at all. The statement also records the closing
balance against the wages still due by bank on the project's counted ledgers, and flags a
balance too small to pay them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from payroll import identity
from payroll.choices import StatementOutcome
from payroll.models.ledgers import MONEY, ZERO, user_link
from yiguoji.core.audit import track
from yiguoji.core.crypto import BlindIndexField, EncryptedField
from yiguoji.core.querysets import ScopedQuerySet


@track()
class AccountStatement(models.Model):
    number = models.CharField("流水导入编号", max_length=20, unique=True)
    wage_account = models.ForeignKey(
        "payroll.WageAccount",
        on_delete=models.PROTECT,
        related_name="statements",
        verbose_name="农民工工资专用账户",
    )
    source_name = models.CharField("文件名", max_length=200, blank=True)
    first_day = models.DateField("起始日期")
    last_day = models.DateField("截止日期")
    lines_count = models.PositiveIntegerField("笔数", default=0)
    outflow_total = models.DecimalField("支出合计（元）", default=ZERO, **MONEY)
    inflow_total = models.DecimalField("收入合计（元）", default=ZERO, **MONEY)
    matched_count = models.PositiveIntegerField("对应代发笔数", default=0)
    flagged_count = models.PositiveIntegerField("异常支出笔数", default=0)
    closing_balance = models.DecimalField("期末余额（元）", null=True, blank=True, **MONEY)
    wages_due = models.DecimalField(
        "尚待银行入账的劳务报酬（元）",
        default=ZERO,
        help_text="导入时本项目已提交台账中以银行卡发放、尚未入账的应发金额",
        **MONEY,
    )
    imported_by = user_link("导入人")
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = verbose_name_plural = "专用账户流水"

    def __str__(self) -> str:
        return f"专户流水{self.number}"

    @property
    def balance_short(self) -> bool:
        """The closing balance cannot pay the wages still due by bank (plan task 9)."""
        return self.closing_balance is not None and self.closing_balance < self.wages_due


@track()
class StatementLine(models.Model):
    statement = models.ForeignKey(
        AccountStatement, on_delete=models.CASCADE, related_name="lines", verbose_name="流水"
    )
    row = models.PositiveIntegerField("行号")
    booked_on = models.DateField("交易日期")
    outflow = models.BooleanField("支出")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)
    balance = models.DecimalField("余额（元）", null=True, blank=True, **MONEY)
    counterparty_name = models.CharField("对方户名", max_length=100, blank=True)
    counterparty_encrypted = EncryptedField(
        "对方账号", purpose=identity.CARD_PURPOSE, blind_index="counterparty_index", null=True
    )
    counterparty_index = BlindIndexField(null=True)
    counterparty_masked = models.CharField("对方账号", max_length=40, blank=True)
    summary = models.CharField("摘要", max_length=200, blank=True)
    bank_ref = models.CharField("交易流水号", max_length=60, blank=True)
    outcome = models.CharField("核对结果", max_length=12, choices=StatementOutcome.choices)
    instruction = models.OneToOneField(
        "payroll.PaymentInstruction",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statement_line",
        verbose_name="对应代发指令",
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="务工人员",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["statement", "booked_on", "row"]
        verbose_name = verbose_name_plural = "专用账户流水明细"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="statement_amount_positive"),
            models.CheckConstraint(
                condition=Q(instruction__isnull=True) | Q(outcome=StatementOutcome.MATCHED),
                name="statement_match_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.counterparty_name} {self.amount}"
