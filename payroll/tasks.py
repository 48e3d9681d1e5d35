"""Celery tasks of the payroll app: thin, idempotent, calling one service each."""

from celery import shared_task

from payroll.services.reminders import ledger_reminders_send


@shared_task(name="payroll.send_ledger_reminders", acks_late=True)
def send_ledger_reminders() -> int:
    """Daily: remind project units of last month's ledger (each reminder sent once)."""
    return ledger_reminders_send()


@shared_task(name="payroll.send_sign_in_code", acks_late=True)
def send_sign_in_code(challenge_id: int) -> bool:
    """Generate and send a self-service sign-in code (once; nothing for an unknown person)."""
    from payroll.services.selfservice import code_send

    return code_send(challenge_id=challenge_id)


@shared_task(name="payroll.send_confirmation_requests", acks_late=True)
def send_confirmation_requests(round_id: int) -> int:
    """Send a confirmation round's SMS (each request once)."""
    from payroll.services.confirmations import round_send

    return round_send(round_id=round_id)
