"""API tests: a client of an organisation with scopes, its token, and a Django test client that
sends it (``Authorization: Bearer …``)."""

from __future__ import annotations

import pytest
from django.test import Client

from yiguoji.api.choices import ApiScope
from yiguoji.api.services import client_register
from yiguoji.core.roles import Role

ALL_SCOPES = list(ApiScope.values)


class TokenClient(Client):
    """A test client that sends a token with every request (and no session)."""

    def __init__(self, raw: str, **kwargs):
        super().__init__(HTTP_AUTHORIZATION=f"Bearer {raw}", **kwargs)
        self.raw = raw


@pytest.fixture
def office(make_user):
    return make_user(Role.DISTRICT_OFFICE)


@pytest.fixture
def register(office, fresh_cache):
    """register(organisation, role, scopes=ALL, **kw) -> (ApiClient, TokenClient)."""
    counter = iter(range(1000))

    def make(organisation, role, scopes=None, **kwargs):
        client, raw = client_register(
            acting_user=office,
            name=kwargs.pop("name", f"测试客户端{next(counter)}"),
            organisation=organisation,
            role=role,
            scopes=ALL_SCOPES if scopes is None else scopes,
            **kwargs,
        )
        return client, TokenClient(raw)

    return make


def error_of(response) -> dict:
    payload = response.json()
    assert set(payload) == {"error"}, payload
    error = payload["error"]
    assert error["code"] and error["message"] and error["message_en"], error
    return error
