"""Wage payments through the bank (代发, plan task 9, art. 30; domain.md "Payments").

``PaymentBatch`` (代发批次) pays the lines of one signed or filed wage ledger through the
paying bank: one ``PaymentInstruction`` per line, each with a unique payment reference that the
bank echoes in its reply. The file handed to the bank is built on demand in the bank's layout
(``payroll.payments.layouts``; the layout used is frozen on the batch) and never stored: each
build holds full card numbers and is a logged reveal.

A wage counts as paid only when the bank says it was credited (``InstructionStatus.CREDITED``,
with the bank's date). A failed instruction is re-issued in a new batch after the card is
corrected; the new one keeps the link (``reissue_of``). The database refuses a second live
(pending or credited) instruction for the same ledger line: the partial unique constraint
``payment_one_live_instruction_per_line``, not only a check in Python.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from payroll import identity
from payroll.choices import LIVE_INSTRUCTION, BatchStatus, InstructionStatus
from payroll.models.ledgers import MONEY, ZERO, user_link
from yiguoji.core.audit import track
from yiguoji.core.crypto import BlindIndexField, EncryptedField
from yiguoji.core.querysets import ScopedQuerySet


@track()
class PaymentBatch(models.Model):
    number = models.CharField("批次号", max_length=20, unique=True)
    ledger = models.ForeignKey(
        "payroll.WageLedger",
        on_delete=models.PROTECT,
        related_name="payment_batches",
        verbose_name="劳务报酬发放台账",
    )
    layout_code = models.CharField("银行文件格式", max_length=60)
    layout_name = models.CharField("银行文件格式名称", max_length=120)
    # The layout as it was when the batch was made: the bank's reply is read with the same one
    # even if the district later edits the layout file.
    layout = models.JSONField("文件格式定义")
    # The payer (plan task 9): the project unit or the contractor, from the project's dedicated
    # wage account where it has one.
    payer = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="付款单位"
    )
    wage_account = models.ForeignKey(
        "payroll.WageAccount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payment_batches",
        verbose_name="农民工工资专用账户",
    )
    payer_bank = models.CharField("付款开户银行", max_length=100)
    payer_account_name = models.CharField("付款账户名称", max_length=100)
    payer_account_number = models.CharField("付款账号", max_length=40)
    status = models.CharField(
        "状态", max_length=10, choices=BatchStatus.choices, default=BatchStatus.GENERATED
    )
    count = models.PositiveIntegerField("笔数", default=0)
    total = models.DecimalField("金额合计（元）", default=ZERO, **MONEY)
    created_by = user_link("生成人")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    sent_by = user_link("发送人")
    sent_at = models.DateTimeField("发送银行时间", null=True, blank=True)
    replied_at = models.DateTimeField("最近回盘导入时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "代发批次"
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="payment_batch_total_positive"),
            models.CheckConstraint(
                condition=Q(status=BatchStatus.GENERATED) | Q(sent_at__isnull=False),
                name="payment_batch_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"代发批次{self.number}"


@track()
class PaymentInstruction(models.Model):
    batch = models.ForeignKey(
        PaymentBatch, on_delete=models.PROTECT, related_name="instructions", verbose_name="批次"
    )
    line = models.ForeignKey(
        "payroll.WageLine",
        on_delete=models.PROTECT,
        related_name="payment_instructions",
        verbose_name="台账明细",
    )
    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.PROTECT, related_name="+", verbose_name="务工人员"
    )
    seq = models.PositiveIntegerField("序号")
    reference = models.CharField("付款参考号", max_length=20, unique=True)
    account_name = models.CharField("收款人姓名", max_length=50)
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    # The card paid into, as the register held it when the instruction was made.
    card_encrypted = EncryptedField(
        "银行卡号", purpose=identity.CARD_PURPOSE, blind_index="card_index"
    )
    card_index = BlindIndexField()
    card_masked = models.CharField("银行卡号", max_length=19)
    status = models.CharField(
        "状态",
        max_length=10,
        choices=InstructionStatus.choices,
        default=InstructionStatus.PENDING,
    )
    credited_on = models.DateField("入账日期", null=True, blank=True)
    fail_reason = models.CharField("失败原因", max_length=200, blank=True)
    settled_at = models.DateTimeField("回盘导入时间", null=True, blank=True)
    reissue_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reissue",
        verbose_name="重新发放的失败指令",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["batch", "seq"]
        verbose_name = verbose_name_plural = "代发指令"
        constraints = [
            # Paying twice is the worst outcome: one live instruction per ledger line, enforced
            # by PostgreSQL whatever the code above it does (issue 13, item 4).
            models.UniqueConstraint(
                fields=["line"],
                condition=Q(status__in=LIVE_INSTRUCTION),
                name="payment_one_live_instruction_per_line",
                violation_error_message="该台账明细已有待回盘或已入账的代发指令，不能重复发放",
            ),
            models.UniqueConstraint(fields=["batch", "seq"], name="payment_seq_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(
                condition=~Q(status=InstructionStatus.CREDITED) | Q(credited_on__isnull=False),
                name="payment_credited_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=InstructionStatus.FAILED) | ~Q(fail_reason=""),
                name="payment_failed_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["line", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.account_name} {self.amount}"

    @property
    def is_settled(self) -> bool:
        return self.status != InstructionStatus.PENDING


def receipt_path(instance, filename: str) -> str:
    """Unguessable names; receipts are only ever served through a scope-checked view."""
    import uuid

    from django.utils import timezone

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"payroll/receipts/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{suffix}"


@track()
class CashPayment(models.Model):
    """A wage line paid by cash or another method instead of the worker's own card: the
    exception art. 30 allows (劳务报酬一般通过银行卡发放; plan task 9), recorded with the reason
    and the scan of the receipt the worker signed. It counts as paid only with both (database
    constraints): ``payroll.selectors.paid`` reads this row, never the typed figure of a cash
    line. A line paid this way has no live bank instruction, and the other way round (the
    services lock the ledger)."""

    line = models.OneToOneField(
        "payroll.WageLine",
        on_delete=models.PROTECT,
        related_name="cash_payment",
        verbose_name="台账明细",
    )
    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.PROTECT, related_name="+", verbose_name="务工人员"
    )
    method = models.CharField(
        "发放方式", max_length=10, choices=[("cash", "现金"), ("other", "其他方式")]
    )
    amount = models.DecimalField("发放金额（元）", max_digits=12, decimal_places=2)
    paid_on = models.DateField("发放日期")
    reason = models.CharField("未通过本人银行卡发放的原因", max_length=200)
    receipt = models.FileField("本人签字的领款凭证扫描件", upload_to=receipt_path, max_length=200)
    receipt_name = models.CharField("凭证文件名", max_length=200, blank=True)
    recorded_by = user_link("登记人")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-paid_on", "-pk"]
        verbose_name = verbose_name_plural = "现金等其他方式发放"
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="cash_payment_amount_positive"),
            models.CheckConstraint(condition=~Q(reason=""), name="cash_payment_has_reason"),
            models.CheckConstraint(condition=~Q(receipt=""), name="cash_payment_has_receipt"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.get_method_display()} {self.amount}"


class PaymentRules(models.Model):
    """The district's numbers for wages paid through the bank (issue 13: every rule that is a
    number is the district's data); one row, set by the district office
    (``payroll.services.payment_rules``). Until it sets one, :meth:`current` gives the
    defaults below."""

    reply_overdue_days = models.PositiveSmallIntegerField(
        "回盘逾期天数",
        default=3,
        help_text="代发批次发送银行超过此天数仍未全部回盘的，列为逾期，由区级主管部门跟进",
    )
    statement_match_days = models.PositiveSmallIntegerField(
        "专户流水对账允许相差天数",
        default=3,
        help_text="专户流水的支出与已入账代发的银行入账日期相差不超过此天数的，视为同一笔",
    )
    card_check_valid_days = models.PositiveSmallIntegerField(
        "户名校验有效期（天）",
        default=180,
        help_text="银行卡户名校验“一致”的结果超过此天数即失效，须重新校验后才能代发",
    )
    updated_by = user_link("设置人")
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "银行代发参数"
        constraints = [
            models.CheckConstraint(
                condition=Q(reply_overdue_days__gte=1, reply_overdue_days__lte=30)
                & Q(statement_match_days__lte=15)
                & Q(card_check_valid_days__gte=7, card_check_valid_days__lte=1095),
                name="payment_rules_in_range",
                violation_error_message="回盘逾期1至30天，流水对账相差不超过15天，"
                "户名校验有效期7至1095天",
            )
        ]

    def __str__(self) -> str:
        return (
            f"回盘逾期{self.reply_overdue_days}天 / 流水对账±{self.statement_match_days}天 / "
            f"户名校验有效{self.card_check_valid_days}天"
        )

    @classmethod
    def current(cls) -> PaymentRules:
        """The district's row, or the defaults (unsaved) when it has set none."""
        return cls.objects.order_by("pk").first() or cls()
