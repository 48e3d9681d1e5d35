"""Works on a map (issue 16 item 4): the district's works by stage, township and year, and a
project's site (a point clicked or typed, and optionally its line or area)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from projects import capabilities as caps
from projects import geocode
from projects.choices import ProjectStatus
from projects.forms import ProjectSiteForm
from projects.maps import STAGES, located, outlines, tiles, works_filter, works_geojson
from projects.models import Project
from projects.scopes import visible_projects
from projects.services.site import project_site_set
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.models import Township


def works_map(request):
    access.require(request.user, caps.VIEW)
    wanted = {key: request.GET.get(key, "") for key in ("status", "township", "year")}
    projects = works_filter(visible_projects(request.user), **wanted)
    shown = list(
        located(projects).only(
            "pk", "code", "name", "status", "year", "site_latitude", "site_longitude",
            "site_shape",
        )
    )  # fmt: skip
    context = {
        "works": works_geojson(shown),
        "outlines": outlines(),
        "tiles": tiles(),
        "shown": len(shown),
        "unlocated": projects.count() - len(shown),
        "wanted": wanted,
        "stages": [(name, colour) for name, colour, _ in STAGES],
        "statuses": ProjectStatus.choices,
        "townships": Township.objects.order_by("code").values_list("pk", "name"),
        "years": visible_projects(request.user)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct(),
    }
    return render(request, "projects/works_map.html", context)


def project_site(request, pk: int):
    """The project's site on the map; those who may locate it click or type it here."""
    access.require(request.user, caps.VIEW)
    project = scope.get_object_or_404(Project.objects.all(), request.user, pk=pk)
    can_locate = access.has(request.user, caps.LOCATE) and scope.can(
        request.user, scope.CHANGE, project
    )
    address, found = request.GET.get("address", "").strip()[:200], None
    initial = None
    if can_locate and "address" in request.GET and request.method != "POST":
        found = geocode.locate(address)  # 按地址定位: fills the form, the user saves
        if found.ok:
            initial = {**ProjectSiteForm.initial_for(project), "latitude": found.latitude,
                       "longitude": found.longitude}  # fmt: skip
    form = ProjectSiteForm(
        request.POST if request.method == "POST" else None, project=project, initial=initial
    )
    if request.method == "POST":
        access.require(request.user, caps.LOCATE)
        project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
        if form.is_valid():
            try:
                project_site_set(acting_user=request.user, project=project, **form.cleaned_data)
            except ValidationError as error:
                for field, errors in getattr(error, "message_dict", {None: error.messages}).items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, "工地位置已保存。")
                return redirect("projects:site", pk)
    located_ = project.site_latitude is not None
    context = {
        "project": project,
        "form": form,
        "can_locate": can_locate,
        "address": address or project.location,
        "found": found,
        "works": works_geojson([project]) if located_ else None,
        "outlines": outlines(),
        "tiles": tiles(),
    }
    return render(
        request, "projects/project_site.html", context, status=400 if form.errors else 200
    )
