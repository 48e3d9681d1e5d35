"""What a signed-in worker sees of their own pay: per project and month the days, payable,
paid (``payroll.selectors.paid``: the one definition of paid) and the card's last four digits,
with their own answer; and the confirmation rounds waiting for them. Never another person's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from payroll.models import ConfirmationRequest, PayConfirmation
from payroll.models.selfservice import PayAnswer
from payroll.selectors.paid import paid_lines
from yiguoji.months import month_label

MONTHS_SHOWN = 36


@dataclass(frozen=True)
class MonthRow:
    project: object
    month: dt.date
    days: Decimal
    payable: Decimal
    paid: Decimal
    card_last4: str
    pay_date: dt.date | None
    answer: str
    complaint_number: str

    @property
    def label(self) -> str:
        return f"{month_label(self.month)}（{self.project.name}）"

    @property
    def answer_label(self) -> str:
        return PayAnswer(self.answer).label if self.answer else ""

    @property
    def short(self) -> Decimal:
        return max(self.payable - self.paid, Decimal("0"))


def _rows(worker, lines) -> list[MonthRow]:
    answers = {
        (c.project_id, c.month): c
        for c in PayConfirmation.objects.filter(worker=worker).select_related("complaint")
    }
    rows = []
    for line in lines:
        key = (line.ledger.project_id, line.ledger.month)
        answer = answers.get(key)
        card = line.card_masked or worker.bank_card_masked
        rows.append(
            MonthRow(
                project=line.ledger.project,
                month=line.ledger.month,
                days=line.days,
                payable=line.payable,
                paid=line.paid_amount,
                card_last4=card[-4:] if card else "",
                pay_date=line.pay_date,
                answer=answer.answer if answer else "",
                complaint_number=answer.complaint.number if answer and answer.complaint else "",
            )
        )
    return rows


def worker_months(worker) -> list[MonthRow]:
    """The worker's months, newest first (three queries)."""
    lines = (
        paid_lines()
        .filter(worker=worker)
        .select_related("ledger", "ledger__project")
        .order_by("-ledger__month", "ledger__project__code")[:MONTHS_SHOWN]
    )
    return _rows(worker, lines)


def worker_month(worker, project_id: int, month: dt.date) -> MonthRow | None:
    lines = (
        paid_lines()
        .filter(worker=worker, ledger__project_id=project_id, ledger__month=month)
        .select_related("ledger", "ledger__project")
    )
    rows = _rows(worker, lines)
    return rows[0] if rows else None


def open_requests(worker) -> list[ConfirmationRequest]:
    """Confirmation rounds asking this worker, not yet answered and still within their time."""
    return list(
        ConfirmationRequest.objects.filter(
            worker=worker, answer="", round__answer_by__gt=timezone.now()
        )
        .select_related("round", "round__project")
        .order_by("round__started_at")
    )


def own_complaints(worker, limit: int = 10):
    """The worker's own complaints (self-service and confirmation rounds), newest first."""
    from projects.models import Complaint

    return list(
        Complaint.objects.filter(worker=worker)
        .select_related("project", "handler")
        .order_by("-received_at")[:limit]
    )
