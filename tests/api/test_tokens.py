"""Clients and tokens (issue 15, item 2): shown once, stored hashed, expire, revocable, every
call logged with its client; errors as JSON in Chinese and English with codes (item 4)."""

import time_machine
from django.utils import timezone

from tests.api.conftest import TokenClient, error_of
from yiguoji.api import tokens
from yiguoji.api.models import ApiCall, ApiToken
from yiguoji.api.services import client_set_active, token_issue, token_revoke
from yiguoji.core.roles import Role

URL = "/api/v1/projects/"


def test_token_is_stored_only_as_its_hash(register, office):
    client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    token = ApiToken.objects.get(client=client)
    assert http.raw not in (token.prefix, token.secret_hash)
    assert token.secret_hash == tokens.digest(http.raw)
    assert not ApiToken.objects.filter(secret_hash__contains=http.raw[-20:]).exists()
    assert http.get(URL).status_code == 200


def test_no_token_and_a_wrong_token_are_401_with_codes(register, office, client):
    register(office.organisation, Role.DISTRICT_OFFICE)
    response = client.get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    error = error_of(response)
    assert error["code"] == "not_authenticated"
    assert "令牌" in error["message"] and "token" in error["message_en"]
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    forged = TokenClient(http.raw[:-4] + "AAAA")
    assert error_of(forged.get(URL))["code"] == "authentication_failed"
    assert error_of(TokenClient("not-a-token").get(URL))["code"] == "authentication_failed"


def test_token_expires(register, office):
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE, token_days=1)
    assert http.get(URL).status_code == 200
    with time_machine.travel(timezone.now() + timezone.timedelta(days=1, seconds=1)):
        response = http.get(URL)
    assert response.status_code == 401
    assert error_of(response)["code"] == "token_expired"


def test_revoked_token_and_disabled_client_are_refused(register, office):
    client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    _second, raw = token_issue(acting_user=office, client=client)
    second = TokenClient(raw)
    token_revoke(acting_user=office, token=client.tokens.get(prefix=tokens.split(http.raw)))
    assert error_of(http.get(URL))["code"] == "token_revoked"
    assert second.get(URL).status_code == 200  # the other token still works
    client_set_active(acting_user=office, client=client, active=False)
    assert error_of(second.get(URL))["code"] == "client_disabled"
    client_set_active(acting_user=office, client=client, active=True)
    assert second.get(URL).status_code == 200


def test_every_call_is_logged_with_its_client(register, office, client):
    api_client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    http.get(URL + "?status=reserve")
    http.get("/api/v1/projects/999999/")
    client.get(URL)  # no token: logged without a client
    calls = list(ApiCall.objects.filter(client=api_client).order_by("id"))
    assert [(c.method, c.path, c.status) for c in calls] == [
        ("GET", URL + "?status=reserve", 200),
        ("GET", "/api/v1/projects/999999/", 404),
    ]
    assert all(c.token_id for c in calls)
    assert ApiCall.objects.filter(client=None, path=URL, status=401).exists()


def test_the_client_acts_as_a_user_that_cannot_sign_in(register, office):
    client, _http = register(office.organisation, Role.DISTRICT_OFFICE)
    assert not client.user.has_usable_password()
    assert client.user.organisation == office.organisation
    assert client.user.role == Role.DISTRICT_OFFICE


def test_rate_limit_per_client(register, office):
    _limited, slow = register(office.organisation, Role.DISTRICT_OFFICE, rate_per_minute=2)
    _other, fast = register(office.organisation, Role.DISTRICT_OFFICE)
    assert [slow.get(URL).status_code for _ in range(2)] == [200, 200]
    response = slow.get(URL)
    assert response.status_code == 429
    error = error_of(response)
    assert error["code"] == "throttled" and "秒后再试" in error["message"]
    assert int(response["Retry-After"]) > 0
    assert fast.get(URL).status_code == 200  # another client has its own budget


def test_request_size_limit(register, office, settings):
    settings.API_MAX_BODY_BYTES = 1024
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    response = http.post(URL, data="x" * 2048, content_type="application/json")
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"


def test_a_scope_the_token_lacks_is_403(register, office):
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE, scopes=["figures:read"])
    response = http.get(URL)
    assert response.status_code == 403
    error = error_of(response)
    assert error["code"] == "scope_missing" and "projects:read" in error["message"]
