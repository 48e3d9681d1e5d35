"""What the maps of works show (issue 16 item 4): GeoJSON built from the projects a user may see,
the district's township outlines, and the tile server the district configures.

Tiles come from ``MAP_TILE_URL`` (a government intranet's own tile server; a public one for
development); with none configured the maps draw the works over the township outlines in
``MAP_OUTLINES_FILE`` (``data/districts/<name>/townships.geojson``), so a map still works on a
closed network. Both are settings, read here only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from projects.choices import ProjectStatus

S = ProjectStatus
# Three colours a map reader can tell apart, by the stage of the works.
STAGES = (
    ("前期", "#6c7a89", (S.RESERVE, S.REVIEWED, S.LISTED, S.APPROVED)),
    ("在建", "#d97706", (S.STARTED, S.IN_PROGRESS)),
    ("完工", "#1e7b3a", (S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)),
)
COLOUR = {status: colour for _, colour, statuses in STAGES for status in statuses}


@dataclass(frozen=True)
class Tiles:
    url: str
    attribution: str


def tiles() -> Tiles:
    return Tiles(settings.MAP_TILE_URL, settings.MAP_TILE_ATTRIBUTION)


@cache
def _outlines(path: str, mtime: float) -> dict | None:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def outlines() -> dict | None:
    """The district's township outlines (GeoJSON), or None when the file is missing."""
    path = Path(settings.MAP_OUTLINES_FILE)
    if not path.is_file():
        return None
    return _outlines(str(path), path.stat().st_mtime)


def located(queryset):
    """Projects with a site on the map."""
    return queryset.filter(site_latitude__isnull=False, site_longitude__isnull=False)


def _props(project, *, url: str) -> dict:
    return {
        "code": project.code,
        "name": project.name,
        "status": project.status,
        "status_label": project.get_status_display(),
        "colour": COLOUR.get(project.status, "#8a1c1c"),
        "year": project.year,
        "url": url,
    }


def works_geojson(projects, *, link=None, colour: str = "") -> dict:
    """Points (the sites) and lines/areas of ``projects`` as one FeatureCollection; ``link(p)``
    gives each popup's link (the project page by default); ``colour`` one colour for all
    (a single project's map) instead of the stage's."""
    link = link or (lambda p: reverse("projects:detail", args=[p.pk]))
    features = []
    for project in projects:
        props = _props(project, url=link(project))
        if colour:
            props["colour"] = colour
        if project.site_shape:
            features.append(
                {"type": "Feature", "properties": props, "geometry": project.site_shape}
            )
        point = [float(project.site_longitude), float(project.site_latitude)]
        features.append(
            {
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "Point", "coordinates": point},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def works_filter(queryset, *, status: str = "", township: str = "", year: str = ""):
    """The map page's filters: a stage or a status, a township (id), a year."""
    stages = {name: statuses for name, _, statuses in STAGES}
    if status in stages:
        queryset = queryset.filter(status__in=stages[status])
    elif status in S.values:
        queryset = queryset.filter(status=status)
    else:
        queryset = queryset.exclude(status=S.WITHDRAWN)
    if township.isdigit():
        queryset = queryset.filter(Q(townships__pk=int(township))).distinct()
    if year.isdigit():
        queryset = queryset.filter(year=int(year))
    return queryset
