"""What the wage ledgers say, read the way the assessment counts it.

Which lines count: those of the ledger version ``payroll`` says counts for its project and month
(``WageLedger.objects.counted()``: the newest version that has been submitted, signed or filed;
drafts and returned versions count for nothing). What was paid, and when, is payroll's one
definition (``payroll.selectors.paid``: ``paid_amount`` and ``paid_on``, credited by the bank).

Two calendars, both Beijing dates:

* the **ledger month** (``WageLedger.month``): who worked, how many days, what was payable;
* the **pay date** (``paid_on``, the bank's credit date): when money was paid. Wages of
  November paid on 1 December (even at 00:30 Beijing time, 16:30 on 30 November UTC) are
  paid in December.

Arrears (欠发) at the end of a day are, over the lines whose ledger's pay deadline had passed by
then (``WageLedger.pay_deadline``, the district's deadline of that year, frozen on the ledger),
what was payable less what had been paid by that day (never below zero per line): September's
wages, due by 15 October, are not in arrears at the end of September, only not yet paid. Every
function here is a fixed number of grouped queries, whatever the number of lines.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest

from assessment.periods import month_end, month_of
from payroll.choices import LedgerStatus
from payroll.models import WageLedger
from payroll.selectors.paid import paid_lines

ZERO = Decimal("0")
MONEY = DecimalField(max_digits=14, decimal_places=2)
PRIORITY = ~Q(worker__priority_groups=[])
ELSEWHERE = Q(worker__from_elsewhere=True)  # art. 45: counted apart from local workers


def counted_lines():
    """The lines whose figures count, with ``paid_amount`` and ``paid_on`` (see the module's
    docstring)."""
    return paid_lines()


def unpaid_at(day: dt.date):
    """Per line: what was overdue at the end of ``day`` (Beijing): nothing while its ledger's
    pay deadline has not passed; after it, payable less what had been paid by ``day``, never
    below zero."""
    settled = Case(
        When(paid_on__lte=day, then=F("paid_amount")), default=Value(ZERO), output_field=MONEY
    )
    owed = Greatest(F("payable") - settled, Value(ZERO), output_field=MONEY)
    return Case(
        When(ledger__pay_deadline__lte=day, then=owed), default=Value(ZERO), output_field=MONEY
    )


def _only(lines, project_ids):
    return lines if project_ids is None else lines.filter(ledger__project_id__in=project_ids)


@dataclass
class MonthFigures:
    """A project's figures for a month, or (``cumulative_figures``) up to a day."""

    workers: int = 0
    priority_workers: int = 0
    migrant_workers: int = 0
    person_days: Decimal = ZERO
    payable: Decimal = ZERO
    paid: Decimal = ZERO
    arrears: Decimal = ZERO
    ledger_status: str = ""

    def as_fields(self) -> dict:
        return {
            "workers": self.workers,
            "priority_workers": self.priority_workers,
            "migrant_workers": self.migrant_workers,
            "person_days": self.person_days,
            "payable": self.payable,
            "paid": self.paid,
            "arrears": self.arrears,
            "ledger_status": self.ledger_status,
        }


def month_figures(
    month: dt.date, project_ids: Iterable[int] | None = None
) -> dict[int, MonthFigures]:
    """Per project with anything to say about ``month``: its ledger's people, days and payable,
    the money paid in the month, and the arrears at its end. Four queries."""
    end = month_end(month)
    lines = _only(counted_lines(), project_ids)
    figures: dict[int, MonthFigures] = {}

    def entry(project_id: int) -> MonthFigures:
        return figures.setdefault(project_id, MonthFigures())

    for row in (
        lines.filter(ledger__month=month)
        .values("ledger__project_id")
        .annotate(
            workers=Count("worker_id", distinct=True),
            priority_workers=Count("worker_id", distinct=True, filter=PRIORITY),
            migrant_workers=Count("worker_id", distinct=True, filter=ELSEWHERE),
            days_sum=Sum("days"),
            payable_sum=Sum("payable"),
        )
        .order_by()
    ):
        f = entry(row["ledger__project_id"])
        f.workers, f.priority_workers = row["workers"], row["priority_workers"]
        f.migrant_workers = row["migrant_workers"]
        f.person_days, f.payable = row["days_sum"] or ZERO, row["payable_sum"] or ZERO
    for row in (
        lines.filter(paid_on__gte=month, paid_on__lte=end)
        .values("ledger__project_id")
        .annotate(paid_sum=Sum("paid_amount"))
        .order_by()
    ):
        entry(row["ledger__project_id"]).paid = row["paid_sum"] or ZERO
    for row in (
        lines.filter(ledger__month__lte=month)
        .values("ledger__project_id")
        .annotate(owed=Sum(unpaid_at(end)))
        .filter(owed__gt=0)
        .order_by()
    ):
        entry(row["ledger__project_id"]).arrears = row["owed"]
    labels = dict(LedgerStatus.choices)
    ledgers = WageLedger.objects.latest().filter(month=month)
    if project_ids is not None:
        ledgers = ledgers.filter(project_id__in=project_ids)
    for project_id, status in ledgers.values_list("project_id", "status"):
        entry(project_id).ledger_status = labels.get(status, status)
    return figures


def cumulative_figures(
    as_of: dt.date, project_ids: Iterable[int] | None = None
) -> dict[int, MonthFigures]:
    """Per project: distinct people and days on the ledgers of months up to ``as_of``, money
    paid by ``as_of`` (pay date), and what was still owed then. Two queries."""
    lines = _only(counted_lines(), project_ids)
    figures: dict[int, MonthFigures] = {}
    for row in (
        lines.filter(ledger__month__lte=month_of(as_of))
        .values("ledger__project_id")
        .annotate(
            workers=Count("worker_id", distinct=True),
            priority_workers=Count("worker_id", distinct=True, filter=PRIORITY),
            migrant_workers=Count("worker_id", distinct=True, filter=ELSEWHERE),
            person_days=Sum("days"),
            # (named apart from the fields: unpaid_at() reads the lines' own payable and paid)
            total_payable=Sum("payable"),
            owed=Sum(unpaid_at(as_of)),
        )
        .order_by()
    ):
        figures[row["ledger__project_id"]] = MonthFigures(
            workers=row["workers"],
            priority_workers=row["priority_workers"],
            migrant_workers=row["migrant_workers"],
            person_days=row["person_days"] or ZERO,
            payable=row["total_payable"] or ZERO,
            arrears=row["owed"] or ZERO,
        )
    for row in (
        lines.filter(paid_on__lte=as_of)
        .values("ledger__project_id")
        .annotate(total_paid=Coalesce(Sum("paid_amount"), Value(ZERO), output_field=MONEY))
        .order_by()
    ):
        figures.setdefault(row["ledger__project_id"], MonthFigures()).paid = row["total_paid"]
    return figures
