"""Reading for the phone on site: the projects a foreman keeps attendance for today, and the
crew of one project on one day (issue 16 item 1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from payroll.models import AttendanceDay, LabourContract, SiteEntry
from projects.scopes import visible_projects
from yiguoji import scope


def _covering(day: dt.date):
    return LabourContract.objects.filter(starts_on__lte=day, ends_on__gte=day).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day)
    )


def site_projects_for(user, day: dt.date):
    """Projects ``user`` may record attendance for that have someone under contract on ``day``."""
    return (
        visible_projects(user, scope.CHANGE)
        .filter(Exists(_covering(day).filter(project=OuterRef("pk"))))
        .order_by("-year", "code")
    )


@dataclass(frozen=True)
class CrewMember:
    worker_id: int
    name: str
    positions: str
    recorded: Decimal | None


def site_crew(project, day: dt.date) -> list[CrewMember]:
    """Who is under contract on ``project`` on ``day`` and what is recorded for them (two
    queries). Names only: the phone never shows ID or card numbers."""
    contracts = (
        _covering(day)
        .filter(project=project)
        .values_list("worker_id", "worker__name", "position__title")
        .order_by("worker__name", "worker_id")
    )
    crew: dict[int, tuple[str, list[str]]] = {}
    for worker_id, name, title in contracts:
        titles = crew.setdefault(worker_id, (name, []))[1]
        if title not in titles:
            titles.append(title)
    recorded = dict(
        AttendanceDay.objects.filter(
            project=project, date=day, worker_id__in=list(crew)
        ).values_list("worker_id", "amount")
    )
    return [
        CrewMember(worker_id, name, "、".join(titles), recorded.get(worker_id))
        for worker_id, (name, titles) in crew.items()
    ]


def site_entries_of(user, project, *, limit: int = 50):
    """The entries sent from phones for ``project``, newest first, within ``user``'s scope."""
    return list(
        scope.restrict(SiteEntry.objects.filter(project=project), user)
        .select_related("sent_by")
        .order_by("-date", "-received_at")[:limit]
    )
