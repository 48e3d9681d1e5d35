"""What training reads from payroll's hiring records (劳务合同), in one place.

"A project's workers" are the people hired on it under a labour contract (any status: a contract
that has ended still means the person built the project). Their start date on the project is
the earliest ``starts_on`` of their contracts there.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Min, QuerySet

from payroll.models import LabourContract


def contracts() -> QuerySet:
    return LabourContract.objects.all()


def hired_from(*, worker_id: int, project_id: int) -> dt.date | None:
    """The first day a worker was hired on a project (None: never hired there)."""
    return (
        contracts()
        .filter(worker_id=worker_id, project_id=project_id)
        .aggregate(first=Min("starts_on"))["first"]
    )


def project_starts(projects, *extra: str) -> QuerySet:
    """Rows ``{project_id, worker_id, started, *extra}``: each hired person's first day on each
    of ``projects`` (a queryset or list of ids); ``extra`` adds grouped lookups such as
    ``"project__code"``."""
    return (
        contracts()
        .filter(project_id__in=projects)
        .values("project_id", "worker_id", *extra)
        .annotate(started=Min("starts_on"))
        .order_by()
    )


def worker_ids_on(projects) -> QuerySet:
    """The ids of the people hired on ``projects`` (a subquery)."""
    return contracts().filter(project_id__in=projects).values("worker_id")
