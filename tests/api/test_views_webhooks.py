"""The webhook pages (issue 15, item 5): subscribing shows the secret once, the delivery log
lists status, attempts and response codes in a fixed number of queries, and 重新发送 starts a new
round of attempts."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yiguoji.api import webhooks
from yiguoji.api.models import WebhookDelivery, WebhookSubscription
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
URL = "http://127.0.0.1:9/hooks/yiguoji"


@pytest.fixture
def queued(monkeypatch):
    ids: list[int] = []
    monkeypatch.setattr(webhooks, "_enqueue", ids.extend)
    return ids


def _deliveries(subscription, count, **fields):
    return WebhookDelivery.objects.bulk_create(
        WebhookDelivery(
            subscription=subscription,
            event_id=uuid.uuid4(),
            kind="ledger.filed",
            payload={"ledger": n, "month": "2026-05"},
            **fields,
        )
        for n in range(count)
    )


def test_subscribe_from_the_page_and_see_the_secret_once(office, client_for, register):
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    page = client_for(office)
    assert page.get(f"/api-clients/{client.pk}/webhooks/new/").status_code == 200
    response = page.post(
        f"/api-clients/{client.pk}/webhooks/new/",
        {"url": URL, "kinds": ["ledger.filed", "complaint.opened"]},
    )
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("whsec_") and secret in response.content.decode()
    subscription = WebhookSubscription.objects.get(client=client)
    assert subscription.kinds == ["complaint.opened", "ledger.filed"]
    detail = page.get(f"/api-clients/{client.pk}/").content.decode()
    assert secret not in detail and secret[-4:] in detail and URL in detail
    assert "劳务报酬台账已备案" in detail


def test_a_private_target_is_refused_on_the_form_in_production(
    office, client_for, register, settings
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    response = client_for(office).post(
        f"/api-clients/{client.pk}/webhooks/new/", {"url": URL, "kinds": ["ledger.filed"]}
    )
    assert response.status_code == 200 and "内网" in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_the_delivery_log_in_a_fixed_number_of_queries(office, client_for, register):
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    subscription, _ = webhooks.subscription_create(
        acting_user=office, client=client, url=URL, kinds=["ledger.filed"]
    )
    page = client_for(office)
    _deliveries(subscription, 1, status="failed", attempts=10, last_status_code=500)
    page.get("/api-clients/deliveries/")  # warm the session and the menu
    with CaptureQueriesContext(connection) as one:
        response = page.get("/api-clients/deliveries/")
    assert response.status_code == 200 and "发送失败" in response.content.decode()
    _deliveries(subscription, 60, status="delivered", attempts=1, last_status_code=200)
    with CaptureQueriesContext(connection) as many:
        response = page.get("/api-clients/deliveries/")
    assert len(many) == len(one), [q["sql"] for q in many.captured_queries]
    text = response.content.decode()
    assert "已送达" in text and "第 1 / 2 页" in text and "重新发送" in text
    failed = page.get("/api-clients/deliveries/?status=failed").content.decode()
    assert failed.count("发送失败") >= 2 and "已送达</span>" not in failed


def test_resend_from_the_log(office, client_for, register, queued, make_user):
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    subscription, _ = webhooks.subscription_create(
        acting_user=office, client=client, url=URL, kinds=["ledger.filed"]
    )
    [delivery] = _deliveries(subscription, 1, status="failed", attempts=10, last_error="超时")
    auditor = client_for(make_user(Role.AUDITOR))
    assert auditor.get(f"/api-clients/deliveries/{delivery.pk}/").status_code == 200
    resend = f"/api-clients/deliveries/{delivery.pk}/resend/"
    assert resend not in auditor.get("/api-clients/deliveries/").content.decode()
    assert resend in client_for(office).get("/api-clients/deliveries/").content.decode()
    assert auditor.post(f"/api-clients/deliveries/{delivery.pk}/resend/").status_code == 403
    page = client_for(office)
    response = page.post(
        f"/api-clients/deliveries/{delivery.pk}/resend/",
        {"next": "/api-clients/deliveries/?status=failed"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?status=failed")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("pending", 0, "")
    assert delivery.resent_by == office
    evil = page.post(
        f"/api-clients/deliveries/{delivery.pk}/resend/", {"next": "https://evil.example/"}
    )
    assert evil["Location"] == "/api-clients/deliveries/"


def test_stop_and_rotate_from_the_client_page(office, client_for, register):
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    subscription, secret = webhooks.subscription_create(
        acting_user=office, client=client, url=URL, kinds=["ledger.filed"]
    )
    page = client_for(office)
    assert (
        page.post(f"/api-clients/webhooks/{subscription.pk}/active/", {"active": "0"})["Location"]
        == f"/api-clients/{client.pk}/"
    )
    subscription.refresh_from_db()
    assert not subscription.is_active
    response = page.post(f"/api-clients/webhooks/{subscription.pk}/secret/")
    assert "no-store" in response["Cache-Control"]
    subscription.refresh_from_db()
    assert response.context["secret"] == subscription.secret_encrypted.reveal() != secret
