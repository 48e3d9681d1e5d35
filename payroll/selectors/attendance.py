"""Reading attendance: the month grid of a project, and a person's months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from payroll.models import AttendanceDay, AttendanceMonth, LabourContract
from yiguoji import scope
from yiguoji.months import days_in_month, first_of, last_of


def months_of_worker(user, worker, limit: int = 24):
    """The person's monthly attendance on the projects ``user`` may see, newest first."""
    return list(
        scope.restrict(AttendanceMonth.objects.filter(worker=worker), user)
        .select_related("project")
        .order_by("-month", "project__code")[:limit]
    )


@dataclass
class GridRow:
    worker: object
    positions: list[str]
    spans: list[tuple[dt.date, dt.date]]
    cells: list[tuple[dt.date, Decimal | None, bool]] = field(default_factory=list)
    total: Decimal = Decimal("0")
    by_day: bool = True
    entered: bool = False


@dataclass
class Grid:
    project: object
    month: dt.date
    days: list[dt.date]
    rows: list[GridRow]

    @property
    def total(self) -> Decimal:
        return sum((row.total for row in self.rows), Decimal("0"))


def attendance_grid(project, month: dt.date, *, today: dt.date) -> Grid:
    """The hired workers of ``project`` in ``month`` x its days, with what is recorded.

    A cell is editable when the worker's contract covers that day and the day is not in the
    future. Three queries whatever the number of people.
    """
    month = first_of(month)
    first, last = month, last_of(month)
    contracts = (
        LabourContract.objects.filter(project=project, starts_on__lte=last, ends_on__gte=first)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
        .select_related("worker", "position")
        .order_by("position__segment", "position_id", "worker__name", "worker_id")
    )
    rows: dict[int, GridRow] = {}
    for contract in contracts:
        row = rows.setdefault(contract.worker_id, GridRow(contract.worker, [], []))
        if contract.position.title not in row.positions:
            row.positions.append(contract.position.title)
        row.spans.append((contract.starts_on, contract.last_day))
    recorded = {
        (worker_id, date): amount
        for worker_id, date, amount in AttendanceDay.objects.filter(
            project=project, worker_id__in=list(rows), date__range=(first, last)
        ).values_list("worker_id", "date", "amount")
    }
    totals = {
        worker_id: (days, by_day)
        for worker_id, days, by_day in AttendanceMonth.objects.filter(
            project=project, worker_id__in=list(rows), month=month
        ).values_list("worker_id", "days", "by_day")
    }
    days = [month.replace(day=day) for day in range(1, days_in_month(month) + 1)]
    for worker_id, row in rows.items():
        for day in days:
            covered = any(start <= day <= end for start, end in row.spans)
            row.cells.append((day, recorded.get((worker_id, day)), covered and day <= today))
        if worker_id in totals:
            row.total, row.by_day = totals[worker_id]
            row.entered = True
    return Grid(project, month, days, list(rows.values()))


def attendance_projects_for(user, month: dt.date):
    """Projects ``user`` may see with workers under contract in ``month``: how many, and for
    how many of them the month's attendance is recorded."""
    from django.db.models import Count, Exists, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce

    from projects.scopes import visible_projects

    first, last = first_of(month), last_of(month)
    contracts = LabourContract.objects.filter(
        project=OuterRef("pk"), starts_on__lte=last, ends_on__gte=first
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=first))
    hired = contracts.values("project").annotate(n=Count("worker", distinct=True)).values("n")[:1]
    months = AttendanceMonth.objects.filter(project=OuterRef("pk"), month=first)
    entered = months.values("project").annotate(n=Count("pk")).values("n")[:1]
    days = months.values("project").annotate(n=Sum("days")).values("n")[:1]
    return (
        visible_projects(user)
        .filter(Exists(contracts))
        .select_related("owner")
        .annotate(
            hired=Coalesce(Subquery(hired), 0),
            entered=Coalesce(Subquery(entered), 0),
            days=Subquery(days),
        )
        .order_by("-year", "code")
    )
