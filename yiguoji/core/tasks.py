"""Celery tasks of the core: thin wrappers that call a service with ids."""

from celery import shared_task

from yiguoji.core.services.jobs import job_run, jobs_sweep


@shared_task(name="core.run_job", acks_late=True)
def run_job(job_id: int) -> None:
    job_run(job_id)


@shared_task(name="core.sweep_jobs", acks_late=True, expires=120)
def sweep_jobs() -> str:
    """Every JOB_SWEEP_SECONDS (beat): jobs whose worker is gone or whose message was lost."""
    return str(jobs_sweep())
