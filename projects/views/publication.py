"""Publishing projects on the public pages, and the district's public-page setting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects.models import Project, PublicSettings
from projects.services.publication import (
    project_publish,
    project_unpublish,
    public_settings_update,
)
from yiguoji import scope
from yiguoji.core import access


@require_POST
def publish(request, pk: int):
    access.require(request.user, caps.PUBLISH)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    try:
        project_publish(acting_user=request.user, project=project)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已发布到公开页面")
    return redirect("projects:detail", pk=pk)


@require_POST
def unpublish(request, pk: int):
    access.require(request.user, caps.PUBLISH)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    try:
        project_unpublish(
            acting_user=request.user, project=project, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已从公开页面撤下")
    return redirect("projects:detail", pk=pk)


def public_settings(request):
    access.require(request.user, caps.PUBLISH)
    current = PublicSettings.current()
    if request.method == "POST":
        public_settings_update(
            acting_user=request.user, show_worker_pay=request.POST.get("show_worker_pay") == "on"
        )
        messages.success(request, "公开页面设置已保存")
        return redirect("projects:public_settings")
    return render(
        request,
        "projects/public_settings.html",
        {"settings": current, "page_title": "公开页面设置"},
    )
