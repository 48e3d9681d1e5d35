"""The API client pages in the role-by-URL matrix (issue 15): the district office manages
clients, the auditor reads them; the API docs page is for everyone signed in. The token API
itself (``/api/v1/``) answers tokens, not sessions: its role matrix is tests/api/test_matrix.py,
run on this same world."""

from django.urls import reverse

from tests.matrix import Case, everyone, only
from yiguoji.api.services import client_register
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
]
