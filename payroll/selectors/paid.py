"""What a worker has been paid: the one definition every public figure reads.

``paid_lines()`` are the wage lines whose figures count (the counted version of each project's
monthly ledger, ``WageLedger.objects.counted()``), each annotated with ``paid_amount`` (the
money that reached the worker for that line) and ``paid_on`` (the day it did).

A wage is paid when the bank says it was credited (issue 13; plan task 9, art. 30): for a line
that has gone to the bank (it has a payment instruction), ``paid_amount`` is the amount of its
credited instruction (a line has at most one live instruction, a database constraint) and
``paid_on`` the bank's date; pending or failed, it is nothing. A line that never went to the
bank by card (a month before bank payments were used) keeps what its ledger states. Cash or
another method, art. 30's exception, counts only once recorded with its reason and the signed
receipt's scan (``CashPayment``: its amount and date); a cash line without them counts nothing.
Worker self-service, confirmation rounds, public project pages, arrears, late pay, monthly
reports, the dashboard, township summaries, year-end scoring and acceptance all read these
two annotations, so this is the one place that says what "paid" is.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Case,
    DateField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from payroll.choices import InstructionStatus, PayMethod
from payroll.models import CashPayment, PaymentInstruction, WageLedger, WageLine

MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0")


def with_paid(lines):
    """``lines`` annotated with ``paid_amount`` and ``paid_on`` (see the module docstring)."""
    instructions = PaymentInstruction.objects.filter(line=OuterRef("pk"))
    credited = instructions.filter(status=InstructionStatus.CREDITED).order_by()
    by_bank = Exists(instructions)
    cash = CashPayment.objects.filter(line=OuterRef("pk")).order_by()
    by_cash = Exists(cash)
    not_by_card = ~Q(method=PayMethod.BANK_CARD)
    return lines.annotate(
        paid_amount=Case(
            When(by_cash, then=Subquery(cash.values("amount")[:1])),
            When(by_bank, then=Coalesce(Subquery(credited.values("amount")[:1]), Value(ZERO))),
            When(not_by_card, then=Value(ZERO)),
            default=F("paid"),
            output_field=MONEY,
        ),
        paid_on=Case(
            When(by_cash, then=Subquery(cash.values("paid_on")[:1])),
            When(by_bank, then=Subquery(credited.values("credited_on")[:1])),
            When(not_by_card, then=Value(None, output_field=DateField())),
            default=F("pay_date"),
        ),
    )


def paid_lines():
    return with_paid(WageLine.objects.filter(ledger__in=WageLedger.objects.counted()))


def mask_name(name: str) -> str:
    """ "张三丰" -> "张**": the surname and one star per other character."""
    name = (name or "").strip()
    return name[:1] + "*" * max(len(name) - 1, 1) if name else "*"


def public_pay_rows(project, offset: int, limit: int):
    """The ``projects.hooks`` provider of the public page's pay table: per worker a masked
    name, days and paid, ordered by masked name (two queries, whatever the project's size)."""
    from projects.hooks import PublicPayRow

    per_worker = (
        paid_lines()
        .filter(ledger__project=project)
        .order_by()
        .values("worker_id", "worker__name")
        .annotate(days=Sum("days"), paid_total=Sum("paid_amount", output_field=MONEY))
    )
    total = per_worker.count()
    rows = per_worker.order_by("worker__name", "worker_id")[offset : offset + limit]
    return [
        PublicPayRow(
            masked_name=mask_name(row["worker__name"]),
            person_days=row["days"] or Decimal("0"),
            paid=row["paid_total"] or Decimal("0"),
        )
        for row in rows
    ], total
