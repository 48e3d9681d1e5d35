"""Celery tasks of the projects app: thin, idempotent, calling one service each."""

from celery import shared_task

from projects.services.complaints import (
    complaint_step_notify,
    complaints_escalate,
    complaints_lapse,
)


@shared_task(name="projects.notify_complaint_step", acks_late=True)
def notify_complaint_step(step_id: int) -> bool:
    """Tell the complainant of one step by SMS (sent once: the step is claimed first)."""
    return complaint_step_notify(step_id=step_id)


@shared_task(name="projects.complaint_deadlines", acks_late=True)
def complaint_deadlines() -> dict:
    """Every half hour: escalate overdue complaints to the district office (once per stage)
    and close answered ones whose confirmation period has passed."""
    return {"escalated": complaints_escalate(), "lapsed": complaints_lapse()}
