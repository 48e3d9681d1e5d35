"""Celery tasks of the payroll app: thin, idempotent, calling one service each."""

from celery import shared_task

from payroll.services.reminders import ledger_reminders_send


@shared_task(name="payroll.send_ledger_reminders", acks_late=True)
def send_ledger_reminders() -> int:
    """Daily: remind project units of last month's ledger (each reminder sent once)."""
    return ledger_reminders_send()
