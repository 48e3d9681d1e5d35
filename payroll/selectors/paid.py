"""What a worker has been paid: the one definition every public figure reads.

``paid_lines()`` are the wage lines whose figures count (the counted version of each project's
monthly ledger, ``WageLedger.objects.counted()``), each annotated with ``paid_amount``: the
money that reached the worker for that line. Today that is the amount the ledger states as
paid; once bank payments exist (issue 13) it is the amount the bank credited, and that change
is made here, so that the worker self-service, the confirmation rounds and the public project
pages follow it without change.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import DecimalField, F, Sum

from payroll.models import WageLedger, WageLine

MONEY = DecimalField(max_digits=14, decimal_places=2)


def paid_lines():
    return WageLine.objects.filter(ledger__in=WageLedger.objects.counted()).annotate(
        paid_amount=F("paid")
    )


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
