"""Importing proposed projects from Excel: template, upload, every bad row, error workbook.

Small files are checked and imported while the user waits; big ones run as a background job
(后台任务) whose result is the marked error workbook when something is wrong.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from projects import capabilities as caps
from projects.forms import ImportForm
from projects.importers import ProposedProjectImport
from projects.jobs import IMPORT_KIND
from yiguoji.core import access
from yiguoji.core.services.jobs import job_enqueue
from yiguoji.core.views.mixins import xlsx_response
from yiguoji.imports import run_import

ERRORS_TTL = 3600


def _sync_limit() -> int:
    return int(getattr(settings, "PROJECT_IMPORT_SYNC_MAX_BYTES", 256 * 1024))


def _errors_key(user, token: str) -> str:
    return f"projects:import-errors:{user.pk}:{token}"


def import_page(request):
    user = request.user
    access.require(user, caps.IMPORT)
    result = None
    error_url = ""
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            year = form.cleaned_data["year"]
            if upload.size > _sync_limit():
                path = default_storage.save(f"imports/projects/{secrets.token_hex(8)}.bin", upload)
                job = job_enqueue(
                    kind=IMPORT_KIND,
                    acting_user=user,
                    params={"path": path, "filename": upload.name, "year": year},
                    title=f"导入拟申报项目：{upload.name}",
                )
                messages.success(
                    request, f"文件较大，已转为后台任务“{job.title}”，完成后在此查看结果。"
                )
                return redirect("core:jobs")
            result = run_import(
                ProposedProjectImport(),
                upload,
                filename=upload.name,
                context={"user": user, "year": year},
            )
            if result.ok:
                messages.success(request, result.summary)
                return redirect(f"{reverse('projects:list')}?year={year}&status=reserve")
            workbook = result.error_workbook()
            if workbook is not None:
                token = secrets.token_urlsafe(12)
                cache.set(_errors_key(user, token), workbook, ERRORS_TTL)
                error_url = reverse("projects:import_errors", args=[token])
    else:
        form = ImportForm(initial={"year": timezone.localdate().year})
    context = {
        "form": form,
        "result": result,
        "error_url": error_url,
        "columns": _column_guide(),
        "page_title": "导入拟申报项目",
    }
    return render(request, "projects/import.html", context)


def _column_guide() -> list[tuple[str, bool, str]]:
    """(header, required, what to write) for the page's column list (元 columns only)."""
    return [
        (column.label, column.required, column.note or getattr(column.parse, "hint", ""))
        for column in ProposedProjectImport.columns
        if not column.name.endswith("__wan")
    ]


def import_template(request):
    access.require(request.user, caps.IMPORT)
    return xlsx_response(
        ProposedProjectImport().template_workbook(), "以工代赈拟申报项目表（模板）.xlsx"
    )


def import_errors(request, token: str):
    access.require(request.user, caps.IMPORT)
    workbook = cache.get(_errors_key(request.user, token))
    if workbook is None:
        raise Http404("错误标注工作簿已过期，请重新上传文件")
    return xlsx_response(workbook, "拟申报项目-错误标注.xlsx")
