"""Demo data of wage payments through the bank (issue 13): ``make run`` shows the whole path.

Before each project is paid, its hired workers' cards are checked by the (simulated) bank
(户名校验, item 1); another project's check answers two cards as mismatched, for the to-do.

The newest signed or filed ledgers are paid through the bank with the simulator standing in for
the bank (``payroll.management.bank_simulator``): the first batch has one failure, whose card is
then corrected in the register (an audited change) and re-issued in a second batch that the bank
credits; the next ledger's batch keeps its failure, for the failures list.
"""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from django.utils import timezone

from payroll import samples
from payroll.choices import InstructionStatus, LedgerStatus
from payroll.management.bank_simulator import check_reply_file, reply_file
from payroll.models import AccountCheck, LabourContract, PaymentBatch, WageAccount, WageLedger
from payroll.services import account_checks
from payroll.services import payments as service
from payroll.services.workers import PersonDetails, worker_update
from yiguoji.core import registry
from yiguoji.core.models import User
from yiguoji.core.roles import Role

LAYOUTS = ("rcb_payroll_txt", "icbc_batch_xlsx")


def _payer(ledger) -> User | None:
    project = ledger.project
    return (
        User.objects.filter(
            role__in=(Role.PROJECT_UNIT, Role.CONTRACTOR),
            organisation_id__in=[project.owner_id, project.contractor_id],
        )
        .order_by("role", "pk")
        .first()
    )


def _check(user, project, layout: str, mismatches=None) -> AccountCheck | None:
    """The bank checks the hired workers' cards before the first pay day (户名校验, item 1)."""
    try:
        check = account_checks.account_check_create(
            acting_user=user, project=project, layout_code=layout
        )
    except ValidationError:  # every card already checked
        return None
    data = check_reply_file(check, mismatches=mismatches)
    result = account_checks.account_check_import_reply(
        acting_user=user, account_check=check, upload=io.BytesIO(data)
    )
    if not result.ok:
        raise ValidationError(result.messages()[:1] or [result.summary])
    return check


def _pay(ledger, layout: str, fail: int) -> PaymentBatch:
    user = _payer(ledger)
    _check(user, ledger.project, layout)
    account = None
    if not WageAccount.objects.filter(project=ledger.project, closed_on__isnull=True).exists():
        account = service.PayerAccount(
            "北京农商银行延庆支行", f"{ledger.project.owner.name}", "0901 0000 8888 0001"
        )
    batch = service.batch_create(
        acting_user=user, ledger=ledger, layout_code=layout, payer_account=account
    )
    return _send_and_reply(user, batch, fail)


def _send_and_reply(user, batch, fail: int) -> PaymentBatch:
    batch = service.batch_mark_sent(acting_user=user, batch=batch)
    data = reply_file(batch, fail=fail, day=timezone.localdate())
    result = service.batch_import_reply(acting_user=user, batch=batch, upload=io.BytesIO(data))
    if not result.ok:
        raise ValidationError(result.messages()[:1] or [result.summary])
    return batch


def _reissue(batch) -> PaymentBatch | None:
    user = _payer(batch.ledger)
    failed = list(batch.instructions.filter(status=InstructionStatus.FAILED))
    for instruction in failed:
        worker = instruction.worker
        details = PersonDetails(
            name=worker.name, township=worker.township, village=worker.village, bank=worker.bank
        )
        worker_update(
            acting_user=user,
            worker=worker,
            details=details,
            new_bank_card=samples.bank_card(880_000 + worker.pk),
        )
    if not failed:
        return None
    _check(user, batch.ledger.project, batch.layout_code)  # the corrected cards
    again = service.instructions_reissue(acting_user=user, instructions=failed)
    return _send_and_reply(user, again, 0)


@registry.demo_seeder(46, "工资代发（银行代发、回盘、重新发放）")
def seed_payments(stdout) -> None:
    if PaymentBatch.objects.exists():
        stdout.write("  工资代发：已存在")
        return
    ledgers = list(
        WageLedger.objects.counted()
        .filter(status__in=(LedgerStatus.SIGNED, LedgerStatus.FILED), lines__isnull=False)
        .distinct()
        .select_related("project")
        .order_by("-month", "project__code")[:2]
    )
    made = []
    for index, ledger in enumerate(ledgers):
        try:
            batch = _pay(ledger, LAYOUTS[index % len(LAYOUTS)], fail=1)
            made.append(batch.number)
            if index == 0:
                again = _reissue(batch)
                if again is not None:
                    made.append(f"{again.number}（重新发放）")
        except ValidationError as error:  # the demo data changed under us: say so, go on
            stdout.write(f"  工资代发：{ledger}未代发：{error.messages[0]}")
    stdout.write(f"  工资代发：{'；'.join(made) or '没有可代发的台账'}")
    _mismatches(stdout, exclude={ledger.project_id for ledger in ledgers})


def _mismatches(stdout, exclude) -> None:
    """Another project's cards checked with two mismatches: the to-do of the townships of those
    people and of the project unit (户名校验不符、须更正的银行卡)."""
    from projects.models import Project

    hired = LabourContract.objects.filter(status="active").values("project_id")
    project = Project.objects.filter(pk__in=hired).exclude(pk__in=exclude).order_by("code").first()
    if project is None:
        return
    user = (
        User.objects.filter(
            role__in=(Role.PROJECT_UNIT, Role.CONTRACTOR),
            organisation_id__in=[project.owner_id, project.contractor_id],
        )
        .order_by("role", "pk")
        .first()
    )
    try:
        check = _check(user, project, "generic_csv", mismatches={1: "name", 2: "frozen"})
    except ValidationError as error:
        stdout.write(f"  户名校验：{project.code}未校验：{error.messages[0]}")
        return
    if check is not None:
        stdout.write(f"  户名校验：{check.number}（{project.code}，{check.count}人，2人不符）")


RECEIPT = b"%PDF-1.4\n% demo: receipt signed by the worker\n"


@registry.demo_seeder(47, "现金等其他方式发放（第三十条例外，原因和签字凭证）")
def seed_cash_payments(stdout) -> None:
    """The ledgers' cash lines (people without a card) recorded with the reason and a receipt
    scan, as art. 30's exception must be before it counts as paid."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from payroll.choices import PayMethod
    from payroll.models import CashPayment, WageLine

    if CashPayment.objects.exists():
        stdout.write("  现金发放：已存在")
        return
    lines = (
        WageLine.objects.filter(
            ledger__in=WageLedger.objects.counted().filter(
                status__in=(LedgerStatus.SIGNED, LedgerStatus.FILED)
            ),
            method__in=(PayMethod.CASH, PayMethod.OTHER),
            payable__gt=0,
        )
        .select_related("ledger__project", "worker")
        .order_by("ledger__month", "seq")[:20]
    )
    made = 0
    for line in lines:
        try:
            service.line_pay_by_cash(
                acting_user=_payer(line.ledger),
                line=line,
                method=line.method,
                amount=line.payable,
                paid_on=line.pay_date or timezone.localdate(),
                reason=line.method_reason or "本人尚未办理银行卡，现金发放，本人签字领取",
                receipt=SimpleUploadedFile("领款凭证.pdf", RECEIPT),
            )
            made += 1
        except ValidationError as error:
            stdout.write(f"  现金发放：{line.worker.name}未登记：{error.messages[0]}")
    stdout.write(f"  现金发放：{made}笔（附本人签字的领款凭证）")


@registry.demo_seeder(48, "工资专用账户流水（与代发核对）")
def seed_statement(stdout) -> None:
    """The paid project's dedicated wage account and its statement, with one outflow to a
    shop that is not a worker on the project (flagged) and a balance short of the wages still
    due (the failed line not yet re-issued)."""
    import datetime as dt
    from decimal import Decimal

    from payroll.management.bank_simulator import statement_file
    from payroll.models import AccountStatement
    from payroll.services.statements import statement_import

    if AccountStatement.objects.exists():
        stdout.write("  专户流水：已存在")
        return
    batch = (
        PaymentBatch.objects.filter(instructions__status=InstructionStatus.CREDITED)
        .select_related("ledger__project__owner")
        .order_by("pk")
        .first()
    )
    if batch is None:
        stdout.write("  专户流水：没有已入账的代发")
        return
    project = batch.ledger.project
    account = WageAccount.objects.filter(project=project, closed_on__isnull=True).first()
    if account is None:
        account = WageAccount.objects.create(
            project=project,
            bank="北京农商银行延庆支行",
            account_name=f"{project.owner.name}农民工工资专用账户",
            account_number="0901000088880008",
            opened_on=dt.date(project.year, 1, 5),
        )
    last = batch.instructions.filter(status=InstructionStatus.CREDITED).order_by("-credited_on")
    day = last.first().credited_on
    extra = [
        {"date": day, "name": "延庆区某建材经营部", "account": "6222020200112233445",
         "out": Decimal("3600.00"), "summary": "购砂石料"},
    ]  # fmt: skip
    data = statement_file(account, extra=extra)
    result = statement_import(acting_user=_payer(batch.ledger), account=account, upload=data)
    if not result.ok:
        stdout.write(f"  专户流水：未导入：{result.messages()[:1]}")
        return
    stdout.write(f"  专户流水：{project.code}，{result.summary}")


@registry.demo_seeder(49, "已发送银行、尚未回盘的代发批次")
def seed_waiting_batch(stdout) -> None:
    """One more ledger paid through the bank whose reply has not come back: the district
    office's list of batches waiting for the bank (未全部回盘的批次) shows it with its age."""
    import datetime as dt

    from payroll.choices import BatchStatus

    if PaymentBatch.objects.filter(status=BatchStatus.SENT).exists():
        stdout.write("  等待回盘的批次：已存在")
        return
    paid = PaymentBatch.objects.values("ledger_id")
    ledger = (
        WageLedger.objects.counted()
        .filter(status__in=(LedgerStatus.SIGNED, LedgerStatus.FILED), lines__isnull=False)
        .exclude(pk__in=paid)
        .distinct()
        .select_related("project")
        .order_by("-month", "project__code")
        .first()
    )
    if ledger is None:
        stdout.write("  等待回盘的批次：没有可代发的台账")
        return
    user = _payer(ledger)
    try:
        _check(user, ledger.project, "generic_csv")
        account = None
        if not WageAccount.objects.filter(project=ledger.project, closed_on__isnull=True).exists():
            account = service.PayerAccount(
                "北京农商银行延庆支行", f"{ledger.project.owner.name}", "0901 0000 8888 0002"
            )
        batch = service.batch_create(
            acting_user=user, ledger=ledger, layout_code="generic_csv", payer_account=account
        )
        service.batch_mark_sent(acting_user=user, batch=batch)
    except ValidationError as error:
        stdout.write(f"  等待回盘的批次：{ledger}未代发：{error.messages[0]}")
        return
    # Demo only: handed to the bank five days ago, so that the list shows an overdue reply.
    PaymentBatch.objects.filter(pk=batch.pk).update(sent_at=timezone.now() - dt.timedelta(days=5))
    stdout.write(f"  等待回盘的批次：{batch.number}（{batch.count}笔，5天前发送银行）")
