"""The foreman's phone on site (issue 16 item 1): today's projects, the crew page, the entry the
phone sends, its service worker, and the photos for those who may see the attendance.

The crew page is a page of its own, without the portal's menu and Bootstrap, so that the phone
downloads little; all its script is in static files (static/payroll/site/), none inline.
"""

from __future__ import annotations

import hashlib
from functools import cache

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.forms import SiteEntryForm
from payroll.models import SiteEntry
from payroll.selectors.site import (
    site_crew,
    site_entries_of,
    site_photos_geojson,
    site_projects_for,
)
from payroll.services.site import site_entry_answer, site_entry_receive
from payroll.views.common import scan_response
from projects.maps import outlines, tiles, works_geojson
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access

SITE_COLOUR = "#1d4f91"  # the project's own site on its map (the photos are orange or red)
# What the service worker keeps for working without a signal (besides the pages visited).
SHELL = (
    "payroll/site/site.css",
    "payroll/site/site.js",
    "payroll/site/queue.js",
    "payroll/site/icon-192.png",
    "payroll/site/manifest.webmanifest",
)


def site_home(request):
    """Today's projects of the foreman, each a big button to its crew page."""
    access.require(request.user, caps.KEEP_ATTENDANCE)
    today = timezone.localdate()
    projects = site_projects_for(request.user, today)
    return render(request, "payroll/site/home.html", {"projects": projects, "today": today})


def site_crew_page(request, pk: int):
    access.require(request.user, caps.KEEP_ATTENDANCE)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    today = timezone.localdate()
    context = {"project": project, "today": today, "crew": site_crew(project, today)}
    return render(request, "payroll/site/crew.html", context)


@require_POST
def site_entry_post(request, pk: int):
    """One entry from the phone's queue; answers in JSON what was recorded and refused.

    200 for every answer the phone should stop sending for (stored, partly or all refused, and
    a replay of an entry stored before), 400 for an entry that cannot be read."""
    access.require(request.user, caps.KEEP_ATTENDANCE)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    form = SiteEntryForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = [f"{form.fields[f].label if f in form.fields else ''}：{m}" for f, ms in
                  form.errors.items() for m in ms]  # fmt: skip
        return JsonResponse({"error": "；".join(errors).lstrip("：")}, status=400)
    data = form.cleaned_data
    try:
        entry, created = site_entry_receive(
            acting_user=request.user,
            project=project,
            entry_id=data["entry_id"],
            day=data["date"],
            marked_at=data["marked_at"],
            marks=data["marks"],
            position=form.position(),
            photo=data.get("photo"),
        )
    except ValidationError as error:
        return JsonResponse({"error": "；".join(error.messages)}, status=400)
    return JsonResponse(site_entry_answer(entry, replay=not created))


@cache
def _shell_version() -> str:
    digest = hashlib.sha256()
    for name in SHELL:
        path = finders.find(name)
        if path:
            with open(path, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


def site_service_worker(request):
    """The service worker, served under /payroll/site/ so that it controls the crew pages."""
    access.require(request.user, caps.KEEP_ATTENDANCE)
    context = {
        "shell": [static(name) for name in SHELL],
        "version": _shell_version(),
        "queue": static("payroll/site/queue.js"),  # imported: Background Sync sends the queue
    }
    response = render(
        request, "payroll/site/sw.js", context, content_type="text/javascript; charset=utf-8"
    )
    response["Cache-Control"] = "no-cache"
    return response


def site_photo(request, pk: int):
    """A crew photo, to those who may see the project's attendance."""
    access.require(request.user, caps.VIEW_ATTENDANCE)
    entry = scope.get_object_or_404(SiteEntry.objects.all(), request.user, pk=pk)
    return scan_response(entry.photo, "", "现场照片", "该记录没有照片")


def site_entries(request, pk: int):
    """A project's entries from the phones: the photos' positions on the project's map (issue 16
    item 4) and the list, with what each entry recorded and what looked wrong."""
    access.require(request.user, caps.VIEW_ATTENDANCE)
    project = scope.get_object_or_404(Project.objects.all(), request.user, pk=pk)
    entries = site_entries_of(request.user, project)
    context = {
        "project": project,
        "entries": entries,
        "works": works_geojson([project], colour=SITE_COLOUR)
        if project.site_latitude is not None
        else None,
        "photos": site_photos_geojson(entries),
        "outlines": outlines(),
        "tiles": tiles(),
    }
    return render(request, "payroll/site/entries.html", context)
