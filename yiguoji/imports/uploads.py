"""One upload flow for every Excel import page: check and write now, or as a background job.

An app registers each kind of upload once (in its ``portal.py``)::

    uploads.register(
        "payroll.workers",
        title="导入务工人员",
        capability=caps.REGISTER_WORKERS,
        spec=lambda params: WorkerImport(),          # params: the JSON-able values below
        template_name="务工人员登记表（模板）.xlsx",
    )

and its view calls :func:`receive` with the uploaded file and JSON-able ``params`` (ids, year,
month). A small file is checked and written while the user waits; a file above
``IMPORT_SYNC_MAX_BYTES`` is stored and imported by the ``imports.upload`` job, whose progress
the user watches on 后台任务. Either way the rules are the same (``run_import``: all or nothing),
the spec's context is ``{"user": <acting user>, **params}``, and a failed file gives back the
workbook with the bad cells marked: through :func:`errors_url` now, or as the job's result file.
"""

from __future__ import annotations

import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from yiguoji import queues
from yiguoji.core import access, crypto
from yiguoji.core.models import Job
from yiguoji.core.services.jobs import JobError, JobResult, job_enqueue, job_kind
from yiguoji.imports.engine import run_import
from yiguoji.imports.result import ImportResult
from yiguoji.imports.spec import ImportSpec

JOB_KIND = "imports.upload"
#: The marked workbook is fetched right after the upload (its link is on the result page); it
#: holds the file's ID and card numbers, so it is kept encrypted and only this long (item 3).
ERRORS_TTL_SECONDS = 15 * 60
ERRORS_PURPOSE = "imports.error_workbook"


@dataclass(frozen=True)
class UploadKind:
    key: str
    title: str
    capability: str
    spec: Callable[[dict], ImportSpec]
    template_name: str


@dataclass
class Outcome:
    """What the page shows after an upload: a result now, or the job it became."""

    result: ImportResult | None = None
    job: Job | None = None
    errors_url: str = ""


_kinds: dict[str, UploadKind] = {}


def register(
    key: str, *, title: str, capability: str, spec: Callable[[dict], ImportSpec], template_name: str
) -> UploadKind:
    kind = UploadKind(key, title, capability, spec, template_name)
    _kinds[key] = kind
    return kind


def get(key: str) -> UploadKind:
    return _kinds[key]


def sync_limit() -> int:
    return int(getattr(settings, "IMPORT_SYNC_MAX_BYTES", 512 * 1024))


def _errors_key(user_id: int, token: str) -> str:
    return f"imports:errors:{user_id}:{token}"


def keep_error_workbook(user, result: ImportResult) -> str:
    """Cache the marked workbook for this user, encrypted, for ``ERRORS_TTL_SECONDS``; return
    its download URL."""
    workbook = result.error_workbook()
    if workbook is None:
        return ""
    token = secrets.token_urlsafe(12)
    sealed = crypto.encrypt(base64.b64encode(workbook).decode(), purpose=ERRORS_PURPOSE)
    cache.set(_errors_key(user.pk, token), sealed, ERRORS_TTL_SECONDS)
    return reverse("core:import_errors", args=[token])


def error_workbook(user, token: str) -> bytes | None:
    """The marked workbook kept for this user (another user's token finds nothing)."""
    sealed = cache.get(_errors_key(user.pk, token))
    if sealed is None:
        return None
    try:
        return base64.b64decode(crypto.decrypt(sealed, purpose=ERRORS_PURPOSE))
    except crypto.DecryptionError:
        return None  # written under a key no longer configured: as if expired


def receive(*, key: str, upload, acting_user, params: dict | None = None) -> Outcome:
    """Import ``upload`` (a Django UploadedFile) as the registered kind ``key``."""
    kind = get(key)
    access.require(acting_user, kind.capability)
    params = dict(params or {})
    if upload.size > sync_limit():
        suffix = PurePath(upload.name).suffix.lower()[:6]
        path = default_storage.save(f"imports/{secrets.token_hex(12)}{suffix}", upload)
        job = job_enqueue(
            kind=JOB_KIND,
            acting_user=acting_user,
            params={"upload": key, "path": path, "filename": upload.name, "params": params},
            title=f"{kind.title}：{upload.name}",
        )
        return Outcome(job=job)
    result = run_import(
        kind.spec(params), upload, filename=upload.name, context={"user": acting_user, **params}
    )
    errors_url = "" if result.ok else keep_error_workbook(acting_user, result)
    return Outcome(result=result, errors_url=errors_url)


@job_kind(JOB_KIND, "导入Excel", queue=queues.IMPORTS)
def run_upload(job, progress) -> JobResult:
    """The background half of :func:`receive` (same rules, same all-or-nothing write)."""
    kind = _kinds.get(job.params.get("upload", ""))
    if kind is None:
        raise JobError("未知的导入类型")
    user = job.created_by
    if not access.has(user, kind.capability):
        raise JobError(f"您的角色不能{kind.title}")
    path = job.params["path"]
    if not default_storage.exists(path):
        raise JobError("上传的文件已不存在，请重新上传")
    params = job.params.get("params", {})
    try:
        with default_storage.open(path, "rb") as handle:
            result = run_import(
                kind.spec(params),
                handle.read(),
                filename=job.params["filename"],
                context={"user": user, **params},
                progress=progress,
            )
    finally:
        default_storage.delete(path)
    if result.ok:
        return JobResult(summary=result.summary)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    raise JobError(
        result.summary,
        filename=f"{kind.title}-错误标注-{stamp}.xlsx",
        content=result.error_workbook(),
    )
