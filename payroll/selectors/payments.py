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


def overdue_since():
    """Batches sent before this are overdue if their reply is not complete: the district's
    ``PaymentRules.reply_overdue_days`` (3 unless it sets otherwise: banks answer a batch within
    a working day or two; the district office follows up older ones), as an expression of the
    same query."""
    from payroll.services.payment_rules import days_before_now

    return days_before_now("reply_overdue_days")


def unreconciled_for(user):
    """Batches handed to the bank whose reply is not complete (issue 13 item 9): sent, with
    instructions still pending, oldest first, with what is still pending. The district office
    sees every one; each party sees those of its projects."""
    from django.db.models import Count, Q, Sum

    from payroll.choices import BatchStatus

    pending = Q(instructions__status=InstructionStatus.PENDING)
    return (
        batches_for(user)
        .filter(status=BatchStatus.SENT)
        .select_related("ledger__project", "payer")
        .annotate(
            pending_count=Count("instructions", filter=pending),
            pending_amount=Sum("instructions__amount", filter=pending),
        )
        .filter(pending_count__gt=0)
        .order_by("sent_at", "pk")
    )


def with_age(batches, today) -> list:
    """Each batch with ``age``: whole days since it was handed to the bank (Asia/Shanghai)."""
    from django.utils import timezone

    rows = list(batches)
    for batch in rows:
        batch.age = (today - timezone.localtime(batch.sent_at).date()).days
    return rows
