"""The bank's reply to a payment batch (回盘, issue 13, item 3), through the one import engine.

Each line names a payment reference and its outcome: credited (with the bank's date) or failed
(with the bank's reason). All or nothing: one bad line and nothing is recorded. Errors name the
row and the column: a reference not in the batch, an amount, card or name different from the
instruction, a second reply for an instruction already settled, an outcome the layout does not
know, a credit without a date or in the future, a failure without a reason.

Written under the batch's lock with one UPDATE per outcome over the file's rows (COPYed into a
temporary table), so a 10,000-line reply costs a few statements; the audit triggers record the
change once per statement. Afterwards the batch must reconcile to the fen (total = credited +
failed + pending) or the whole reply is refused. A failure "户名与账号不符" marks the card
mismatched, as a failed name-account check does (``cards_failed_by_name``): its re-issue needs
the card or name corrected and checked again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from payroll import identity
from payroll.api import events
from payroll.bankfiles.reader import reply_sheet
from payroll.choices import BatchStatus, InstructionStatus
from payroll.models import PaymentBatch, PaymentInstruction
from payroll.services.account_checks import cards_failed_by_name, is_name_mismatch
from payroll.services.payments import authorise_payer, batch_totals
from payroll.signals import figures_changed
from yiguoji.core.audit import acting_as
from yiguoji.imports import (
    CellError,
    Column,
    ImportRefused,
    ImportSpec,
    RowSet,
    fields,
    update_rows,
)
from yiguoji.imports.fields import Field

IS = InstructionStatus


class Fen(Field):
    """An amount in fen without a decimal point ("200000" -> 2000.00 yuan), as fixed-width
    bank files write it."""

    hint = "金额（分），整数"

    def __call__(self, value: Any) -> Decimal:
        text = fields.as_text(value).strip()
        if not text.isdigit():
            raise CellError("应为以分计的整数金额")
        return Decimal(int(text)) / 100


def _parse(field: str, reply: dict) -> Field:
    if field == "amount":
        return Fen() if reply["amount"] == "fen" else fields.money()
    if field == "date":
        return fields.date()
    if field == "card":
        return fields.bank_card(check_luhn=False)
    if field == "name":
        return fields.person_name()
    return fields.text(max_length=200)


def reply_columns(reply: dict) -> list[Column]:
    required = {"reference", "status", "amount"}
    return [
        Column(
            column["field"],
            column.get("header") or column["field"],
            _parse(column["field"], reply),
            synonyms=tuple(column.get("synonyms", ())),
            required=column["field"] in required,
            unique=column["field"] == "reference",
        )
        for column in reply["columns"]
    ]


class Known(NamedTuple):
    """What the checks of a reply line need of its instruction."""

    pk: int
    batch_id: int
    reference: str
    amount: Decimal
    card_index: bytes
    card_masked: str
    account_name: str
    status: str
    settled_at: dt.datetime | None

    def get_status_display(self) -> str:
        return IS(self.status).label


def _known(**where) -> list[Known]:
    return [
        Known(*values)
        for values in PaymentInstruction.objects.filter(**where)
        .order_by()
        .values_list(*Known._fields)
    ]


class BankReplyImport(ImportSpec):
    title = "银行回盘文件"
    footer_markers = ("合计", "总计", "总笔数")

    def __init__(self, *, batch: PaymentBatch | None = None) -> None:
        self.batch = batch
        self.reply = batch.layout["reply"] if batch else None
        self.columns = reply_columns(self.reply) if batch else []
        self.outcomes: list[tuple[int, str, dt.date | None, str]] = []
        self.problems: dict[int, str] = {}

    def read_sheet(self, data: bytes):
        return reply_sheet(self.reply, data, self.problems) if self.reply else None

    # --- checks (once per file) -------------------------------------------------------------

    def clean_rows(self, rows: RowSet, ctx) -> None:
        self.user = ctx.get("user")
        if self.batch is None:
            rows.error(None, None, "未指定代发批次，请在代发批次页面上传银行回盘")
            return
        try:
            authorise_payer(self.user, self.batch)
        except PermissionDenied as error:
            rows.error(None, None, str(error))
            return
        for number, problem in self.problems.items():
            rows.error(number, None, problem)
        if self.batch.status == BatchStatus.GENERATED:
            rows.error(None, None, "该批次尚未标记为已发送银行，不能导入回盘")
            return
        # The batch's instructions as plain tuples (a 10,000-line reply: no model instances and
        # no 10,000-parameter IN list); only references not in the batch are looked up.
        known = {k.reference: k for k in _known(batch=self.batch)}
        strays = [ref for ref in rows.values("reference") if ref not in known]
        if strays:
            known.update((k.reference, k) for k in _known(reference__in=strays))
        credited = {str(v).strip() for v in self.reply["credited"]}
        failed = {str(v).strip() for v in self.reply["failed"]}
        today = timezone.localdate()
        sent = timezone.localtime(self.batch.sent_at).date()
        for row in rows:
            self._check(row, rows, known.get(row["reference"]), credited, failed, sent, today)

    def _check(self, row, rows, instruction, credited, failed, sent, today) -> None:
        reference = row["reference"]
        if instruction is None or instruction.batch_id != self.batch.pk:
            other = "（该参考号属于其他批次）" if instruction else ""
            rows.error(row, "reference", f"本批次中没有付款参考号“{reference}”{other}")
            return
        if instruction.status != IS.PENDING:
            when = timezone.localtime(instruction.settled_at)
            rows.error(
                row,
                "reference",
                f"该笔代发已于{when:%Y-%m-%d %H:%M}回盘为“{instruction.get_status_display()}”，"
                "不能再次回盘",
            )
            return
        good = True
        amount = row.get("amount")
        if amount is not None and amount != instruction.amount:
            rows.error(row, "amount", f"与代发金额{instruction.amount}元不一致（回盘为{amount}元）")
            good = False
        card = row.get("card")
        if card and identity.card_index(card) != bytes(instruction.card_index):
            rows.error(row, "card", f"与代发账号{instruction.card_masked}不一致")
            good = False
        name = row.get("name")
        if name and name != instruction.account_name:
            rows.error(row, "name", f"与代发收款人“{instruction.account_name}”不一致")
            good = False
        status = row["status"]
        if status in credited:
            day = row.get("date")
            if day is None:
                rows.error(row, "date", "入账成功的须有银行入账日期")
                good = False
            elif day > today or day < sent:
                rows.error(
                    row, "date", f"入账日期应在批次发送银行之日（{sent}）至今天（{today}）之间"
                )
                good = False
            outcome = (instruction.pk, IS.CREDITED, day, "")
        elif status in failed:
            reason = (row.get("reason") or "").strip()
            if not reason:
                rows.error(row, "reason", "失败的代发须有银行给出的失败原因")
                good = False
            elif status != reason and not status.startswith(("处理", "交易")):
                reason = f"{status} {reason}"  # keep a bank's failure code with its text
            outcome = (instruction.pk, IS.FAILED, None, reason[:200])
        else:
            known = "、".join([*self.reply["credited"], *self.reply["failed"]])
            rows.error(row, "status", f"不认识的处理结果“{status}”（该银行格式为：{known}）")
            return
        if good:
            self.outcomes.append(outcome)

    # --- write (all or nothing, under the batch's lock) -------------------------------------

    def write(self, rows: RowSet, ctx) -> int:
        with acting_as(self.user):
            PaymentBatch.objects.select_for_update().filter(pk=self.batch.pk).first()
            written = _apply(self.batch, self.outcomes)
            if written != len(self.outcomes):
                raise ImportRefused("有代发刚由他人回盘，请刷新后查看，再上传回盘文件")
            totals = batch_totals(self.batch)
            if not totals["balanced"]:
                raise ImportRefused(
                    f"对账不平：批次金额{totals['total']}元，入账{totals['credited']}元 + "
                    f"失败{totals['failed']}元 + 待回盘{totals['pending']}元，未导入"
                )
            # "户名与账号不符": the bank's answer about the card, as a failed check gives it.
            words = tuple(str(w) for w in self.reply.get("name_mismatch", ()))
            cards_failed_by_name(
                acting_user=self.user,
                batch=self.batch,
                instruction_ids=[
                    pk
                    for pk, status, _, reason in self.outcomes
                    if status == IS.FAILED and is_name_mismatch(reason, words)
                ],
            )
            now = timezone.now()
            status = BatchStatus.SETTLED if not totals["pending_count"] else BatchStatus.SENT
            PaymentBatch.objects.filter(pk=self.batch.pk).update(replied_at=now, status=status)
            figures_changed(self.batch.ledger.project_id, self.batch.ledger.month)  # credits
            events.payments_credited(self.batch, self.outcomes)  # webhooks, on commit
        return written


def _apply(batch: PaymentBatch, outcomes: list) -> int:
    """Record the outcomes with one UPDATE over the file's rows; only pending instructions of
    this batch change. Returns how many did."""
    return update_rows(
        PaymentInstruction,
        ["status", "credited_on", "fail_reason"],
        outcomes,
        where={"batch": batch.pk, "status": IS.PENDING},
        also={"settled_at": timezone.now()},
    )
