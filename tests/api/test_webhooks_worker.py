"""Events out end to end (issue 15, item 5), on the real Celery worker and the real Redis: a
ledger filed in the portal reaches a receiving system as a signed event; a delivery whose task
was lost is sent by the beat sweeper's task."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from payroll.services.ledgers import ledger_file
from tests.api import webhook_receiver
from tests.api.test_webhooks import subscribe, township_government
from tests.payroll.payment_site import signed_ledger
from yiguoji.api.models import WebhookDelivery
from yiguoji.api.tasks import send_due_webhooks
from yiguoji.core.roles import Role

pytestmark = pytest.mark.worker


@pytest.fixture
def receiver():
    started = webhook_receiver.start()
    yield started
    started.server.shutdown()
    started.server.server_close()


def _until_delivered(pk, seconds=60):
    import time

    deadline = time.monotonic() + seconds
    while (status := WebhookDelivery.objects.get(pk=pk).status) != "delivered":
        assert time.monotonic() < deadline, f"still {status} after {seconds} s"
        time.sleep(0.2)


def test_a_filed_ledger_reaches_the_receiver_signed(
    celery_worker, make_user, register, office, receiver, time_machine, settings
):
    from tests.payroll.ledger_site import TODAY

    time_machine.move_to(TODAY)
    settings.WEBHOOK_BACKOFF_SECONDS = 0.5
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    _subscription, secret = subscribe(office, client, receiver.url)
    receiver.script = [502]  # the first POST fails: the task queues the next one itself

    ledger_file(acting_user=site.department, ledger=ledger)  # committed: no test transaction

    delivery = WebhookDelivery.objects.get()
    _until_delivered(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.last_status_code) == (2, 200)
    assert len(receiver.received) == 2
    for request in receiver.received:
        event = webhook_receiver.verify(secret, request.headers, request.body)
        assert event["kind"] == "ledger.filed" and event["id"] == str(delivery.event_id)
        assert event["data"]["ledger"] == ledger.pk and event["data"]["month"] == "2026-05"
        assert request.headers["X-Yiguoji-Event"] == "ledger.filed"


def test_a_delivery_whose_task_was_lost_is_sent_by_the_sweeper(
    celery_worker, make_user, register, office, receiver
):
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    subscription, secret = subscribe(office, client, receiver.url)
    lost = WebhookDelivery.objects.create(  # written, its task never queued (broker down)
        subscription=subscription,
        event_id=uuid.uuid4(),
        kind="complaint.opened",
        payload={"complaint": 7},
        next_attempt_at=timezone.now() - timedelta(minutes=5),
    )
    send_due_webhooks.delay()
    _until_delivered(lost.pk)
    request = receiver.wait(1)[0]
    assert webhook_receiver.verify(secret, request.headers, request.body)["data"] == {
        "complaint": 7
    }
