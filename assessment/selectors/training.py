"""Training and long-term conversions per project, up to a day (the quarterly dispatch).

``training.figures`` answers for a user's scope with drill-down links; the dispatch workbook
needs every project's figures at once as of the quarter's end, so they are counted here from
training's own models in two grouped queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from training.models import Conversion, TrainingRecord


@dataclass
class ProjectTraining:
    people: int = 0  # distinct people trained on the project's sessions
    attendances: int = 0  # ledger rows (人次)
    conversions: int = 0  # people taken into lasting posts from the project


def training_by_project(as_of: dt.date, project_ids: Iterable[int]) -> dict[int, ProjectTraining]:
    project_ids = list(project_ids)
    result: dict[int, ProjectTraining] = {}
    for row in (
        TrainingRecord.objects.filter(
            session__project_id__in=project_ids, session__starts_on__lte=as_of
        )
        .values("session__project_id")
        .annotate(people=Count("worker_id", distinct=True), attendances=Count("pk"))
        .order_by()
    ):
        entry = result.setdefault(row["session__project_id"], ProjectTraining())
        entry.people, entry.attendances = row["people"], row["attendances"]
    for row in (
        Conversion.objects.filter(project_id__in=project_ids, converted_on__lte=as_of)
        .values("project_id")
        .annotate(people=Count("worker_id", distinct=True))
        .order_by()
    ):
        result.setdefault(row["project_id"], ProjectTraining()).conversions = row["people"]
    return result
