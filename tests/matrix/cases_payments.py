"""Wage payments through the bank (issue 13) in the role-by-URL matrix.

World (on top of ``cases_payroll``): each side's May ledger has a payment batch with one
instruction, failed on side A (so A's failures list has a row). Leaders see nothing of it (it
names people); the district-wide roles see both sides; everyone else sees A only (404 for B).
Only the payer's side (project unit, contractor) may make a batch or download its file (full
card numbers: POST, a logged reveal).
"""

from decimal import Decimal

from django.urls import reverse

from payroll import identity
from payroll.choices import InstructionStatus
from payroll.models import PaymentBatch, PaymentInstruction
from tests.matrix import Case, only
from tests.matrix.cases_payroll import HIRERS, a_side, b_side, pk, url
from yiguoji.core import crypto

A, B = "a", "b"


def build(world) -> None:
    from payroll.bankfiles.layouts import get_layout

    layout = get_layout("generic_csv")
    for side in (A, B):
        ledger = getattr(world, f"pr_ledger_{side}")
        line = getattr(world, f"pr_line_{side}")
        batch = _batch(ledger, layout, side)
        card = line.worker.bank_card_encrypted.reveal()
        PaymentInstruction.objects.create(
            batch=batch,
            line=line,
            worker=line.worker,
            seq=1,
            reference=f"GZMATRIX{side.upper()}",
            account_name=line.worker.name,
            amount=Decimal("4000"),
            card_encrypted=card,
            card_index=identity.card_index(card),
            card_masked=crypto.mask(card, head=4, tail=4),
            status=InstructionStatus.FAILED if side == A else InstructionStatus.PENDING,
            fail_reason="户名与账号不符" if side == A else "",
        )
        setattr(world, f"pr_batch_{side}", batch)
        setattr(world, f"pr_check_{side}", _check(ledger.project, line.worker, card, side))
        setattr(world, f"pr_cash_{side}", _cash(line, side))
        setattr(world, f"pr_statement_{side}", _statement(ledger.project, side))


def _statement(project, side):
    """A dedicated wage account with one imported statement of one flagged outflow."""
    import datetime as dt

    from payroll.models import AccountStatement, StatementLine, WageAccount

    account = WageAccount.objects.create(
        project=project,
        bank="矩阵银行",
        account_name=f"矩阵工资专户{side.upper()}",
        account_number=f"09010000{side.upper()}",
        opened_on=dt.date(2026, 3, 1),
    )
    statement = AccountStatement.objects.create(
        number=f"LSMATRIX{side.upper()}",
        wage_account=account,
        first_day=dt.date(2026, 6, 1),
        last_day=dt.date(2026, 6, 1),
        lines_count=1,
        flagged_count=1,
        closing_balance=Decimal("10"),
        wages_due=Decimal("4000"),
    )
    StatementLine.objects.create(
        statement=statement,
        row=4,
        booked_on=dt.date(2026, 6, 1),
        outflow=True,
        amount=Decimal("500"),
        counterparty_name="矩阵商店",
        outcome="not_worker",
    )
    return statement


def _cash(line, side):
    """Art. 30's exception recorded on each side's line (its bank instruction is not live on A;
    the matrix writes rows directly, the services' rules are tested elsewhere)."""
    import datetime as dt

    from payroll.models import CashPayment

    return CashPayment.objects.create(
        line=line,
        worker=line.worker,
        method="cash",
        amount=Decimal("4000"),
        paid_on=dt.date(2026, 6, 10),
        reason="矩阵测试：现金发放",
        receipt=f"payroll/receipts/matrix-{side}.pdf",
        receipt_name="领款凭证.pdf",
    )


def receipt_of(side):
    """The cash record's pk, after putting its receipt where this test's MEDIA_ROOT points."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    def pk_of(world):
        payment = getattr(world, f"pr_cash_{side}")
        if not default_storage.exists(payment.receipt.name):
            default_storage.save(payment.receipt.name, ContentFile(b"%PDF-1.4\n% receipt\n"))
        return payment.pk

    return pk_of


def _check(project, worker, card, side):
    """A name-account check (issue 13 item 1): A's card answered as closed (the to-do of
    township A and of A's payer), B's still waiting for the bank."""
    from django.utils import timezone

    from payroll.bankfiles.layouts import get_layout
    from payroll.choices import CheckResult
    from payroll.models import AccountCheck, AccountCheckLine

    layout = get_layout("generic_csv")
    check = AccountCheck.objects.create(
        number=f"HMMATRIX{side.upper()}",
        project=project,
        layout_code=layout.code,
        layout_name=layout.name,
        layout=layout.data,
        count=1,
    )
    AccountCheckLine.objects.create(
        account_check=check,
        worker=worker,
        seq=1,
        reference=f"HMMATRIX{side.upper()}1",
        account_name=worker.name,
        card_encrypted=card,
        card_index=identity.card_index(card),
        card_masked=crypto.mask(card, head=4, tail=4),
        result=CheckResult.CLOSED if side == A else CheckResult.PENDING,
        bank_reason="账户已销户" if side == A else "",
        answered_at=timezone.now() if side == A else None,
    )
    return check


def _batch(ledger, layout, side):
    return PaymentBatch.objects.create(
        number=f"DFMATRIX{side.upper()}",
        ledger=ledger,
        layout_code=layout.code,
        layout_name=layout.name,
        layout=layout.data,
        payer=ledger.project.owner,
        payer_bank="矩阵银行",
        payer_account_name="矩阵付款户",
        payer_account_number="0001",
        count=1,
        total=Decimal("4000"),
    )


CASES = [
    Case("payments batches", url("payroll:payment_batches"), a_side()),
    Case("payments batch of A", url("payroll:payment_batch", pk("batch", A)), a_side()),
    Case("payments batch of B", url("payroll:payment_batch", pk("batch", B)), b_side()),
    Case("payments failures", url("payroll:payment_failures"), a_side()),
    Case("payments unreconciled", url("payroll:unreconciled"), a_side()),
    Case(
        "payments rules (the district's numbers)",
        url("payroll:payment_rules"),
        only("district_office"),
    ),
    Case(
        "payments new batch of A", url("payroll:payment_batch_new", pk("ledger", A)), only(*HIRERS)
    ),
    Case(
        "payments new batch of B",
        url("payroll:payment_batch_new", pk("ledger", B)),
        only(*HIRERS, status=404),
    ),
    Case(
        "payments file of A (full cards: POST, logged)",
        url("payroll:payment_batch_file", pk("batch", A)),
        only(*HIRERS),
        method="post",
    ),
    Case(
        "payments file of B",
        url("payroll:payment_batch_file", pk("batch", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    # Name-account checks (issue 13 item 1) and the to-do of mismatched cards
    Case("payments account checks", url("payroll:account_checks"), a_side()),
    Case("payments account check of A", url("payroll:account_check", pk("check", A)), a_side()),
    Case("payments account check of B", url("payroll:account_check", pk("check", B)), b_side()),
    Case("payments project cards of A", url("payroll:project_cards", pk("project", A)), a_side()),
    Case("payments project cards of B", url("payroll:project_cards", pk("project", B)), b_side()),
    Case(
        "payments check file of A (full cards: POST, logged)",
        url("payroll:account_check_file", pk("check", A)),
        only(*HIRERS),
        method="post",
    ),
    Case(
        "payments check file of B",
        url("payroll:account_check_file", pk("check", B)),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case("payments card mismatches", url("payroll:card_mismatches"), a_side()),
    # Cash or another method (art. 30's exception, issue 13 item 4)
    Case("payments cash list", url("payroll:cash_payments"), a_side()),
    Case("payments cash receipt of A", url("payroll:cash_receipt", receipt_of(A)), a_side()),
    Case("payments cash receipt of B", url("payroll:cash_receipt", receipt_of(B)), b_side()),
    Case("payments cash of ledger A", url("payroll:ledger_cash", pk("ledger", A)), only(*HIRERS)),
    Case(
        "payments cash of ledger B",
        url("payroll:ledger_cash", pk("ledger", B)),
        only(*HIRERS, status=404),
    ),
    # The dedicated wage account's statement (issue 13 item 6)
    Case("payments statements", url("payroll:statements"), a_side()),
    Case("payments statement of A", url("payroll:statement", pk("statement", A)), a_side()),
    Case("payments statement of B", url("payroll:statement", pk("statement", B)), b_side()),
    Case(
        "payments statement upload of A (no file: back to the list)",
        lambda w: reverse("payroll:statement_upload", args=[w.pr_statement_a.wage_account_id]),
        only(*HIRERS, status=302),
        method="post",
    ),
    Case(
        "payments statement upload of B",
        lambda w: reverse("payroll:statement_upload", args=[w.pr_statement_b.wage_account_id]),
        only(*HIRERS, status=404),
        method="post",
    ),
    Case(
        "payments wage clock",
        url("payroll:wage_clock"),
        only("district_office", "department", "finance", "project_unit", "contractor", "auditor"),
    ),
]
