"""Events out (issue 15, item 5): signed webhooks for a filed ledger, the bank's credits and a new
complaint, recorded on commit for the clients whose scope covers the object, delivered with
retries and exponential backoff to a real HTTP server, never to the server's own network in
production, never carrying a name, an ID or a card number."""

from __future__ import annotations

import datetime as dt
import io
import json
import socket

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from payroll.management.bank_simulator import reply_file
from payroll.services.ledgers import ledger_file
from payroll.services.payments import batch_import_reply
from projects.choices import ComplaintChannel, ComplaintKind
from projects.services.complaints import complaint_submit
from tests.api import webhook_receiver
from tests.factories import OrganisationFactory
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import sent_batch, signed_ledger
from yiguoji.api import webhook_http, webhooks
from yiguoji.api.models import WebhookDelivery
from yiguoji.core.choices import OrgKind
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db

ALL_KINDS = ["ledger.filed", "payment.credited", "complaint.opened"]


@pytest.fixture
def receiver():
    started = webhook_receiver.start()
    yield started
    started.server.shutdown()
    started.server.server_close()


@pytest.fixture
def queued(monkeypatch):
    """The deliveries queued for the worker (no worker here: each test sends them itself)."""
    ids: list[int] = []
    monkeypatch.setattr(webhooks, "_enqueue", ids.extend)
    return ids


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY)


def township_government(project, name="项目所在镇人民政府"):
    return OrganisationFactory(name=name, kind=OrgKind.TOWNSHIP, township=project.townships.get())


def subscribe(office, client, url, kinds=None):
    return webhooks.subscription_create(
        acting_user=office, client=client, url=url, kinds=ALL_KINDS if kinds is None else kinds
    )


def _file(site, ledger, capture):
    with capture(execute=True):
        return ledger_file(acting_user=site.department, ledger=ledger)


def _secrets_of(workers) -> list[str]:
    found = []
    for worker in workers:
        worker.refresh_from_db()
        found.append(worker.id_number_encrypted.reveal())
        if worker.bank_card_encrypted:
            found.append(worker.bank_card_encrypted.reveal())
    return found


def test_a_filed_ledger_reaches_only_the_clients_whose_scope_covers_it(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    site, ledger = signed_ledger(make_user, check=False)
    own, _ = register(township_government(site.project), Role.TOWNSHIP, scopes=["ledgers:read"])
    other_township = OrganisationFactory(name="别的镇人民政府", kind=OrgKind.TOWNSHIP)
    stranger, _ = register(other_township, Role.TOWNSHIP, scopes=["ledgers:read"])
    no_scope, _ = register(
        township_government(site.project, "同镇另一系统"),
        Role.TOWNSHIP,
        scopes=["complaints:read"],
    )
    wants_other_kinds, _ = register(
        township_government(site.project, "同镇第三系统"), Role.TOWNSHIP
    )
    subscribe(office, own, receiver.url, ["ledger.filed"])
    subscribe(office, stranger, receiver.url, ["ledger.filed"])
    subscribe(office, no_scope, receiver.url, ["complaint.opened"])
    subscribe(office, wants_other_kinds, receiver.url, ["complaint.opened"])

    _file(site, ledger, django_capture_on_commit_callbacks)

    delivery = WebhookDelivery.objects.get()  # one: the own township's client, nobody else
    assert delivery.subscription.client == own and delivery.kind == "ledger.filed"
    assert queued == [delivery.pk]
    assert delivery.payload == {
        "ledger": ledger.pk,
        "project": site.project.pk,
        "project_code": "YQ-2026-101",
        "month": "2026-05",
        "version": 1,
        "workers": 3,
        "total_days": "30.0",
        "total_payable": "6000.00",
        "filed_at": delivery.payload["filed_at"],
    }
    text = json.dumps(delivery.payload, ensure_ascii=False)
    for secret in _secrets_of(site.workers):
        assert secret not in text
    assert not any(worker.name in text for worker in site.workers)


def test_nothing_is_recorded_when_the_filing_rolls_back(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    subscribe(office, client, receiver.url)
    with pytest.raises(ValidationError), django_capture_on_commit_callbacks(execute=True):
        ledger_file(acting_user=site.department, ledger=ledger, revision=99)
    assert not WebhookDelivery.objects.exists()


def test_the_signed_event_is_verified_by_the_receiver_and_retried_with_backoff(
    make_user, register, office, queued, receiver, settings, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.WEBHOOK_BACKOFF_SECONDS = 30
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    _subscription, secret = subscribe(office, client, receiver.url)
    assert secret.startswith("whsec_") and len(secret) > 40
    receiver.script = [500, 503]  # fails twice, then 200
    _file(site, ledger, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()

    assert webhooks.delivery_attempt(delivery_id=delivery.pk) == 30  # 1st: 500, again in 30 s
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("pending", 1, 500)
    assert "HTTP 500" in delivery.last_error
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) is None  # not due yet: not sent
    assert len(receiver.received) == 1

    time_machine.shift(dt.timedelta(seconds=31))
    assert webhooks.deliveries_due() == [delivery.pk]  # due
    assert webhooks.deliveries_due(overdue=60) == []  # not yet for the sweeper: its task runs
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) == 60  # 2nd: 503, doubled
    time_machine.shift(dt.timedelta(seconds=61))
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) is None  # 3rd: delivered
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 3, 200)
    assert delivery.last_error == "" and delivery.delivered_at is not None
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) is None  # done: never again
    assert webhooks.deliveries_due() == []

    bodies = {r.body for r in receiver.received}
    assert len(receiver.received) == 3 and len(bodies) == 1  # the same bytes every time
    for request in receiver.received:
        assert request.path == "/hooks/yiguoji"
        assert request.headers["Content-Type"] == "application/json; charset=utf-8"
        event = webhook_receiver.verify(secret, request.headers, request.body)
        assert event["id"] == str(delivery.event_id)
        assert event["kind"] == "ledger.filed" and event["data"]["ledger"] == ledger.pk
    tampered = receiver.received[0].body.replace(b"6000.00", b"9000.00")
    with pytest.raises(ValueError, match="bad signature"):
        webhook_receiver.verify(secret, receiver.received[0].headers, tampered)
    with pytest.raises(ValueError, match="bad signature"):
        webhook_receiver.verify("whsec_wrong", receiver.received[0].headers, request.body)


def test_backoff_doubles_up_to_its_cap_and_gives_up_after_the_last_attempt(
    make_user, register, office, queued, receiver, settings, time_machine,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.WEBHOOK_BACKOFF_SECONDS = 10
    settings.WEBHOOK_BACKOFF_MAX_SECONDS = 60
    settings.WEBHOOK_MAX_ATTEMPTS = 4
    assert [webhooks.backoff(n).total_seconds() for n in range(1, 7)] == [10, 20, 40, 60, 60, 60]
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    subscribe(office, client, receiver.url)
    receiver.script = [500] * 10
    _file(site, ledger, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    waits = []
    for _attempt in range(4):
        waits.append(webhooks.delivery_attempt(delivery_id=delivery.pk))
        time_machine.shift(dt.timedelta(seconds=61))
    assert waits == [10, 20, 40, None]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.next_attempt_at) == ("failed", 4, None)
    assert len(receiver.received) == 4
    assert webhooks.deliveries_due() == []

    webhooks.delivery_resend(acting_user=office, delivery=delivery)  # 重新发送: a new round
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.resent_by) == ("pending", 0, office)
    receiver.script = []
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) is None
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.received) == 5
    assert len({r.headers["X-Yiguoji-Delivery"] for r in receiver.received}) == 1


def test_an_unreachable_receiver_is_a_failed_attempt_not_an_error(
    make_user, register, office, queued, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT_SECONDS = 1
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    # A port held but never listened on: the connection is refused (a server closed mid-test
    # could instead reset a connection already in its backlog).
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{held.getsockname()[1]}/hook"
    subscribe(office, client, url)
    _file(site, ledger, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) == settings.WEBHOOK_BACKOFF_SECONDS
    delivery.refresh_from_db()
    held.close()
    assert delivery.last_status_code is None and "ConnectionRefused" in delivery.last_error


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://example.com/hook", "http:// 或 https://"),
        ("file:///etc/passwd", "http:// 或 https://"),
        ("http://127.0.0.1:8000/hook", "内网"),
        ("http://localhost/hook", "内网"),
        ("http://169.254.169.254/latest/meta-data/", "内网"),  # cloud metadata
        ("http://10.1.2.3/hook", "内网"),
        ("http://[::1]/hook", "内网"),
        ("http://[::ffff:192.168.1.1]/hook", "内网"),
        ("http://user:pw@example.com/hook", "用户名或密码"),
    ],
)
def test_targets_on_the_servers_own_network_are_refused_in_production(
    make_user, register, office, settings, url, reason
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    with pytest.raises(ValidationError, match=reason):
        subscribe(office, client, url)


def test_a_target_that_turned_private_is_never_called(
    make_user, register, office, queued, receiver, settings, django_capture_on_commit_callbacks
):
    """Subscribed while allowed (or while its name pointed outwards), sent when it is not: the
    address is checked again at each attempt, and the connection goes to the checked address."""
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    subscribe(office, client, receiver.url)
    _file(site, ledger, django_capture_on_commit_callbacks)
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    delivery = WebhookDelivery.objects.get()
    webhooks.delivery_attempt(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert "内网" in delivery.last_error and receiver.received == []


def test_the_public_address_check(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    assert webhook_http._public("8.8.8.8") and webhook_http._public("2001:4860:4860::8888")
    for address in ("127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.0.1", "100.64.0.1",
                    "169.254.169.254", "0.0.0.0", "::1", "fe80::1", "fc00::1", "224.0.0.1",
                    "::ffff:127.0.0.1"):  # fmt: skip
        assert not webhook_http._public(address), address


def test_a_complaint_is_told_to_its_own_townships_client_only(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    site, _ledger = signed_ledger(make_user, check=False)
    own, _ = register(township_government(site.project), Role.TOWNSHIP)
    stranger, _ = register(
        OrganisationFactory(name="别的镇人民政府", kind=OrgKind.TOWNSHIP), Role.TOWNSHIP
    )
    ledgers_only, _ = register(
        township_government(site.project, "同镇台账系统"), Role.TOWNSHIP, scopes=["ledgers:read"]
    )
    for client in (own, stranger):
        subscribe(office, client, receiver.url)
    subscribe(office, ledgers_only, receiver.url, ["ledger.filed"])
    worker = site.workers[0]
    with django_capture_on_commit_callbacks(execute=True):
        complaint, _code = complaint_submit(
            channel=ComplaintChannel.WEB,
            kind=ComplaintKind.WAGE_ARREARS,
            project=site.project,
            complainant=worker.name,
            phone="13800001111",
            content=f"五月工资未发，身份证{_secrets_of([worker])[0]}",
            month=dt.date(2026, 5, 1),
        )
    delivery = WebhookDelivery.objects.get()
    assert delivery.subscription.client == own and delivery.kind == "complaint.opened"
    data = delivery.payload
    assert (data["complaint"], data["number"], data["project_code"], data["month"]) == (
        complaint.pk, complaint.number, "YQ-2026-101", "2026-05"
    )  # fmt: skip
    text = json.dumps(data, ensure_ascii=False)
    for secret in [*_secrets_of([worker]), worker.name, "13800001111", "工资未发"]:
        assert secret not in text


def test_the_banks_credits_are_one_event_with_amounts_and_no_card_numbers(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    site, batch = sent_batch(make_user)
    payer, _ = register(site.unit.organisation, Role.PROJECT_UNIT, scopes=["ledgers:read"])
    stranger, _ = register(make_user(Role.PROJECT_UNIT).organisation, Role.PROJECT_UNIT)
    for client in (payer, stranger):
        subscribe(office, client, receiver.url, ["payment.credited"])
    with django_capture_on_commit_callbacks(execute=True):
        result = batch_import_reply(
            acting_user=site.unit, batch=batch, upload=io.BytesIO(reply_file(batch, fail=1))
        )
    assert result.ok
    delivery = WebhookDelivery.objects.get()
    assert delivery.subscription.client == payer
    data = delivery.payload
    credited = batch.instructions.filter(status="credited").order_by("seq")
    assert data["batch"] == batch.pk and data["month"] == "2026-05"
    assert data["credited_count"] == 2 == credited.count()
    assert data["credited_total"] == "4000.00"
    assert [i["reference"] for i in data["instructions"]] == [c.reference for c in credited]
    assert {i["amount"] for i in data["instructions"]} == {"2000.00"}
    text = json.dumps(data, ensure_ascii=False)
    cards = [i.card_encrypted.reveal() for i in batch.instructions.all()]
    for secret in [*cards, *_secrets_of(site.workers), *(w.name for w in site.workers)]:
        assert secret not in text


def test_a_stopped_subscription_or_client_hears_nothing_more(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    from yiguoji.api.services import client_set_active

    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    subscription, _ = subscribe(office, client, receiver.url)
    webhooks.subscription_set_active(acting_user=office, subscription=subscription, active=False)
    _file(site, ledger, django_capture_on_commit_callbacks)
    assert not WebhookDelivery.objects.exists()
    webhooks.subscription_set_active(acting_user=office, subscription=subscription, active=True)
    client_set_active(acting_user=office, client=client, active=False)
    with pytest.raises(ValidationError, match="已停用"):
        subscribe(office, client, receiver.url)


def test_a_kind_needs_the_scope_that_reads_its_object(register, office, receiver):
    client, _ = register(office.organisation, Role.DISTRICT_OFFICE, scopes=["projects:read"])
    with pytest.raises(ValidationError, match="ledgers:read"):
        subscribe(office, client, receiver.url, ["ledger.filed"])
    with pytest.raises(ValidationError, match="请至少选择"):
        subscribe(office, client, receiver.url, [])


def test_the_secret_is_kept_encrypted_and_a_new_one_replaces_it(register, office, receiver):
    from django.db import connection

    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    subscription, secret = subscribe(office, client, receiver.url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT secret_encrypted FROM api_webhooksubscription WHERE id = %s",
            [subscription.pk],
        )
        stored = bytes(cursor.fetchone()[0])
    assert secret.encode() not in stored and subscription.secret_hint == secret[-4:]
    _, rotated = webhooks.subscription_rotate_secret(acting_user=office, subscription=subscription)
    subscription.refresh_from_db()
    assert rotated != secret and subscription.secret_encrypted.reveal() == rotated
    history = subscription.events.values_list("secret_hint", flat=True)
    assert set(history) == {secret[-4:], rotated[-4:]}  # audited, the secret itself never


def test_only_the_district_office_manages_subscriptions(register, office, make_user, receiver):
    from django.core.exceptions import PermissionDenied

    client, _ = register(office.organisation, Role.DISTRICT_OFFICE)
    with pytest.raises(PermissionDenied):
        subscribe(make_user(Role.AUDITOR), client, receiver.url)


def test_a_delivery_claimed_by_one_worker_is_not_sent_by_another(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    subscribe(office, client, receiver.url)
    _file(site, ledger, django_capture_on_commit_callbacks)
    delivery = WebhookDelivery.objects.get()
    now = timezone.now()
    # Another worker's claim (what delivery_attempt's UPDATE does) leases the row:
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        attempts=1, next_attempt_at=now + dt.timedelta(seconds=45)
    )
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) is None
    assert receiver.received == [] and webhooks.deliveries_due() == []


def test_the_connection_goes_to_the_address_that_was_checked(receiver, monkeypatch, settings):
    """A host name is resolved once; the POST goes to that address with the name as Host (so a
    rebinding DNS server cannot answer the check with a public address and the connection with
    an inner one)."""
    import socket

    port = receiver.server.server_address[1]
    real = socket.getaddrinfo
    asked = []

    def resolver(host, *args, **kwargs):
        asked.append(host)
        if host == "hooks.receiver.test":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    outcome = webhook_http.post(
        f"http://hooks.receiver.test:{port}/in?x=1", b"{}", {"X-Yiguoji-Event": "t"}
    )
    assert outcome.delivered and asked.count("hooks.receiver.test") == 1  # then the literal IP
    [request] = receiver.received
    assert request.headers["Host"] == f"hooks.receiver.test:{port}"
    assert request.path == "/in?x=1"
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    refused = webhook_http.post(f"http://hooks.receiver.test:{port}/in", b"{}", {})
    assert refused.status is None and "内网" in refused.error and len(receiver.received) == 1


def test_a_redirect_is_a_failed_attempt_and_is_not_followed(receiver):
    receiver.script = [302]
    outcome = webhook_http.post(receiver.url, b"{}", {})
    assert not outcome.delivered and outcome.status == 302
    assert len(receiver.received) == 1


def test_a_secret_that_cannot_be_decrypted_fails_the_attempt_not_the_task(
    make_user, register, office, queued, receiver, django_capture_on_commit_callbacks
):
    site, ledger = signed_ledger(make_user, check=False)
    client, _ = register(township_government(site.project), Role.TOWNSHIP)
    subscription, _ = subscribe(office, client, receiver.url)
    _file(site, ledger, django_capture_on_commit_callbacks)
    from yiguoji.core import crypto

    wrong_column = crypto.encrypt("whsec_x", purpose="another.column")  # does not decrypt here
    type(subscription).objects.filter(pk=subscription.pk).update(secret_encrypted=wrong_column)
    delivery = WebhookDelivery.objects.get()
    assert webhooks.delivery_attempt(delivery_id=delivery.pk) is not None  # retried later
    delivery.refresh_from_db()
    assert "无法解密" in delivery.last_error and receiver.received == []
