"""Events out (issue 15, item 5): subscriptions, the outbox, delivery with retries.

* Apps call :func:`event_record` inside the transaction that files a ledger, records the bank's
  credits or opens a complaint. Nothing happens unless it commits; then one outbox row
  (:class:`WebhookDelivery`) is written per active subscription that wants the kind, whose client
  holds the API scope for it (``EVENT_SCOPES``) and whose client's user may see the object by the
  one scope module (a township's client hears only of its township's ledgers and complaints).
  The payload is built by the app from ids, codes, amounts and months: no names, no ID or card
  numbers.
* :func:`delivery_attempt` claims a due row (one UPDATE; only the winner sends), POSTs it signed
  (:mod:`yiguoji.api.webhook_http`) and records the answer: 2xx delivered; otherwise again after
  an exponential backoff, failed after ``WEBHOOK_MAX_ATTEMPTS``. The claim leases the row for
  longer than a POST can take, so a worker dying mid-send leaves it due again, and the beat
  sweeper (:func:`deliveries_due`) re-sends every due row: a lost task still delivers.
* The district office re-sends a delivered or failed row by hand (:func:`delivery_resend`).

Receivers must treat ``X-Yiguoji-Delivery`` (the event's id) as the key: a row may be POSTed
again after a lost answer.
"""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from yiguoji import scope
from yiguoji.api import webhook_http
from yiguoji.api.capabilities import MANAGE_CLIENTS
from yiguoji.api.choices import EVENT_SCOPES, DeliveryStatus, EventKind
from yiguoji.api.models import ApiClient, WebhookDelivery, WebhookSubscription
from yiguoji.core import access, crypto
from yiguoji.core.audit import acting_as

log = logging.getLogger(__name__)
S = DeliveryStatus
SECRET_PREFIX = "whsec_"
SWEEP_BATCH = 500


# --- subscriptions ----------------------------------------------------------------------------


def _new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _clean(url: str, kinds: list[str]) -> tuple[str, list[str]]:
    errors = {}
    url = (url or "").strip()
    refusal = webhook_http.check(url) if url else "请填写接收地址"
    if refusal:
        errors["url"] = refusal
    unknown = sorted(set(kinds) - set(EventKind.values))
    if unknown:
        errors["kinds"] = f"未知的事件：{'、'.join(unknown)}"
    elif not kinds:
        errors["kinds"] = "请至少选择一种事件"
    if errors:
        raise ValidationError(errors)
    return url, sorted(set(kinds))


def subscription_create(
    *, acting_user, client: ApiClient, url: str, kinds: list[str]
) -> tuple[WebhookSubscription, str]:
    """Subscribe ``client`` to ``kinds`` at ``url``; returns it and the secret (shown once)."""
    access.require(acting_user, MANAGE_CLIENTS)
    scope.ensure(acting_user, scope.CHANGE, client)
    if not client.is_active:
        raise ValidationError("该客户端已停用，不能订阅事件")
    url, kinds = _clean(url, kinds)
    missing = [
        f"“{EventKind(k).label}”需要接口权限 {EVENT_SCOPES[k]}"
        for k in kinds
        if not client.allows(EVENT_SCOPES[k])
    ]
    if missing:
        raise ValidationError({"kinds": "；".join(missing)})
    secret = _new_secret()
    with transaction.atomic(), acting_as(acting_user, via="webhook_subscribe"):
        subscription = WebhookSubscription.objects.create(
            client=client,
            url=url,
            kinds=kinds,
            secret_encrypted=secret,
            secret_hint=secret[-4:],
            created_by=acting_user,
        )
    return subscription, secret


def subscription_rotate_secret(
    *, acting_user, subscription: WebhookSubscription
) -> tuple[WebhookSubscription, str]:
    """A new secret (shown once); the old one stops signing at once."""
    access.require(acting_user, MANAGE_CLIENTS)
    scope.ensure(acting_user, scope.CHANGE, subscription)
    secret = _new_secret()
    with transaction.atomic(), acting_as(acting_user, via="webhook_rotate_secret"):
        subscription.secret_encrypted = secret
        subscription.secret_hint = secret[-4:]
        subscription.save(update_fields=["secret_encrypted", "secret_hint"])
    return subscription, secret


def subscription_set_active(
    *, acting_user, subscription: WebhookSubscription, active: bool
) -> WebhookSubscription:
    """Stop (or resume) a subscription: a stopped one gets no new events, and its pending
    deliveries fail at their next attempt with the reason."""
    access.require(acting_user, MANAGE_CLIENTS)
    scope.ensure(acting_user, scope.CHANGE, subscription)
    with transaction.atomic(), acting_as(acting_user, via="webhook_set_active"):
        WebhookSubscription.objects.filter(pk=subscription.pk).update(is_active=active)
    subscription.refresh_from_db()
    return subscription


# --- recording events -------------------------------------------------------------------------


def event_record(kind: str, obj: models.Model, payload: Callable[[], dict] | dict) -> None:
    """Tell the subscribers of ``kind`` about ``obj`` once the current transaction commits.

    ``payload`` (a dict, or a function building it after the commit so that nothing is queried
    inside the caller's transaction) holds ids, codes, amounts and months only. ``obj`` is the
    object the scope module is asked about for each subscribing client.
    """
    EventKind(kind)  # a typo is a programming error, raised in the caller's transaction
    event_id = uuid.uuid4()
    transaction.on_commit(partial(_record_safely, kind, type(obj), obj.pk, payload, event_id))


def _record_safely(kind, model, pk, payload, event_id) -> None:
    # After the commit: a failure here must not turn a filed ledger into an error page; it is
    # logged (the event is lost, the business step is not).
    try:
        deliveries_create(kind=kind, model=model, pk=pk, payload=payload, event_id=event_id)
    except Exception:
        log.exception("webhooks: recording %s for %s %s failed", kind, model.__name__, pk)


def deliveries_create(*, kind, model, pk, payload, event_id=None) -> list[int]:
    """The outbox rows of one event (one per subscription allowed to hear of it), queued for
    sending once written. Returns their ids."""
    event_id = event_id or uuid.uuid4()
    subscriptions = list(
        WebhookSubscription.objects.filter(
            is_active=True, client__is_active=True, kinds__contains=[kind]
        ).select_related("client__user")
    )
    required = EVENT_SCOPES[EventKind(kind)]
    allowed = [
        s
        for s in subscriptions
        if s.client.allows(required)
        and scope.restrict(model._default_manager.filter(pk=pk), s.client.user).exists()
    ]
    if not allowed:
        return []
    data = payload() if callable(payload) else payload
    data = json.loads(json.dumps(data, cls=DjangoJSONEncoder))  # dates, Decimals as strings
    now = timezone.now()
    with transaction.atomic():
        rows = WebhookDelivery.objects.bulk_create(
            [
                WebhookDelivery(
                    subscription=s,
                    event_id=event_id,
                    kind=kind,
                    payload=data,
                    created_at=now,
                    next_attempt_at=now,
                )
                for s in allowed
            ]
        )
        ids = [row.pk for row in rows]
        transaction.on_commit(partial(_enqueue, ids))
    return ids


def _enqueue(ids: list[int]) -> None:
    from yiguoji.api.tasks import deliver_webhook

    for pk in ids:
        try:
            deliver_webhook.delay(pk)
        except Exception:  # the broker is down: the sweeper sends it when it is back
            log.warning("webhooks: could not queue delivery %s; the sweeper will", pk)


# --- delivering -------------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: base x 2^(attempts-1), capped."""
    seconds = settings.WEBHOOK_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.WEBHOOK_BACKOFF_MAX_SECONDS))


def _lease() -> timedelta:
    # Longer than one POST can take (connect + send + read, each under the timeout).
    return timedelta(seconds=3 * settings.WEBHOOK_TIMEOUT_SECONDS + 30)


def body_of(delivery: WebhookDelivery) -> bytes:
    """What is POSTed: the event's id, kind, time and data (the same bytes on every attempt)."""
    envelope = {
        "id": str(delivery.event_id),
        "kind": delivery.kind,
        "created_at": delivery.created_at.isoformat(),
        "data": delivery.payload,
    }
    return json.dumps(envelope, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def delivery_attempt(*, delivery_id: int) -> float | None:
    """Send one due delivery once. Returns the seconds until it is due again when it failed and
    may be retried; None when it was delivered, failed for good, or was not due (another worker
    holds it, it is done, or it does not exist)."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=S.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + _lease(), attempts=F("attempts") + 1, last_attempt_at=now)
    if not claimed:
        return None
    delivery = WebhookDelivery.objects.select_related("subscription__client").get(pk=delivery_id)
    subscription = delivery.subscription
    if not (subscription.is_active and subscription.client.is_active):
        outcome = webhook_http.Outcome(None, "订阅或客户端已停用，未发送")
        final = True
    else:
        body = body_of(delivery)
        timestamp = int(now.timestamp())
        try:
            secret = subscription.secret_encrypted.reveal()  # signing, not a personal-data reveal
        except crypto.DecryptionError:  # its key was retired before the rotation reached it
            secret = None
        if secret is None:
            outcome = webhook_http.Outcome(None, "签名密钥无法解密（密钥已停用？），请更换密钥")
        else:
            outcome = webhook_http.post(
                subscription.url,
                body,
                {
                    "X-Yiguoji-Event": delivery.kind,
                    "X-Yiguoji-Delivery": str(delivery.event_id),
                    "X-Yiguoji-Timestamp": str(timestamp),
                    "X-Yiguoji-Signature": webhook_http.signature(secret, timestamp, body),
                },
            )
        final = delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS
    fields = {"last_status_code": outcome.status, "last_error": outcome.error[:300]}
    retry_in = None
    if outcome.delivered:
        fields.update(status=S.DELIVERED, delivered_at=timezone.now(), next_attempt_at=None)
    elif final:
        fields.update(status=S.FAILED, next_attempt_at=None)
    else:
        wait = backoff(delivery.attempts)
        fields.update(next_attempt_at=now + wait)
        retry_in = wait.total_seconds()
    # Only if nobody re-sent it by hand meanwhile (that starts a new round of attempts).
    WebhookDelivery.objects.filter(
        pk=delivery.pk, status=S.PENDING, attempts=delivery.attempts
    ).update(**fields)
    return retry_in


def deliveries_due(*, now=None, overdue: float = 0) -> list[int]:
    """Pending deliveries due at least ``overdue`` seconds ago. The sweeper asks for those
    overdue by one sweep period: a row whose task is queued (a new event, a retry's countdown)
    is normally sent by it first, so a backlog of the queue is not fed the same rows each minute;
    a second queueing is harmless anyway (the claim in :func:`delivery_attempt`)."""
    moment = (now or timezone.now()) - timedelta(seconds=overdue)
    return list(
        WebhookDelivery.objects.filter(status=S.PENDING, next_attempt_at__lte=moment)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )


def delivery_resend(*, acting_user, delivery: WebhookDelivery) -> WebhookDelivery:
    """重新发送: a new round of attempts for a delivered or failed (or waiting) delivery, now.
    The event id stays the same, so a receiver that has it already can ignore it."""
    access.require(acting_user, MANAGE_CLIENTS)
    scope.ensure(acting_user, scope.CHANGE, delivery)
    now = timezone.now()
    with transaction.atomic():
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=S.PENDING,
            attempts=0,
            next_attempt_at=now,
            last_error="",
            delivered_at=None,
            resent_at=now,
            resent_by=acting_user,
        )
        transaction.on_commit(partial(_enqueue, [delivery.pk]))
    delivery.refresh_from_db()
    return delivery
