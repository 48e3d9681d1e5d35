"""What payroll tells subscribed systems (issue 15, item 5): a ledger filed, a bank's credits.

Each function is the one line a service calls inside its transaction; the event is recorded when
it commits (``yiguoji.api.webhooks.event_record``), for the clients whose scope covers the ledger
or batch. Payloads carry ids, codes, amounts and months, never names, ID or card numbers.
"""

from __future__ import annotations

from decimal import Decimal

from payroll.choices import InstructionStatus
from yiguoji.api.choices import EventKind
from yiguoji.api.webhooks import event_record


def _month(day) -> str:
    return f"{day:%Y-%m}"


def ledger_filed(ledger) -> None:
    """A wage ledger was filed with the department (plan task 9: 送项目主管部门备案)."""

    def payload() -> dict:
        from projects.models import Project

        code = Project.objects.values_list("code", flat=True).get(pk=ledger.project_id)
        return {
            "ledger": ledger.pk,
            "project": ledger.project_id,
            "project_code": code,
            "month": _month(ledger.month),
            "version": ledger.version,
            "workers": ledger.workers,
            "total_days": ledger.total_days,
            "total_payable": ledger.total_payable,
            "filed_at": ledger.filed_at,
        }

    event_record(EventKind.LEDGER_FILED, ledger, payload)


def payments_credited(batch, outcomes: list[tuple]) -> None:
    """The bank's reply to ``batch`` was recorded; ``outcomes`` are the reply importer's rows,
    ``(instruction id, status, credited on, fail reason)``. One event for the instructions it
    credited (none for a reply that credited none)."""
    instruction_ids = [o[0] for o in outcomes if o[1] == InstructionStatus.CREDITED]
    if not instruction_ids:
        return

    def payload() -> dict:
        from payroll.models import PaymentBatch, PaymentInstruction

        fresh = PaymentBatch.objects.select_related("ledger__project").get(pk=batch.pk)
        credited = list(
            PaymentInstruction.objects.filter(pk__in=instruction_ids, batch=fresh)
            .order_by("seq")
            .values("id", "seq", "reference", "worker_id", "amount", "credited_on")
        )
        return {
            "batch": fresh.pk,
            "batch_number": fresh.number,
            "ledger": fresh.ledger_id,
            "project": fresh.ledger.project_id,
            "project_code": fresh.ledger.project.code,
            "month": _month(fresh.ledger.month),
            "credited_count": len(credited),
            "credited_total": sum((row["amount"] for row in credited), Decimal(0)),
            "instructions": [
                {
                    "instruction": row["id"],
                    "seq": row["seq"],
                    "reference": row["reference"],
                    "worker": row["worker_id"],
                    "amount": row["amount"],
                    "credited_on": row["credited_on"],
                }
                for row in credited
            ],
        }

    event_record(EventKind.PAYMENT_CREDITED, batch, payload)
