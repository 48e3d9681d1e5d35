"""Workers through the API: a township client never sees another township's worker; masked
numbers only, unless the token holds ``workers:reveal`` — and then each full number is a row in
the existing reveal log (敏感信息查看记录) under the client's user."""

import pytest

from tests.api.conftest import ALL_SCOPES, error_of
from tests.factories import OrganisationFactory
from tests.payroll.factories import WorkerFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role

URL = "/api/v1/workers/"


@pytest.fixture
def two_townships(township, other_township):
    mine = OrganisationFactory(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP, township=township)
    own = WorkerFactory(township=township, id_number="110229199001011237")
    other = WorkerFactory(township=other_township)
    return mine, own, other


def test_a_township_client_never_sees_another_townships_worker(register, two_townships):
    mine, own, other = two_townships
    _client, http = register(mine, Role.TOWNSHIP)
    body = http.get(URL).json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    assert http.get(f"{URL}{other.pk}/").status_code == 404
    reveal = http.post(
        f"{URL}{other.pk}/reveal/",
        {"field": "id_number", "purpose": "核对"},
        content_type="application/json",
    )
    assert reveal.status_code == 404
    assert not RevealLog.objects.exists()


def test_numbers_are_masked_without_reveal(register, two_townships):
    mine, own, _other = two_townships
    scopes = [s for s in ALL_SCOPES if s != "workers:reveal"]
    _client, http = register(mine, Role.TOWNSHIP, scopes=scopes)
    text = http.get(URL).content.decode() + http.get(f"{URL}{own.pk}/").content.decode()
    assert "110229199001011237" not in text
    assert own.id_masked in text
    response = http.post(
        f"{URL}{own.pk}/reveal/",
        {"field": "id_number", "purpose": "核对"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert error_of(response)["code"] == "scope_missing"
    assert not RevealLog.objects.exists()


def test_a_reveal_is_logged_under_the_client(register, two_townships):
    mine, own, _other = two_townships
    client, http = register(mine, Role.TOWNSHIP)
    response = http.post(
        f"{URL}{own.pk}/reveal/",
        {"field": "id_number", "purpose": "发放核对"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["value"] == "110229199001011237"
    assert "no-store" in response["Cache-Control"]
    log = RevealLog.objects.get()
    assert (log.user_id, log.object_id, log.field) == (client.user_id, str(own.pk), "公民身份号码")
    assert "数据接口" in log.purpose


def test_the_role_must_hold_the_capability_too(register, make_user, two_townships):
    """A leader's client never reaches people, whatever its scopes (the page is 403 too)."""
    leader = make_user(Role.LEADER)
    _client, http = register(leader.organisation, Role.LEADER)
    response = http.get(URL)
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
