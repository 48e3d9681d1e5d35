"""Paying wages through the bank (代发, plan task 9, art. 30; issue 13, items 2, 4 and 7).

* :func:`batch_create`: a payment batch from a signed (or filed) ledger, one instruction per
  line paid by bank card, each with a unique payment reference; the payer is the project unit
  or contractor, from the project's dedicated wage account where it has one (plan task 9).
* :func:`batch_file`: the file in the paying bank's layout. It holds full card numbers, so each
  build is a logged reveal (one ``RevealLog`` row per person); it is never stored.
* :func:`batch_mark_sent`: the payer has handed the file to the bank (a stage of the wage clock).
* :func:`instructions_reissue`: failed instructions paid again in a new batch, each linked to
  the failed one, after the card was corrected in the register (an audited change). A second
  live instruction for the same line is refused by PostgreSQL itself
  (``payment_one_live_instruction_per_line``), so two re-issues at once leave one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Sum
from django.utils import timezone

from payroll import capabilities as caps
from payroll.bankfiles import layouts, writer
from payroll.choices import BatchStatus, InstructionStatus, LedgerStatus, PayMethod
from payroll.models import (
    CashPayment,
    PaymentBatch,
    PaymentInstruction,
    WageAccount,
    WageLedger,
    WageLine,
)
from payroll.selectors.account_checks import unpayable_cards
from payroll.signals import figures_changed
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.services.reveals import reveal_log_many
from yiguoji.imports import copy_rows, run_import
from yiguoji.months import month_label

PAYABLE_LEDGER = (LedgerStatus.SIGNED, LedgerStatus.FILED)
IS = InstructionStatus
UNIQUE_VIOLATION = "23505"


@dataclass(frozen=True)
class PayerAccount:
    """The account a batch pays from when the project has no dedicated wage account."""

    bank: str
    name: str
    number: str


def authorise_payer(acting_user, obj) -> None:
    """May ``acting_user`` pay wages for ``obj`` (a ledger or batch)? Raises if not."""
    if acting_user is None:  # the system (demo data, management commands)
        return
    access.require(acting_user, caps.PAY_WAGES)
    if not scope.can(acting_user, scope.CHANGE, obj):
        raise PermissionDenied("您不是该项目的付款单位（项目单位或施工单位），不能办理代发")


def _payer(acting_user, project):
    """The paying organisation: the acting unit or contractor of the project (plan task 9)."""
    if acting_user is not None and acting_user.organisation_id in (
        project.owner_id,
        project.contractor_id,
        project.collective_id,
    ):
        return acting_user.organisation
    return project.contractor or project.owner


def _account(project, given: PayerAccount | None) -> tuple[WageAccount | None, PayerAccount]:
    """Plan task 9: where the project has a dedicated wage account, wages go out of it."""
    account = WageAccount.objects.filter(project=project, closed_on__isnull=True).first()
    if account is not None:
        return account, PayerAccount(account.bank, account.account_name, account.account_number)
    if given is None or not (given.bank and given.name and given.number):
        raise ValidationError(
            "该项目没有在用的农民工工资专用账户：请填写付款开户银行、账户名称和账号"
        )
    return None, given


def _counted_version(ledger: WageLedger) -> None:
    if ledger.status not in PAYABLE_LEDGER:
        raise ValidationError(
            f"台账状态为“{ledger.get_status_display()}”：只有已签字确认或已备案的台账才能代发"
        )
    if not WageLedger.objects.counted().filter(pk=ledger.pk).exists():
        raise ValidationError("该台账已有更正的新版本，请按新版本代发")


def _rows(lines) -> list[dict]:
    """Instruction values for ``lines`` (with their workers), refusing people without a card
    and cards the bank has not confirmed in a name-account check (issue 13 item 1)."""
    missing = [line.worker.name for line in lines if line.worker.bank_card_encrypted is None]
    if missing:
        names = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
        raise ValidationError(
            f"{len(missing)}人在务工人员名册中没有登记银行卡（{names}），请先登记"
        )
    unchecked = unpayable_cards({line.worker_id for line in lines})
    if unchecked:
        names = "、".join(f"{name}（{why}）" for name, why in unchecked[:5])
        more = f"等{len(unchecked)}人" if len(unchecked) > 5 else ""
        raise ValidationError(
            f"以下人员的银行卡尚未通过户名校验，不能代发：{names}{more}。"
            "请先在“户名校验”中送银行校验（更正后的银行卡也须重新校验），"
            "户名不符或账户销户、冻结、不存在的，由乡镇和项目单位在务工人员名册中更正"
        )
    return [
        {
            "line_id": line.pk,
            "worker_id": line.worker_id,
            "account_name": line.worker.name,
            "amount": line.payable,
            "card_encrypted": line.worker.bank_card_encrypted,
            "card_index": line.worker.bank_card_index,
            "card_masked": line.worker.bank_card_masked,
            "reissue_of_id": line.reissue_of_id,
        }
        for line in lines
    ]


def _new_batch(acting_user, ledger, layout_code, payer_account, rows) -> PaymentBatch:
    layout = layouts.get_layout(layout_code)
    wage_account, account = _account(ledger.project, payer_account)
    batch = PaymentBatch.objects.create(
        number=f"T{timezone.now():%Y%m%d%H%M%S%f}"[:20],  # replaced below, once the id is known
        ledger=ledger,
        layout_code=layout.code,
        layout_name=layout.name,
        layout=layout.data,
        payer=_payer(acting_user, ledger.project),
        wage_account=wage_account,
        payer_bank=account.bank,
        payer_account_name=account.name,
        payer_account_number=account.number,
        count=len(rows),
        total=sum(row["amount"] for row in rows),
        created_by=acting_user,
    )
    batch.number = f"DF{timezone.localdate():%Y%m%d}{batch.pk:06d}"
    batch.save(update_fields=["number"])
    fields = [
        "batch", "line", "worker", "seq", "reference", "account_name", "amount",
        "card_encrypted", "card_index", "card_masked", "status", "fail_reason", "reissue_of",
    ]  # fmt: skip
    try:
        with transaction.atomic():
            copy_rows(
                PaymentInstruction,
                fields,
                (
                    (
                        batch.pk, row["line_id"], row["worker_id"], seq,
                        f"GZ{batch.pk:07d}{seq:05d}", row["account_name"], row["amount"],
                        row["card_encrypted"].token, bytes(row["card_index"]),
                        row["card_masked"], IS.PENDING, "", row["reissue_of_id"],
                    )
                    for seq, row in enumerate(rows, 1)
                ),
            )  # fmt: skip
    except IntegrityError as error:
        if getattr(error.__cause__, "sqlstate", None) != UNIQUE_VIOLATION:
            raise
        raise ValidationError(
            "其中有明细已有待回盘或已入账的代发指令（可能刚由他人发放），请刷新后查看"
        ) from None
    figures_changed(ledger.project_id, ledger.month)  # sent to the bank: paid as it credits
    return batch


def batch_create(
    *,
    acting_user,
    ledger: WageLedger,
    layout_code: str,
    payer_account: PayerAccount | None = None,
) -> PaymentBatch:
    """A batch paying every bank-card line of a signed or filed ledger not yet instructed."""
    authorise_payer(acting_user, ledger)
    _counted_version(ledger)
    with transaction.atomic(), acting_as(acting_user):
        WageLedger.objects.select_for_update().filter(pk=ledger.pk).first()
        lines = list(
            WageLine.objects.filter(
                ledger=ledger, method=PayMethod.BANK_CARD, payable__gt=0,
                payment_instructions__isnull=True, cash_payment__isnull=True,
            )
            .select_related("worker")
            .order_by("seq", "pk")
        )  # fmt: skip
        if not lines:
            raise ValidationError("该台账没有待代发的银行卡发放明细（已全部生成代发指令）")
        for line in lines:
            line.reissue_of_id = None
        return _new_batch(acting_user, ledger, layout_code, payer_account, _rows(lines))


def batch_file(*, acting_user, batch: PaymentBatch, ip: str | None = None) -> tuple[str, bytes]:
    """The batch file (name, bytes) in the bank's layout; every card in it is a logged reveal
    (issue 13, item 7). Nothing is stored: each download is built, and logged, again."""
    if acting_user is not None:
        access.require(acting_user, caps.REVEAL_BANK_CARD)
    authorise_payer(acting_user, batch)
    instructions = list(
        batch.instructions.select_related("worker")
        .order_by("seq")
        .only("seq", "reference", "account_name", "amount", "card_encrypted", "worker__name")
    )
    ledger = batch.ledger
    facts = {
        "batch_number": batch.number,
        "count": batch.count,
        "total": f"{batch.total:.2f}",
        "total_fen": int(batch.total * 100),
        "payer_account": batch.payer_account_number,
        "payer_name": batch.payer_account_name,
        "payer_bank": batch.payer_bank,
        "date": f"{timezone.localdate():{batch.layout['date_format']}}",
        "month": month_label(ledger.month),
    }
    facts["purpose"] = batch.layout["purpose"].format_map(facts)
    rows = (
        {
            "seq": i.seq,
            "reference": i.reference,
            "name": i.account_name,
            "card": i.card_encrypted.reveal(),
            "amount": i.amount,
        }
        for i in instructions
    )
    data = writer.build_file(batch.layout, facts, rows)
    if acting_user is not None:
        reveal_log_many(
            acting_user=acting_user,
            objects=[i.worker for i in instructions],
            field="银行卡号",
            purpose=f"生成代发批次{batch.number}的银行文件",
            ip=ip,
        )
    suffix = "." + batch.layout["format"]
    return f"{batch.number}-{ledger.project.code}-{ledger.month:%Y%m}代发{suffix}", data


def batch_mark_sent(*, acting_user, batch: PaymentBatch) -> PaymentBatch:
    """The payer has handed the file to the bank: replies are expected from now on."""
    authorise_payer(acting_user, batch)
    with transaction.atomic(), acting_as(acting_user):
        updated = PaymentBatch.objects.filter(pk=batch.pk, status=BatchStatus.GENERATED).update(
            status=BatchStatus.SENT, sent_by=acting_user, sent_at=timezone.now()
        )
        if not updated:
            raise ValidationError("该批次已标记为发送银行，请刷新后查看")
    batch.refresh_from_db()
    return batch


def instructions_reissue(
    *,
    acting_user,
    instructions: Sequence[PaymentInstruction],
    layout_code: str | None = None,
    payer_account: PayerAccount | None = None,
    same_card_reason: str = "",
) -> PaymentBatch:
    """Pay failed instructions again in a new batch, each linked to the failed one.

    The card is the register's card now; if it is still the card that failed, the re-issue is
    refused unless ``same_card_reason`` says why the same card will work this time (e.g. the
    payer's balance was too small, the card has been unfrozen)."""
    if not instructions:
        raise ValidationError("请选择要重新发放的失败代发")
    first = instructions[0]
    ledger = first.batch.ledger
    authorise_payer(acting_user, ledger)
    with transaction.atomic(), acting_as(acting_user):
        # The ledger's lock orders a re-issue with batches and cash records of the same ledger.
        WageLedger.objects.select_for_update().filter(pk=ledger.pk).first()
        failed = list(
            PaymentInstruction.objects.filter(pk__in=[i.pk for i in instructions])
            .select_related("line__worker", "batch")
            .order_by("seq")
        )
        rows_from = []
        for instruction in failed:
            if instruction.batch.ledger_id != ledger.pk:
                raise ValidationError("一次只能重新发放同一台账的失败代发")
            if instruction.status != IS.FAILED:
                raise ValidationError(
                    f"{instruction.account_name}的代发（{instruction.reference}）"
                    f"状态为“{instruction.get_status_display()}”，只有失败的代发才能重新发放"
                )
            if CashPayment.objects.filter(line_id=instruction.line_id).exists():
                raise ValidationError(
                    f"{instruction.account_name}本月已登记现金等其他方式发放，不能再重新代发"
                )
            worker = instruction.line.worker
            same = bytes(worker.bank_card_index or b"") == bytes(instruction.card_index)
            if same and not same_card_reason.strip():
                raise ValidationError(
                    f"{worker.name}的银行卡号尚未更正（失败原因：{instruction.fail_reason}）："
                    "请先在务工人员名册中更正银行卡号，或写明仍用原卡重新发放的理由"
                )
            line = instruction.line
            line.reissue_of_id = instruction.pk
            rows_from.append(line)
        code = layout_code or first.batch.layout_code
        before = first.batch
        payer_account = payer_account or PayerAccount(
            before.payer_bank, before.payer_account_name, before.payer_account_number
        )
        return _new_batch(acting_user, ledger, code, payer_account, _rows(rows_from))


def batch_import_reply(*, acting_user, batch: PaymentBatch, upload, progress=None):
    """The bank's reply file through the one import engine (all or nothing, row errors)."""
    from payroll.importers.bank_reply import BankReplyImport

    return run_import(
        BankReplyImport(batch=batch), upload, context={"user": acting_user}, progress=progress
    )


def batch_totals(batch: PaymentBatch) -> dict:
    """Reconciliation to the fen (issue 13, item 3): total = credited + failed + pending."""
    sums = {
        row["status"]: row
        for row in batch.instructions.order_by()
        .values("status")
        .annotate(amount=Sum("amount"), n=Count("pk"))
    }

    def part(status):
        row = sums.get(status, {})
        return row.get("amount") or 0, row.get("n") or 0

    credited, failed, pending = part(IS.CREDITED), part(IS.FAILED), part(IS.PENDING)
    return {
        "total": batch.total,
        "count": batch.count,
        "credited": credited[0],
        "credited_count": credited[1],
        "failed": failed[0],
        "failed_count": failed[1],
        "pending": pending[0],
        "pending_count": pending[1],
        "balanced": credited[0] + failed[0] + pending[0] == batch.total
        and credited[1] + failed[1] + pending[1] == batch.count,
    }


CASH_METHODS = {PayMethod.CASH: "现金", PayMethod.OTHER: "其他方式"}


def line_pay_by_cash(
    *,
    acting_user,
    line: WageLine,
    method: str,
    amount,
    paid_on,
    reason: str,
    receipt,
) -> CashPayment:
    """Record a line paid by cash or another method: the exception art. 30 allows (劳务报酬一般
    通过银行卡发放), with the reason and the scan of the receipt the worker signed; it counts as
    paid only with both. Refused for a line with a pending or credited bank instruction (paying
    twice is the worst outcome) and for a line already recorded so."""
    from payroll.services.contracts import check_scan

    ledger = line.ledger
    authorise_payer(acting_user, ledger)
    _counted_version(ledger)
    if method not in CASH_METHODS:
        raise ValidationError("发放方式应为现金或其他方式（银行卡发放请生成代发批次）")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("以现金等其他方式发放须写明未通过本人银行卡发放的原因（第三十条）")
    if not receipt:
        raise ValidationError("请上传务工人员本人签字的领款凭证扫描件")
    check_scan(receipt, label="领款凭证扫描件")
    if amount is None or amount <= 0 or amount > line.payable:
        raise ValidationError(f"发放金额应大于0且不超过应发金额{line.payable}元")
    if paid_on > timezone.localdate() or paid_on < ledger.month:
        raise ValidationError("发放日期应在台账月份开始之后、不晚于今天")
    with transaction.atomic(), acting_as(acting_user):
        WageLedger.objects.select_for_update().filter(pk=ledger.pk).first()
        if line.payment_instructions.filter(status__in=(IS.PENDING, IS.CREDITED)).exists():
            raise ValidationError(
                f"{line.worker.name}已有待回盘或已入账的银行代发，不能再登记现金发放"
            )
        if CashPayment.objects.filter(line=line).exists():
            raise ValidationError(f"{line.worker.name}本月已登记现金等其他方式发放")
        payment = CashPayment(
            line=line,
            worker_id=line.worker_id,
            method=method,
            amount=amount,
            paid_on=paid_on,
            reason=reason[:200],
            receipt_name=PurePath(receipt.name).name[:200],
            recorded_by=acting_user,
        )
        payment.receipt.save(receipt.name, receipt, save=False)
        payment.save()
    return payment


def cash_lines(ledger: WageLedger):
    """Lines of a ledger that may still be paid by cash or another method: no cash record and
    no pending or credited bank instruction."""
    live = PaymentInstruction.objects.filter(
        line=OuterRef("pk"), status__in=(IS.PENDING, IS.CREDITED)
    )
    return (
        ledger.lines.filter(payable__gt=0, cash_payment__isnull=True)
        .exclude(Exists(live))
        .select_related("worker")
        .order_by("seq", "pk")
    )
