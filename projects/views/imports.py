"""Importing proposed projects from Excel through the shared upload flow (yiguoji.imports).

Small files are checked and written while the user waits; big ones become a background job
(后台任务) whose result, when something is wrong, is the workbook with the bad cells marked.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from projects import capabilities as caps
from projects.forms import ImportForm
from projects.importers import UPLOAD_KEY, ProposedProjectImport
from yiguoji.core import access
from yiguoji.core.views.jobs import announce
from yiguoji.imports import uploads


def import_page(request):
    user = request.user
    access.require(user, caps.IMPORT)
    outcome = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            year = form.cleaned_data["year"]
            outcome = uploads.receive(
                key=UPLOAD_KEY,
                upload=form.cleaned_data["file"],
                acting_user=user,
                params={"year": year},
            )
            if outcome.job is not None:
                announce(
                    request,
                    outcome.job,
                    f"文件较大，已转为后台任务“{outcome.job.title}”，完成后在此查看结果。",
                )
                return redirect("core:jobs")
            if outcome.result.ok:
                messages.success(request, outcome.result.summary)
                return redirect(f"{reverse('projects:list')}?year={year}&status=reserve")
    else:
        form = ImportForm(initial={"year": timezone.localdate().year})
    context = {
        "form": form,
        "outcome": outcome,
        "spec": ProposedProjectImport,
        "template_url": reverse("core:import_template", args=[UPLOAD_KEY]),
        "page_title": "导入拟申报项目",
    }
    return render(request, "projects/import.html", context)
