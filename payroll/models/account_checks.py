"""Name-account checks before the first pay day (户名校验, issue 13 item 1; plan task 9, art. 30).

Before wages go to a card, the payer hands the bank a file of the project's hired workers'
names and cards (in the bank's layout, ``data/bank_layouts/``: a layout's ``verify`` section)
and the bank answers, per card, whether the name matches the account, or the account is closed,
frozen or not found. ``AccountCheck`` is one such file, ``AccountCheckLine`` one card in it.

What a worker's card *is* for a payment is the latest answer for the card and name the register
holds now (``payroll.selectors.account_checks.card_states``): a corrected card or a corrected
name has no answer yet and must be checked again before it is paid. The file is built on demand
and never stored (it holds full card numbers): each build is a logged reveal.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from payroll import identity
from payroll.choices import CheckResult, CheckStatus
from payroll.models.ledgers import user_link
from yiguoji.core.audit import track
from yiguoji.core.crypto import BlindIndexField, EncryptedField
from yiguoji.core.querysets import ScopedQuerySet


@track()
class AccountCheck(models.Model):
    number = models.CharField("校验批次号", max_length=20, unique=True)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="account_checks",
        verbose_name="项目",
    )
    layout_code = models.CharField("银行文件格式", max_length=60)
    layout_name = models.CharField("银行文件格式名称", max_length=120)
    # The layout as it was when the check was made: the reply is read with the same one.
    layout = models.JSONField("文件格式定义")
    status = models.CharField(
        "状态", max_length=10, choices=CheckStatus.choices, default=CheckStatus.GENERATED
    )
    count = models.PositiveIntegerField("人数", default=0)
    created_by = user_link("生成人")
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    answered_at = models.DateTimeField("最近回复导入时间", null=True, blank=True)
    # Set when the bank's answer came in a payment batch's reply instead of a check file: a
    # failure "户名与账号不符" marks the card mismatched exactly as a check would (issue 13).
    batch = models.ForeignKey(
        "payroll.PaymentBatch",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="card_answers",
        verbose_name="来自代发批次回盘",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = verbose_name_plural = "户名校验"

    def __str__(self) -> str:
        return f"户名校验{self.number}"


@track()
class AccountCheckLine(models.Model):
    account_check = models.ForeignKey(
        AccountCheck, on_delete=models.CASCADE, related_name="lines", verbose_name="户名校验"
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="account_check_lines",
        verbose_name="务工人员",
    )
    seq = models.PositiveIntegerField("序号")
    reference = models.CharField("校验参考号", max_length=20, unique=True)
    # The name and card as the register held them when the file was made: the answer is about
    # exactly these (a later correction of either needs a new check).
    account_name = models.CharField("户名", max_length=50)
    card_encrypted = EncryptedField(
        "银行卡号", purpose=identity.CARD_PURPOSE, blind_index="card_index"
    )
    card_index = BlindIndexField()
    card_masked = models.CharField("银行卡号", max_length=19)
    bank = models.CharField("开户银行", max_length=60, blank=True)
    result = models.CharField(
        "校验结果", max_length=10, choices=CheckResult.choices, default=CheckResult.PENDING
    )
    bank_reason = models.CharField("银行说明", max_length=200, blank=True)
    answered_at = models.DateTimeField("回复导入时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["account_check", "seq"]
        verbose_name = verbose_name_plural = "户名校验明细"
        constraints = [
            models.UniqueConstraint(fields=["account_check", "seq"], name="account_check_seq_once"),
            models.CheckConstraint(
                condition=Q(result=CheckResult.PENDING) | Q(answered_at__isnull=False),
                name="account_check_answer_has_time",
            ),
        ]
        indexes = [models.Index(fields=["worker", "card_index"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.account_name} {self.get_result_display()}"

    @property
    def is_mismatch(self) -> bool:
        from payroll.choices import CARD_MISMATCH

        return self.result in CARD_MISMATCH
