"""Celery tasks of the API: thin, idempotent, calling one service each (issue 15, item 5)."""

from celery import shared_task
from django.conf import settings

from yiguoji.api.webhooks import deliveries_due, delivery_attempt


@shared_task(name="api.deliver_webhook", acks_late=True)
def deliver_webhook(delivery_id: int) -> bool:
    """Send one delivery if it is due (a second run finds it claimed or done and does nothing);
    after a failure, queue the next attempt at its backoff (the sweeper would find it anyway)."""
    retry_in = delivery_attempt(delivery_id=delivery_id)
    if retry_in is not None:
        deliver_webhook.apply_async((delivery_id,), countdown=retry_in)
    return retry_in is None


@shared_task(name="api.send_due_webhooks", acks_late=True)
def send_due_webhooks() -> int:
    """Beat, every WEBHOOK_SWEEP_SECONDS: queue every delivery overdue by a sweep period (its
    task was lost, or its worker died mid-send and the claim's lease ran out)."""
    due = deliveries_due(overdue=settings.WEBHOOK_SWEEP_SECONDS)
    for pk in due:
        deliver_webhook.delay(pk)
    return len(due)
