"""Starting a worker confirmation round (the acceptance page shows the rounds)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.services.confirmations import round_start
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access


@require_POST
def confirmation_start(request, project_pk: int):
    user = request.user
    access.require(user, caps.RUN_CONFIRMATIONS)
    project = scope.get_object_or_404(Project.objects.all(), user, pk=project_pk)
    raw = request.POST.get("sample_size", "").strip()
    try:
        size = int(raw) if raw else None
        confirmation_round = round_start(acting_user=user, project=project, sample_size=size)
    except ValueError:
        messages.error(request, "抽样人数应为整数")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request, f"已向 {confirmation_round.requests.count()} 名务工人员发送确认短信"
        )
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("projects:detail", args=[project.pk])
    return redirect(target)
