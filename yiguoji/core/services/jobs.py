"""Background jobs: enqueue after commit, claim atomically, report progress, keep the result.

An app registers a job kind with a handler that does the work by calling its own services::

    @job_kind("payroll.ledger_pdf", "打印工资发放台账")
    def ledger_pdf(job, progress) -> JobResult:
        ...
        progress(40, "正在排版")
        return JobResult(filename="台账.pdf", content=pdf_bytes, summary="共 12 页")

``job_enqueue`` creates the row and sends ``core.run_job`` once the transaction commits; the task
calls ``job_run``, which claims the row with one conditional UPDATE so that a job delivered twice
(``acks_late``) runs once.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from yiguoji.core.audit import acting_as
from yiguoji.core.models import Job, JobStatus

log = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message is meant for the user (Chinese, says what to do).

    It may carry a file for the user (e.g. the upload with its bad cells marked).
    """

    def __init__(self, message: str, *, filename: str = "", content: bytes | None = None):
        super().__init__(message)
        self.filename = filename
        self.content = content


@dataclass
class JobResult:
    summary: str = ""
    filename: str = ""
    content: bytes | None = None


@dataclass(frozen=True)
class JobKind:
    kind: str
    title: str
    handler: Callable[[Job, Callable[[int, str], None]], JobResult]


_kinds: dict[str, JobKind] = {}


def job_kind(kind: str, title: str):
    def register(handler):
        _kinds[kind] = JobKind(kind, title, handler)
        return handler

    return register


def kind_title(kind: str) -> str:
    return _kinds[kind].title if kind in _kinds else kind


class Progress:
    """Writes a job's percentage and step at a bounded rate (one UPDATE, no model save)."""

    def __init__(self, job_id: int, min_interval: float = 0.3):
        self.job_id = job_id
        self.min_interval = min_interval
        self._last = (-1, 0.0)

    def __call__(self, percent: int, message: str = "") -> None:
        percent = max(0, min(99, int(percent)))
        now = time.monotonic()
        last_percent, last_time = self._last
        if percent == last_percent or (now - last_time < self.min_interval and percent < 99):
            return
        self._last = (percent, now)
        Job.objects.filter(pk=self.job_id).update(progress=percent, message=message[:200])


def job_enqueue(*, kind: str, acting_user, params: dict | None = None, title: str = "") -> Job:
    """Create a job row and send it to the worker after the surrounding transaction commits."""
    if kind not in _kinds:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title or _kinds[kind].title,
        params=params or {},
        created_by=acting_user,
    )
    from yiguoji.core.tasks import run_job

    transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def _claim(job_id: int) -> bool:
    """Move the job from queued (or stale running) to running; only one caller wins."""
    stale = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return bool(
        Job.objects.filter(
            Q(status=JobStatus.QUEUED) | Q(status=JobStatus.RUNNING, started_at__lt=stale),
            pk=job_id,
        ).update(
            status=JobStatus.RUNNING,
            started_at=timezone.now(),
            attempts=F("attempts") + 1,
            progress=0,
        )
    )


def job_run(job_id: int) -> None:
    """Run one job to completion; safe to call twice (the second call does nothing)."""
    if not _claim(job_id):
        log.info("job %s already claimed or finished; nothing to do", job_id)
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    kind = _kinds.get(job.kind)
    try:
        if kind is None:
            raise JobError(f"未知的任务类型：{job.kind}")
        with acting_as(job.created_by, via=f"job:{job.kind}", job=job.pk):
            result = kind.handler(job, Progress(job.pk))
    except JobError as error:
        if error.content is not None:
            _attach(job, error.filename, error.content)
        _finish(job, JobStatus.FAILED, error=str(error))
    except Exception as error:  # a bug: keep the traceback in the log, tell the user plainly
        log.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(
            job, JobStatus.FAILED, error=f"任务执行出错，请联系管理员（{type(error).__name__}）"
        )
    else:
        if result.content is not None:
            _attach(job, result.filename, result.content)
        _finish(job, JobStatus.SUCCEEDED, summary=result.summary)


def _attach(job: Job, filename: str, content: bytes) -> None:
    job.result_file.save(filename, ContentFile(content), save=False)
    job.result_name = filename


def _finish(job: Job, status: str, *, summary: str = "", error: str = "") -> None:
    job.status = status
    job.summary = summary
    job.error = error
    job.finished_at = timezone.now()
    if status == JobStatus.SUCCEEDED:
        job.progress = 100
        job.message = ""
    job.save(
        update_fields=[
            "status",
            "summary",
            "error",
            "finished_at",
            "progress",
            "message",
            "result_file",
            "result_name",
        ]
    )
