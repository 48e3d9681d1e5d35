"""Works that may be arranged twice (art. 18: 下達以工代賑專項資金時應與其他有關專項資金做好銜接,
嚴禁重復安排).

A work is identified by where it is and what it builds, not by its name. Another project (not
withdrawn, not the phase this one continues nor one continuing it) is shown to the reviewer as
possibly the same work when

* it is in the same village, in the same sector (行业领域), and the two construction periods
  overlap (the planned start to end; the project year where dates are missing); or
* both sites are located and lie within the district's distance for the year
  (``ProgrammeYear.duplicate_distance_m``; blank: not compared), in the same sector, whatever
  the years (a finished work is never paid for again, art. 18: 不得用于已完工项目); or
* it has the same name in the same township (the one case the lifecycle refuses outright for
  special funds, ``projects.services.lifecycle.new_or_continuing``).

These are flags for the reviewer: the review and the annual list show them with the earlier
project named; only the same name refuses, as the text says 嚴禁 of the same work and nothing
weaker identifies it for certain.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from projects.choices import ProjectStatus
from projects.models import ProgrammeYear, Project

EARTH_RADIUS_M = 6_371_000
# Degrees of latitude per metre, to narrow the candidates in SQL before measuring them.
DEGREES_PER_METRE = 1 / 111_320


@dataclass
class PossibleDuplicate:
    project: Project
    reasons: list[str] = field(default_factory=list)
    same_name: bool = False

    @property
    def text(self) -> str:
        earlier = self.project
        return (
            f"可能与{earlier.year}年项目“{earlier.code} {earlier.name}”"
            f"（{earlier.get_status_display()}）为同一建设内容：{'；'.join(self.reasons)}。"
            "同一建设内容严禁重复安排以工代赈专项资金（第十八条），请核实"
        )


def distance_m(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> float:
    """Great-circle distance in metres between two (latitude, longitude) points (haversine)."""
    lat1, lng1, lat2, lng2 = (math.radians(float(v)) for v in (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _period(project: Project) -> tuple[dt.date, dt.date]:
    if project.planned_start and project.planned_end:
        return project.planned_start, project.planned_end
    return dt.date(project.year, 1, 1), dt.date(project.year, 12, 31)


def _overlap(a: Project, b: Project) -> tuple[dt.date, dt.date] | None:
    (a0, a1), (b0, b1) = _period(a), _period(b)
    start, end = max(a0, b0), min(a1, b1)
    return (start, end) if start <= end else None


def _site(project: Project):
    if project.site_latitude is None or project.site_longitude is None:
        return None
    return project.site_latitude, project.site_longitude


def possible_duplicates(project: Project, *, distance: int | object | None = ...) -> list:
    """The other projects that may be the same work as ``project``, oldest first (two queries,
    three with the year's distance)."""
    if distance is ...:
        distance = (
            ProgrammeYear.objects.filter(year=project.year)
            .values_list("duplicate_distance_m", flat=True)
            .first()
        )
    townships = {t.pk for t in project.townships.all()}
    villages = {v.pk: v for v in project.villages.all()}
    site = _site(project)
    near = Q(pk__in=[])
    if site is not None and distance is not None:
        spread = Decimal(
            str(distance * DEGREES_PER_METRE / max(math.cos(math.radians(float(site[0]))), 0.1))
        )
        lat_spread = Decimal(str(distance * DEGREES_PER_METRE))
        near = Q(
            site_latitude__range=(site[0] - lat_spread, site[0] + lat_spread),
            site_longitude__range=(site[1] - spread, site[1] + spread),
        )
    candidates = (
        Project.objects.filter(Q(townships__in=townships) | near)
        .exclude(pk=project.pk)
        .exclude(status=ProjectStatus.WITHDRAWN)
        .exclude(continues_id=project.pk)
        .distinct()
        .prefetch_related("villages", "townships")
        .order_by("year", "code")
    )
    if project.continues_id:
        candidates = candidates.exclude(pk=project.continues_id)
    found = []
    for other in candidates:
        flag = PossibleDuplicate(other)
        other_townships = {t.pk for t in other.townships.all()}
        if other.name.strip() == project.name.strip() and townships & other_townships:
            flag.same_name = True
            flag.reasons.append("名称和所在乡镇相同")
        same_sector = other.sector == project.sector
        shared = [villages[v.pk].name for v in other.villages.all() if v.pk in villages]
        overlap = _overlap(project, other)
        if shared and same_sector and overlap:
            flag.reasons.append(
                f"同在{'、'.join(shared)}，同为{project.get_sector_display()}工程，"
                f"建设期重叠（{overlap[0]:%Y-%m-%d}至{overlap[1]:%Y-%m-%d}）"
            )
        other_site = _site(other)
        if same_sector and site and other_site and distance is not None:
            metres = distance_m(site, other_site)
            if metres <= distance:
                flag.reasons.append(
                    f"同为{project.get_sector_display()}工程，工地相距约{metres:.0f}米"
                    f"（不超过{distance}米）"
                )
        if flag.reasons:
            found.append(flag)
    return found
