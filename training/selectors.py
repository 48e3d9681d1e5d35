"""Reads of the training app for its pages, always through the user's scope.

The figures the assessment reuses are in ``training.figures``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from payroll.models import Worker
from projects.choices import WorkSegment
from projects.models import Position, Project
from training import hiring
from training.choices import PRE_START_KINDS, TrainingKind
from training.models import Conversion, TrainingRecord, TrainingSession
from yiguoji import scope


def sessions_for(user, action: str = scope.VIEW):
    """Sessions in scope with their ledger counts (one query for any number of rows)."""
    return (
        scope.restrict(TrainingSession.objects.all(), user, action)
        .select_related("organiser", "partner", "township", "project")
        .annotate(
            people=Count("records", distinct=True),
            passed_count=Count("records", filter=Q(records__passed=True), distinct=True),
        )
        .order_by("-starts_on", "-id")
    )


def session_records(user, session: TrainingSession):
    """A session's ledger rows in entry order, with what the ledger shows of each person."""
    return (
        scope.restrict(session.records.all(), user)
        .select_related("worker", "worker__township", "worker__village")
        .order_by("id")
    )


def sessions_awaiting_ledger(user):
    """Sessions the user keeps that have ended with nobody in their ledger yet."""
    return scope.restrict(TrainingSession.objects.all(), user, scope.CHANGE).filter(
        ends_on__lt=timezone.localdate(), records__isnull=True
    )


def with_session_link(records, user):
    """Ledger rows annotated with ``session_visible``: whether ``user`` may open the row's
    session. A township sees its people's rows wherever they trained, but not every session
    they trained in, and a page links only to what its reader can open (issue 10 item 22)."""
    sessions = scope.restrict(TrainingSession.objects.all(), user).filter(pk=OuterRef("session_id"))
    return records.annotate(session_visible=Exists(sessions))


def worker_trainings(user, worker):
    """A worker's ledger rows the user may see, newest session first."""
    return with_session_link(
        scope.restrict(TrainingRecord.objects.filter(worker=worker), user)
        .select_related("session")
        .order_by("-session__starts_on", "-id"),
        user,
    )


def worker_conversions(user, worker):
    return (
        scope.restrict(Conversion.objects.filter(worker=worker), user)
        .select_related("project", "employer")
        .order_by("-converted_on")
    )


def maintenance_positions(project: Project):
    return Position.objects.filter(project=project, segment=WorkSegment.MAINTENANCE).order_by(
        "start_date", "id"
    )


@dataclass
class Candidate:
    """One of a project's own workers who trained, for its maintenance posts (plan task 6)."""

    worker: Worker
    trainings: int
    hours: Decimal
    passed: int
    reserve_skill: int  # 储备性技能培训 attended
    reserve_passed: int  # ... and passed
    converted: bool  # already taken into a lasting post from this project
    certificates: list[str] = field(default_factory=list)

    @property
    def rank_key(self):
        # 储备性技能 first (passed before merely attended), then the others by passes and hours.
        return (
            self.reserve_passed == 0,
            self.reserve_skill == 0,
            -self.passed,
            -self.hours,
            self.worker.name,
        )


def maintenance_candidates(project: Project) -> list[Candidate]:
    """The project's own workers (hired on it) who attended any training, best first.

    Plan task 6: 开展储备性技能培训，具备条件的情况下优先吸纳参与工程建设的劳动力. Trainings
    count wherever they were held. Three queries.
    """
    reserve = Q(session__kind=TrainingKind.RESERVE_SKILL)
    tallies = {
        row["worker_id"]: row
        for row in TrainingRecord.objects.filter(worker_id__in=hiring.worker_ids_on([project.pk]))
        .values("worker_id")
        .annotate(
            trainings=Count("pk"),
            hours=Sum("hours"),
            passes=Count("pk", filter=Q(passed=True)),
            reserve_skill=Count("pk", filter=reserve),
            reserve_passes=Count("pk", filter=reserve & Q(passed=True)),
            certificates=ArrayAgg("certificate_no", filter=~Q(certificate_no=""), default=[]),
        )
        .order_by()
    }
    converted = set(Conversion.objects.filter(project=project).values_list("worker_id", flat=True))
    workers = Worker.objects.filter(pk__in=list(tallies)).select_related("township", "village")
    candidates = [
        Candidate(
            worker=worker,
            trainings=tallies[worker.pk]["trainings"],
            hours=tallies[worker.pk]["hours"] or Decimal("0"),
            passed=tallies[worker.pk]["passes"],
            reserve_skill=tallies[worker.pk]["reserve_skill"],
            reserve_passed=tallies[worker.pk]["reserve_passes"],
            converted=worker.pk in converted,
            certificates=sorted(tallies[worker.pk]["certificates"]),
        )
        for worker in workers
    ]
    return sorted(candidates, key=lambda c: c.rank_key)


@dataclass
class PreStartRow:
    """One hired worker of a project: first day, and the 岗前/安全生产 trainings around it."""

    worker: Worker
    started: dt.date
    before: dict | None  # the latest qualifying session on or before ``started``
    after: dict | None  # the earliest qualifying session after it

    @property
    def trained(self) -> bool:
        return self.before is not None


def pre_start_rows(project: Project) -> list[PreStartRow]:
    """The rows behind a project's pre-start share (``figures.pre_start_shares``); 3 queries."""
    starts = {row["worker_id"]: row["started"] for row in hiring.project_starts([project.pk])}
    sessions: dict[int, list[dict]] = {}
    for row in (
        TrainingRecord.objects.filter(
            worker_id__in=list(starts), session__kind__in=sorted(PRE_START_KINDS)
        )
        .values("worker_id", "session_id", "session__title", "session__kind", "session__starts_on")
        .order_by("session__starts_on", "session_id")
    ):
        sessions.setdefault(row["worker_id"], []).append(row)
    rows = []
    for worker in Worker.objects.filter(pk__in=list(starts)).select_related("township", "village"):
        started = starts[worker.pk]
        mine = sessions.get(worker.pk, [])
        before = [s for s in mine if s["session__starts_on"] <= started]
        after = [s for s in mine if s["session__starts_on"] > started]
        rows.append(
            PreStartRow(
                worker, started, before[-1] if before else None, after[0] if after else None
            )
        )
    return sorted(rows, key=lambda r: (r.trained, r.started, r.worker.name))
