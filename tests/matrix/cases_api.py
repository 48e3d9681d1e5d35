"""The API client pages in the role-by-URL matrix (issue 15): the district office manages
clients, the auditor reads them; the API docs page is for everyone signed in. The token API
itself (``/api/v1/``) answers tokens, not sessions: its role matrix is tests/api/test_matrix.py,
run on this same world."""

import uuid

from django.urls import reverse

from tests.matrix import Case, everyone, only
from yiguoji.api.models import WebhookDelivery
from yiguoji.api.services import client_register
from yiguoji.api.webhooks import subscription_create
from yiguoji.core.roles import Role


def build(world) -> None:
    world.api_client, _raw = client_register(
        acting_user=world.users["district_office"],
        name="矩阵测试客户端",
        organisation=world.orgs["township"],
        role=Role.TOWNSHIP,
        scopes=["projects:read"],
    )
    world.api_token = world.api_client.tokens.get()
    world.hook_client, _raw = client_register(
        acting_user=world.users["district_office"],
        name="矩阵测试推送客户端",
        organisation=world.orgs["township"],
        role=Role.TOWNSHIP,
        scopes=["complaints:read"],
    )
    world.webhook, _secret = subscription_create(
        acting_user=world.users["district_office"],
        client=world.hook_client,
        url="http://127.0.0.1:9/hooks/yiguoji",  # never called: nothing is queued here
        kinds=["complaint.opened"],
    )
    world.delivery = WebhookDelivery.objects.create(
        subscription=world.webhook,
        event_id=uuid.uuid4(),
        kind="complaint.opened",
        payload={"complaint": 1, "number": "TS2026000001"},
        status="failed",
        attempts=10,
        last_status_code=500,
        last_error="HTTP 500",
    )


READERS = only("district_office", "auditor")

CASES = [
    Case("api: clients", lambda w: reverse("api:clients"), READERS),
    Case("api: new client form", lambda w: reverse("api:client_create"), only("district_office")),
    Case(
        "api: client detail",
        lambda w: reverse("api:client_detail", args=[w.api_client.pk]),
        READERS,
    ),
    Case(
        "api: issue a token (days out of range: back to the client page)",
        lambda w: reverse("api:token_create", args=[w.api_client.pk]),
        only("district_office", status=302),
        method="post",
        data=lambda w: {"token_days": "0"},
    ),
    Case(
        "api: revoke a token (GET refused)",
        lambda w: reverse("api:token_revoke", args=[w.api_token.pk]),
        only("district_office", status=405),
        default=405,
    ),
    Case("api: docs", lambda w: reverse("api-v1:docs"), everyone()),
    # Events out (issue 15 item 5): the delivery log is read like the clients; only the district
    # office subscribes, stops, changes a secret or re-sends.
    Case("api: webhook deliveries", lambda w: reverse("api:deliveries"), READERS),
    Case(
        "api: webhook deliveries filtered",
        lambda w: reverse("api:deliveries") + f"?status=failed&client={w.hook_client.pk}",
        READERS,
    ),
    Case(
        "api: webhook delivery",
        lambda w: reverse("api:delivery_detail", args=[w.delivery.pk]),
        READERS,
    ),
    Case(
        "api: re-send a delivery",
        lambda w: reverse("api:delivery_resend", args=[w.delivery.pk]),
        only("district_office", status=302),
        method="post",
    ),
    Case(
        "api: re-send a delivery (GET refused)",
        lambda w: reverse("api:delivery_resend", args=[w.delivery.pk]),
        only("district_office", status=405),
        default=405,
    ),
    Case(
        "api: new webhook form",
        lambda w: reverse("api:webhook_create", args=[w.hook_client.pk]),
        only("district_office"),
    ),
    Case(
        "api: stop a webhook",
        lambda w: reverse("api:webhook_active", args=[w.webhook.pk]),
        only("district_office", status=302),
        method="post",
        data=lambda w: {"active": "1"},
    ),
    Case(
        "api: new webhook secret (shown once)",
        lambda w: reverse("api:webhook_secret", args=[w.webhook.pk]),
        only("district_office"),
        method="post",
    ),
]
