"""Reading payment batches and instructions (issue 13), always through the scope module."""

from __future__ import annotations

from dataclasses import dataclass

from payroll.choices import InstructionStatus
from payroll.models import PaymentBatch, PaymentInstruction
from payroll.services.payments import batch_totals
from yiguoji import scope


def batches_for(user):
    return scope.restrict(
        PaymentBatch.objects.select_related("ledger__project"), user, scope.VIEW
    ).order_by("-created_at", "-pk")


@dataclass
class BatchPage:
    batch: PaymentBatch
    instructions: list
    totals: dict
    can_pay: bool


def batch_page(user, pk: int, *, can_pay: bool) -> BatchPage:
    batch = scope.get_object_or_404(
        PaymentBatch.objects.select_related("ledger__project", "payer", "wage_account"),
        user,
        scope.VIEW,
        pk=pk,
    )
    instructions = list(
        batch.instructions.select_related("reissue_of__batch", "reissue__batch")
        .defer("card_encrypted")
        .order_by("seq")
    )
    return BatchPage(batch, instructions, batch_totals(batch), can_pay)


def failures_for(user):
    """Failed instructions not yet re-issued: the cards to fix (payer, township, district)."""
    return (
        scope.restrict(PaymentInstruction.objects.all(), user, scope.VIEW)
        .filter(status=InstructionStatus.FAILED, reissue__isnull=True)
        .select_related("batch__ledger__project", "worker__township")
        .defer("card_encrypted")
        .order_by("batch__ledger__project__code", "batch__number", "seq")
    )
