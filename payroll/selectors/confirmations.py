"""Confirmation rounds as the acceptance page shows them: who was asked, who answered what, who
stayed silent (art. 32)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from payroll.models import ConfirmationRequest, ConfirmationRound


@dataclass
class RoundSummary:
    round: ConfirmationRound
    requests: list[ConfirmationRequest] = field(default_factory=list)

    @property
    def asked(self) -> int:
        return len(self.requests)

    @property
    def not_sent(self) -> list[ConfirmationRequest]:
        return [r for r in self.requests if r.send_failed]

    @property
    def yes(self) -> int:
        return sum(1 for r in self.requests if r.answer == "yes")

    @property
    def no(self) -> list[ConfirmationRequest]:
        return [r for r in self.requests if r.answer == "no"]

    @property
    def closed(self) -> bool:
        return self.round.answer_by < timezone.now()

    @property
    def silent(self) -> int:
        """Not answered (after the deadline: silence; before it: still waiting)."""
        return sum(1 for r in self.requests if not r.answer and not r.send_failed)


def rounds_of(project) -> list[RoundSummary]:
    """The project's rounds, newest first, with their requests (two queries)."""
    rounds = ConfirmationRound.objects.filter(project=project).prefetch_related(
        Prefetch(
            "requests",
            queryset=ConfirmationRequest.objects.select_related("worker", "complaint").order_by(
                "worker__name", "pk"
            ),
        )
    )
    return [RoundSummary(r, list(r.requests.all())) for r in rounds.select_related("started_by")]
