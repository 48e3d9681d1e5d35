"""A township's figures for a year, as its annual summary states them (plan task 5).

Projects are those on the year's annual list built in the township; people, days and wages are
those of the ledgers of the year's months on those projects (wages by pay date in the year);
training and conversions are the township's own people's (as ``training.figures`` counts them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields
from decimal import Decimal

from django.db.models import Count, Sum

from assessment.selectors.wages import ELSEWHERE, PRIORITY, counted_lines, unpaid_at
from projects.choices import ProjectStatus
from projects.models import Project
from projects.selectors import ON_LIST, with_figures
from training.models import Conversion, TrainingRecord

ZERO = Decimal("0")
DONE = (ProjectStatus.COMPLETED, ProjectStatus.ACCEPTED, ProjectStatus.MAINTENANCE)


@dataclass
class TownshipYear:
    projects: int = 0
    completed: int = 0  # completed, accepted or in maintenance
    investment: Decimal = ZERO
    special_funds: Decimal = ZERO
    planned_wages: Decimal = ZERO
    central_funds: Decimal = ZERO  # of the projects with central funds (art. 30)
    central_planned_wages: Decimal = ZERO  # the planned wages of those projects
    workers: int = 0
    priority_workers: int = 0
    migrant_workers: int = 0  # art. 45: counted apart from local workers
    person_days: Decimal = ZERO
    wages_paid: Decimal = ZERO
    arrears: Decimal = ZERO
    trained: int = 0
    training_attendances: int = 0
    conversions: int = 0

    @property
    def wage_share(self) -> Decimal | None:
        """Planned wages ÷ central funds of the projects with central funds (art. 30: 劳务报酬占
        中央资金比例), like with like; never wages paid so far against the year's funds."""
        if not self.central_funds:
            return None
        return (self.central_planned_wages / self.central_funds).quantize(Decimal("0.0001"))

    def as_json(self) -> dict:
        return {name: str(value) for name, value in asdict(self).items()}

    @classmethod
    def from_json(cls, data: dict) -> TownshipYear:
        return cls(**{f.name: type(f.default)(data[f.name]) for f in fields(cls) if f.name in data})


def township_year(township, year: int) -> TownshipYear:
    """Seven queries, whatever the number of projects and lines."""
    projects = with_figures(
        Project.objects.filter(year=year, status__in=ON_LIST, townships=township)
    ).order_by()
    figures = TownshipYear()
    for project in projects:
        figures.projects += 1
        figures.completed += project.status in DONE
        figures.investment += project.total_investment
        figures.special_funds += project.special_funds
        figures.planned_wages += project.planned_wage_total
        if project.central_funds:
            figures.central_funds += project.central_funds
            figures.central_planned_wages += project.planned_wage_total
    lines = counted_lines().filter(ledger__project__in=projects.values("pk"))
    worked = lines.filter(ledger__month__year=year).aggregate(
        workers=Count("worker_id", distinct=True),
        priority=Count("worker_id", distinct=True, filter=PRIORITY),
        migrants=Count("worker_id", distinct=True, filter=ELSEWHERE),
        days=Sum("days"),
    )
    figures.workers, figures.priority_workers = worked["workers"], worked["priority"]
    figures.migrant_workers = worked["migrants"]
    figures.person_days = worked["days"] or ZERO
    figures.wages_paid = (
        lines.filter(paid_on__year=year).aggregate(s=Sum("paid_amount"))["s"] or ZERO
    )
    year_end = dt.date(year, 12, 31)
    figures.arrears = (
        lines.filter(ledger__month__year__lte=year).aggregate(s=Sum(unpaid_at(year_end)))["s"]
        or ZERO
    )
    trained = TrainingRecord.objects.filter(
        worker__township=township, session__starts_on__year=year
    ).aggregate(people=Count("worker_id", distinct=True), attendances=Count("pk"))
    figures.trained, figures.training_attendances = trained["people"], trained["attendances"]
    figures.conversions = (
        Conversion.objects.filter(worker__township=township, converted_on__year=year)
        .values("worker_id")
        .distinct()
        .count()
    )
    return figures
