"""Celery queues (issue 12 item 4): imports, PDFs and reports each have their own queue, so a
province's long report run never holds up an upload or a ledger print, and each can get its
own workers.

Queue names derive from the default queue (``CELERY_QUEUE``, default ``yiguoji``):
``yiguoji`` (everything else: reminders, notifications, sweeps, backups), ``yiguoji.imports``,
``yiguoji.pdfs`` and ``yiguoji.reports``. A worker started without ``-Q`` consumes all four
(``CELERY_TASK_QUEUES``), which is what ``make run`` and the tests do; a deployment starts one
worker per queue (Procfile, docker-compose.yml):

    celery -A yiguoji worker -Q yiguoji.imports

Tasks are routed by name (:func:`route`, ``CELERY_TASK_ROUTES``); background jobs
(``core.run_job``) by their kind, which names its queue where it is registered
(``job_kind(..., queue=IMPORTS)``). Names are computed when a message is sent, from the
default queue of that moment, so a test process that moves its default queue moves them all.
"""

from __future__ import annotations

IMPORTS = "imports"
PDFS = "pdfs"
REPORTS = "reports"
KINDS = (IMPORTS, PDFS, REPORTS)

# Tasks (by name) that are not background jobs but belong to a queue of their own.
TASKS = {
    "assessment.monthly_reports": REPORTS,
    "assessment.project_reports": REPORTS,
    "assessment.quarterly_dispatch": REPORTS,
    "assessment.year_scores": REPORTS,
}


def names(default: str) -> list[str]:
    """Every queue, the default first."""
    return [default, *(f"{default}.{kind}" for kind in KINDS)]


def declarations(default: str) -> tuple:
    """The kombu queues a worker without ``-Q`` consumes (``CELERY_TASK_QUEUES``)."""
    from kombu import Exchange, Queue

    return tuple(Queue(name, Exchange(name), routing_key=name) for name in names(default))


def use_default(app, default: str) -> None:
    """Move every queue under ``default`` in this process (the tests give each process its own
    queues on a shared Redis); workers started afterwards in this process consume them."""
    from django.conf import settings

    # Both: Celery reads the CELERY_ settings before its own changes.
    settings.CELERY_TASK_DEFAULT_QUEUE = app.conf.task_default_queue = default
    settings.CELERY_TASK_QUEUES = app.conf.task_queues = declarations(default)
    app.amqp.__dict__.pop("queues", None)  # rebuilt from task_queues on next use


def queue(kind: str | None = None) -> str:
    """The queue of ``kind`` (None: the default queue), as named right now."""
    from django.conf import settings

    default = settings.CELERY_TASK_DEFAULT_QUEUE
    return f"{default}.{kind}" if kind else default


def route(name, args, kwargs, options, task=None, **extra):
    """Celery router: the queue of a task named in :data:`TASKS`; None leaves the default."""
    kind = TASKS.get(name)
    return {"queue": queue(kind)} if kind else None
