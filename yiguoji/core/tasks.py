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


@shared_task(name="core.backup_nightly", acks_late=True, expires=6 * 3600)
def backup_nightly() -> str:
    """Nightly (beat, BACKUP_HOUR): back up, apply retention, drill the newest set."""
    from yiguoji.backups.nightly import backup_nightly as run

    return run()
