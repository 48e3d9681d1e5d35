"""Background job kinds of the project pipeline (yiguoji.core.services.jobs)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import timezone

from projects import capabilities as caps
from projects.importers import ProposedProjectImport
from yiguoji.core import access
from yiguoji.core.services.jobs import JobError, JobResult, job_kind
from yiguoji.imports import run_import

IMPORT_KIND = "projects.import_proposed"


@job_kind(IMPORT_KIND, "导入拟申报项目")
def import_proposed(job, progress) -> JobResult:
    """Check and import a big workbook; all-or-nothing like the page's own import."""
    user = job.created_by
    if not access.has(user, caps.IMPORT):
        raise JobError("您的角色不能导入拟申报项目")
    path = job.params["path"]
    if not default_storage.exists(path):
        raise JobError("上传的文件已不存在，请重新上传")
    try:
        with default_storage.open(path, "rb") as handle:
            result = run_import(
                ProposedProjectImport(),
                handle.read(),
                filename=job.params["filename"],
                context={"user": user, "year": job.params["year"]},
                progress=progress,
            )
    finally:
        default_storage.delete(path)
    if result.ok:
        return JobResult(summary=result.summary)
    workbook = result.error_workbook()
    if workbook is None:
        raise JobError(result.summary)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return JobResult(
        summary=result.summary,
        filename=f"拟申报项目-错误标注-{stamp}.xlsx",
        content=workbook,
    )
