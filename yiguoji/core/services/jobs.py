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

No job stays queued or running for ever (issue 10, item 8):

* a message that cannot be sent (the broker is down) leaves the job queued with ``sent_at``
  empty and the user is told so; the sweeper sends it when the broker is back;
* the process running a job writes ``heartbeat_at`` every ``JOB_HEARTBEAT_SECONDS`` from a
  thread; a job whose heartbeat is older than ``JOB_STALE_SECONDS`` lost its worker. A redelivered
  message of such a job runs it again, and :func:`jobs_sweep` (Celery beat, every
  ``JOB_SWEEP_SECONDS``) requeues it, or fails it with the reason once ``JOB_MAX_ATTEMPTS`` runs
  were interrupted;
* a message lost by the broker is sent again after ``JOB_RESEND_SECONDS`` (a duplicate is a
  no-op: the claim lets one run), and a job still queued after ``JOB_QUEUED_GIVE_UP_HOURS`` fails.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError

from yiguoji import queues
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
    queue: str | None = None  # yiguoji.queues: IMPORTS, PDFS, REPORTS (None: the default)


_kinds: dict[str, JobKind] = {}


def job_kind(kind: str, title: str, *, queue: str | None = None):
    def register(handler):
        _kinds[kind] = JobKind(kind, title, handler, queue)
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
        Job.objects.filter(pk=self.job_id).update(
            progress=percent, message=message[:200], heartbeat_at=timezone.now()
        )


class Heartbeat:
    """While a job runs, a thread marks it alive every ``JOB_HEARTBEAT_SECONDS``.

    It stops when the process dies (that is the point) and when the job ends. The thread has its
    own database connection, closed when it stops.
    """

    def __init__(self, job_id: int, interval: float | None = None):
        self.job_id = job_id
        self.interval = interval if interval is not None else settings.JOB_HEARTBEAT_SECONDS
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"job-{job_id}-heartbeat")
        self._thread.daemon = True

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        except Exception:  # the job goes on; the sweeper would rather retry it than lose it
            log.exception("heartbeat of job %s stopped", self.job_id)
        finally:
            connection.close()


def job_enqueue(*, kind: str, acting_user, params: dict | None = None, title: str = "") -> Job:
    """Create a job row and send it to the worker after the surrounding transaction commits.

    After the commit ``job.sent`` says whether the broker took the message; when it did not, the
    job stays queued and :func:`jobs_sweep` sends it once the broker is back (the caller tells the
    user so, e.g. with ``yiguoji.core.views.jobs.announce``).
    """
    if kind not in _kinds:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind,
        title=title or _kinds[kind].title,
        params=params or {},
        created_by=acting_user,
    )
    job.sent = False
    transaction.on_commit(lambda: setattr(job, "sent", job_send(job)))
    return job


def job_send(job: Job) -> bool:
    """Send the message that runs ``job``; False (and the job untouched) if the broker is down."""
    from yiguoji.core.tasks import run_job

    try:
        known = _kinds.get(job.kind)
        run_job.apply_async((job.pk,), queue=queues.queue(known.queue if known else None))
    except (OperationalError, OSError) as error:
        log.warning("job %s kept for the sweeper: broker unreachable (%s)", job.pk, error)
        return False
    Job.objects.filter(pk=job.pk, status=JobStatus.QUEUED).update(sent_at=timezone.now())
    return True


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _stale_before():
    return timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)


def _worker_gone(stale_before) -> Q:
    """Running, and no sign of life since ``stale_before``: the process running it is gone."""
    return Q(status=JobStatus.RUNNING) & (
        Q(heartbeat_at__lt=stale_before) | Q(heartbeat_at__isnull=True, started_at__lt=stale_before)
    )


def _interrupted_error(attempts: int) -> str:
    return (
        f"任务执行中断：处理该任务的后台进程已停止（共执行 {attempts} 次）。"
        "请重新提交；如仍失败，请联系管理员。"
    )


def _claim(job_id: int) -> bool:
    """Move the job from queued (or running on a worker that is gone) to running.

    One conditional UPDATE, so only one caller wins: a message delivered twice while the job
    runs does nothing, and a message redelivered after its worker died runs the job again.
    """
    now = timezone.now()
    claimable = Q(status=JobStatus.QUEUED) | _worker_gone(_stale_before())
    claimed = Job.objects.filter(
        claimable, pk=job_id, attempts__lt=settings.JOB_MAX_ATTEMPTS
    ).update(
        status=JobStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        progress=0,
        message="",
        worker=_worker_name()[:200],
    )
    if not claimed:
        _fail_exhausted(Job.objects.filter(claimable, pk=job_id))
    return bool(claimed)


def _fail_exhausted(candidates) -> int:
    """Fail the jobs among ``candidates`` that have used up their attempts; return how many."""
    failed = 0
    for job in candidates.filter(attempts__gte=settings.JOB_MAX_ATTEMPTS).only("pk", "attempts"):
        failed += Job.objects.filter(
            _worker_gone(_stale_before()) | Q(status=JobStatus.QUEUED),
            pk=job.pk,
            attempts=job.attempts,
        ).update(
            status=JobStatus.FAILED,
            error=_interrupted_error(job.attempts),
            finished_at=timezone.now(),
        )
    return failed


def job_run(job_id: int) -> None:
    """Run one job to completion; safe to call twice (the second call does nothing)."""
    if not _claim(job_id):
        log.info("job %s already claimed, finished or given up; nothing to do", job_id)
        return
    job = Job.objects.select_related("created_by").get(pk=job_id)
    kind = _kinds.get(job.kind)
    try:
        if kind is None:
            raise JobError(f"未知的任务类型：{job.kind}")
        with Heartbeat(job.pk), acting_as(job.created_by, via=f"job:{job.kind}", job=job.pk):
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
    """Record the outcome of this run, unless a later run of the same job has taken it over."""
    values = {
        "status": status,
        "summary": summary,
        "error": error,
        "finished_at": timezone.now(),
        "result_file": job.result_file.name or "",
        "result_name": job.result_name,
    }
    if status == JobStatus.SUCCEEDED:
        values.update(progress=100, message="")
    updated = Job.objects.filter(pk=job.pk, attempts=job.attempts).update(**values)
    if not updated:
        log.warning("job %s was taken over by a later run; outcome %s not recorded", job.pk, status)


@dataclass
class SweepReport:
    sent: int = 0
    requeued: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"发送 {self.sent} 个，重新排队 {self.requeued} 个，失败 {self.failed} 个"


def jobs_sweep() -> SweepReport:
    """End what cannot end by itself (Celery beat every ``JOB_SWEEP_SECONDS``; safe to overlap).

    * running on a worker that is gone: queued again (and sent), or failed with the reason once
      ``JOB_MAX_ATTEMPTS`` runs were interrupted;
    * queued for longer than ``JOB_QUEUED_GIVE_UP_HOURS``: failed with the reason;
    * queued and never sent (the broker was down), or sent ``JOB_RESEND_SECONDS`` ago and still
      not started (the message was lost): sent (again).

    Every change is one conditional UPDATE, so a job that moves meanwhile is left alone.
    """
    report = SweepReport()
    now = timezone.now()
    gone = Job.objects.filter(_worker_gone(_stale_before()))
    report.failed += _fail_exhausted(gone)
    report.requeued += gone.filter(attempts__lt=settings.JOB_MAX_ATTEMPTS).update(
        status=JobStatus.QUEUED,
        sent_at=None,
        message="后台进程中断，已重新排队，将自动重试",
    )
    give_up = now - timedelta(hours=settings.JOB_QUEUED_GIVE_UP_HOURS)
    hours = f"{settings.JOB_QUEUED_GIVE_UP_HOURS:g}"
    report.failed += Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=give_up).update(
        status=JobStatus.FAILED,
        error=f"任务排队超过 {hours} 小时仍未开始（后台服务可能未运行），已取消。请重新提交。",
        finished_at=now,
    )
    resend = now - timedelta(seconds=settings.JOB_RESEND_SECONDS)
    waiting = Job.objects.filter(
        Q(sent_at__isnull=True) | Q(sent_at__lt=resend), status=JobStatus.QUEUED
    ).order_by("created_at")
    for job in waiting:
        if not job_send(job):
            break  # the broker is still down; the next sweep tries again
        report.sent += 1
    if report.sent or report.requeued or report.failed:
        log.warning("job sweep: %s", report)
    return report
