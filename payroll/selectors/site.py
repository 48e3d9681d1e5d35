"""Reading for the phone on site: the projects a foreman keeps attendance for today, and the
crew of one project on one day (issue 16 item 1)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse

from payroll.models import AttendanceDay, LabourContract, SiteEntry, SiteSuspicion
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


def site_entries_of(user, project, *, limit: int = 100):
    """The entries sent from phones for ``project``, newest first, within ``user``'s scope, each
    with ``mark_count`` and ``flags`` (the suspicions ``user`` may see; three queries)."""
    suspicions = scope.restrict(SiteSuspicion.objects.all(), user)
    entries = list(
        scope.restrict(SiteEntry.objects.filter(project=project), user)
        .select_related("sent_by")
        .annotate(mark_count=Count("marks"))
        .prefetch_related(Prefetch("suspicions", queryset=suspicions))
        .order_by("-date", "-received_at")[:limit]
    )
    for entry in entries:
        entry.flags = [s.get_kind_display() for s in entry.suspicions.all()]
    return entries


def site_suspicions_for(user):
    """Suspicions about phone entries ``user`` may see, newest first (one query per page)."""
    return (
        scope.restrict(SiteSuspicion.objects.all(), user)
        .select_related("entry__project", "entry__sent_by")
        .order_by("-found_at", "-pk")
    )


def site_suspicion_detail(user, suspicion) -> dict:
    """The evidence of a suspicion as the page shows it: the similar photo's entry only when
    ``user`` may see it, and the entry's marks."""
    evidence = dict(suspicion.evidence)
    if other_pk := evidence.get("other_entry"):
        other = (
            scope.restrict(SiteEntry.objects.filter(pk=other_pk), user)
            .select_related("project")
            .first()
        )
        evidence["other"], evidence["other_hidden"] = other, other is None
    evidence["marks"] = list(suspicion.entry.marks.select_related("worker"))
    return evidence


def site_photos_geojson(entries) -> dict:
    """The positions the phones sent, as map points (popups with the day, who and the photo)."""
    features = []
    for entry in entries:
        if not entry.has_position:
            continue
        flagged = bool(entry.flags)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [float(entry.longitude), float(entry.latitude)]},
            "properties": {
                "name": f"{entry.date:%Y-%m-%d} 现场考勤",
                "note": "；".join(entry.flags) if flagged else entry.get_outcome_display(),
                "colour": "#c62828" if flagged else "#d97706",
                "photo": reverse("payroll:site_photo", args=[entry.pk]) if entry.photo else "",
            },
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}
