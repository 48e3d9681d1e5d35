"""Name-account checks before the first pay day (户名校验, issue 13 item 1; plan task 9, art. 30).

* :func:`account_check_create`: from a project's hired workers (active labour contracts), one
  line per registered card, by default only the cards not yet checked as they stand now.
* :func:`account_check_file`: the file in the bank's layout (the layout's ``verify`` section).
  It holds full card numbers (and ID numbers where the bank asks for them), so each build is a
  logged reveal, one ``RevealLog`` row per person and number; it is never stored.
* :func:`account_check_import_reply`: the bank's answer through the one import engine (all or
  nothing, row errors): each card matching, or mismatched (name, closed, frozen, not found).

* :func:`cards_failed_by_name`: a payment batch's reply failing lines with "户名与账号不符" is the
  bank's answer about those cards: they become mismatched exactly as after a check.

A mismatched, unchecked or expired (older than the district's validity) card cannot be paid
(``payroll.services.payments`` asks :func:`payroll.selectors.account_checks.unpayable_cards`);
mismatched and expired cards are the to-do of the township of the person and of the project
unit (``payroll:card_mismatches``).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from payroll import capabilities as caps
from payroll.bankfiles import layouts, writer
from payroll.choices import CheckResult, CheckStatus
from payroll.models import AccountCheck, AccountCheckLine, PaymentInstruction, WageAccount
from payroll.selectors.account_checks import hired_workers, with_card_state
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.services.reveals import reveal_log_many
from yiguoji.imports import copy_rows, run_import


def runs(user, project) -> bool:
    return user.organisation_id in (project.owner_id, project.contractor_id, project.collective_id)


def authorise_checker(acting_user, project) -> None:
    """The payer's side (project unit, contractor or collective running the project) hands the
    bank the check file, as it hands it the payment batches (plan task 9)."""
    if acting_user is None:  # the system (demo data, management commands)
        return
    access.require(acting_user, caps.PAY_WAGES)
    if not (runs(acting_user, project) and scope.can(acting_user, scope.VIEW, project)):
        raise PermissionDenied("您不是该项目的付款单位（项目单位或施工单位），不能办理户名校验")


def account_check_create(
    *, acting_user, project, layout_code: str, only_unchecked: bool = True
) -> AccountCheck:
    """A check of the hired workers' cards; with ``only_unchecked``, only cards without a
    matching answer for the card and name the register holds now."""
    authorise_checker(acting_user, project)
    layout = layouts.get_layout(layout_code)
    if "verify" not in layout.data:
        raise ValidationError(f"“{layout.name}”没有户名校验文件格式，请选择其他银行文件格式")
    workers = list(
        with_card_state(hired_workers(project).filter(bank_card_encrypted__isnull=False))
        .order_by("township__code", "village__name", "name", "pk")
        .only("pk", "name", "bank", "bank_card_encrypted", "bank_card_index", "bank_card_masked")
    )
    if only_unchecked:
        workers = [w for w in workers if w.card_state != CheckResult.MATCH]
    if not workers:
        raise ValidationError(
            "该项目在岗务工人员的银行卡都已通过户名校验（或没有登记银行卡），无需再校验"
        )
    with transaction.atomic(), acting_as(acting_user):
        check = AccountCheck.objects.create(
            number=f"T{timezone.now():%Y%m%d%H%M%S%f}"[:20],
            project=project,
            layout_code=layout.code,
            layout_name=layout.name,
            layout=layout.data,
            count=len(workers),
            created_by=acting_user,
        )
        check.number = f"HM{timezone.localdate():%Y%m%d}{check.pk:06d}"
        check.save(update_fields=["number"])
        fields = [
            "account_check", "worker", "seq", "reference", "account_name", "card_encrypted",
            "card_index", "card_masked", "bank", "result", "bank_reason",
        ]  # fmt: skip
        copy_rows(
            AccountCheckLine,
            fields,
            (
                (
                    check.pk, w.pk, seq, f"HM{check.pk:07d}{seq:05d}", w.name,
                    w.bank_card_encrypted.token, bytes(w.bank_card_index), w.bank_card_masked,
                    w.bank, CheckResult.PENDING, "",
                )
                for seq, w in enumerate(workers, 1)
            ),
        )  # fmt: skip
    return check


def authorise_check(acting_user, account_check: AccountCheck) -> None:
    if acting_user is None:
        return
    access.require(acting_user, caps.PAY_WAGES)
    if not scope.can(acting_user, scope.CHANGE, account_check):
        raise PermissionDenied("您不是该项目的付款单位（项目单位或施工单位），不能办理户名校验")


def account_check_file(
    *, acting_user, account_check: AccountCheck, ip: str | None = None
) -> tuple[str, bytes]:
    """The check file (name, bytes) in the bank's layout; every card (and ID number, where the
    layout has one) in it is a logged reveal (issue 13, items 1 and 7). Nothing is stored."""
    if acting_user is not None:
        access.require(acting_user, caps.REVEAL_BANK_CARD)
    authorise_check(acting_user, account_check)
    if account_check.batch_id is not None:
        raise ValidationError("该校验结果来自代发批次的银行回盘，没有校验文件")
    verify = account_check.layout["verify"]
    wants_id = any(c.get("field") == "id_number" for c in verify["columns"])
    if wants_id and acting_user is not None:
        access.require(acting_user, caps.REVEAL_ID_NUMBER)
    lines = list(
        account_check.lines.select_related("worker")
        .order_by("seq")
        .only("seq", "reference", "account_name", "card_encrypted", "bank", "worker__name",
              "worker__id_number_encrypted")
    )  # fmt: skip
    project = account_check.project
    account = WageAccount.objects.filter(project=project, closed_on__isnull=True).first()
    facts = {
        "check_number": account_check.number,
        "count": account_check.count,
        "payer_account": account.account_number if account else "",
        "payer_name": account.account_name if account else "",
        "date": f"{timezone.localdate():{verify['date_format']}}",
    }
    rows = (
        {
            "seq": line.seq,
            "reference": line.reference,
            "name": line.account_name,
            "card": line.card_encrypted.reveal(),
            "id_number": line.worker.id_number_encrypted.reveal() if wants_id else "",
            "bank": line.bank,
        }
        for line in lines
    )
    data = writer.build_file(verify, facts, rows)
    if acting_user is not None:
        people = [line.worker for line in lines]
        purpose = f"生成户名校验{account_check.number}的银行文件"
        reveal_log_many(
            acting_user=acting_user, objects=people, field="银行卡号", purpose=purpose, ip=ip
        )
        if wants_id:
            reveal_log_many(
                acting_user=acting_user, objects=people, field="公民身份号码", purpose=purpose,
                ip=ip,
            )  # fmt: skip
    return f"{account_check.number}-{project.code}户名校验.{verify['format']}", data


def account_check_import_reply(*, acting_user, account_check: AccountCheck, upload, progress=None):
    """The bank's answer through the one import engine (all or nothing, row errors)."""
    from payroll.importers.account_check_reply import AccountCheckReplyImport

    return run_import(
        AccountCheckReplyImport(account_check=account_check),
        upload,
        context={"user": acting_user},
        progress=progress,
    )


#: A payment's failure reason meaning the name does not match the account (户名与账号不符 and
#: the other ways banks word it); a layout may add its own words or codes (``reply.name_mismatch``
#: in ``data/bank_layouts/``).
NAME_MISMATCH = re.compile(
    r"户名(与|和)?(账号|账户|卡号)?(不符|不一致|不匹配|错误?)|(账户|收款人)(名称|户名)(不符|不一致|错误?)"
)


def is_name_mismatch(reason: str, words=()) -> bool:
    """Whether the bank's failure ``reason`` says the name does not match the account."""
    return bool(NAME_MISMATCH.search(reason)) or any(w and w in reason for w in words)


def cards_failed_by_name(*, acting_user, batch, instruction_ids) -> AccountCheck | None:
    """The bank failed these instructions of ``batch`` with "户名与账号不符" (issue 13): that is
    its answer about the card and name the instruction carried, so it is recorded as one (a
    check of the batch's project, answered, without a file), one line per card, ``户名不符``.
    The card is then mismatched exactly as after a failed name-account check: on the to-do of
    the person's township and of the payer, and not payable, so its re-issue needs the card or
    name corrected in the register and checked again. Runs inside the reply's transaction."""
    ids = sorted(set(instruction_ids))
    if not ids:
        return None
    failed = list(
        PaymentInstruction.objects.filter(pk__in=ids, batch=batch)
        .order_by("seq")
        .values_list(
            "worker_id", "account_name", "card_encrypted", "card_index", "card_masked",
            "worker__bank", "fail_reason",
        )
    )  # fmt: skip
    now = timezone.now()
    check = AccountCheck.objects.create(
        number=f"T{now:%Y%m%d%H%M%S%f}"[:20],
        project_id=batch.ledger.project_id,
        layout_code=batch.layout_code,
        layout_name=batch.layout_name,
        layout=batch.layout,
        status=CheckStatus.ANSWERED,
        count=len(failed),
        created_by=acting_user,
        answered_at=now,
        batch=batch,
    )
    check.number = f"HP{timezone.localdate():%Y%m%d}{check.pk:06d}"
    check.save(update_fields=["number"])
    fields = [
        "account_check", "worker", "seq", "reference", "account_name", "card_encrypted",
        "card_index", "card_masked", "bank", "result", "bank_reason", "answered_at",
    ]  # fmt: skip
    copy_rows(
        AccountCheckLine,
        fields,
        (
            (
                check.pk, worker_id, seq, f"HP{check.pk:07d}{seq:05d}", name, card.token,
                bytes(index), masked, bank or "", CheckResult.NAME,
                f"代发批次{batch.number}回盘：{reason}"[:200], now,
            )
            for seq, (worker_id, name, card, index, masked, bank, reason) in enumerate(failed, 1)
        ),
    )  # fmt: skip
    return check
