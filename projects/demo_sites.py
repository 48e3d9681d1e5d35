"""Demo data for the maps (issue 16 item 4): each demo project gets a site near the seat of its
first township (from the outlines file's ``seat``), works in progress a line too."""

from __future__ import annotations

from decimal import Decimal

from projects.choices import ProjectStatus
from projects.maps import outlines
from projects.models import Project
from projects.services.site import project_site_set
from yiguoji.core import registry
from yiguoji.core.models import User
from yiguoji.core.roles import Role


@registry.demo_seeder(25, "项目工地位置")
def seed_sites(stdout) -> None:
    data = outlines()
    district = User.objects.filter(role=Role.DISTRICT_OFFICE).order_by("pk").first()
    if data is None or district is None:
        return
    seats = {f["properties"]["name"]: f["properties"]["seat"] for f in data["features"]}
    placed = 0
    projects = Project.objects.filter(site_latitude__isnull=True).prefetch_related("townships")
    for n, project in enumerate(projects.order_by("pk")):
        names = [t.name for t in project.townships.all() if t.name in seats]
        if not names:
            continue
        lng, lat = seats[names[0]]
        # spread the works of one township around its seat, a few hundred metres to 3 km apart
        lat += ((n * 37) % 11 - 5) * 0.004
        lng += ((n * 53) % 13 - 6) * 0.005
        shape = None
        if project.status in (ProjectStatus.STARTED, ProjectStatus.IN_PROGRESS):
            line = [[lng - 0.006, lat - 0.002], [lng, lat], [lng + 0.007, lat + 0.003]]
            shape = {"type": "LineString", "coordinates": line}
        project_site_set(
            acting_user=district, project=project, latitude=Decimal(str(round(lat, 6))),
            longitude=Decimal(str(round(lng, 6))), shape=shape,
        )  # fmt: skip
        placed += 1
    stdout.write(f"  工地位置：标注 {placed} 个项目")
