"""Every role against every page that exists (tests/matrix/): 200 / 302 / 403 / 404.

Every HTML page answered also carries the Content-Security-Policy (issue 10, item 6)."""

import pytest
from django.db import transaction
from django.test import Client

from tests.matrix import ROLES, all_cases, build_world

CASES = all_cases()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        yield built
        transaction.set_rollback(True)


def _request(client: Client, case, world):
    url = case.url(world)
    data = case.data(world) if case.data else None
    if case.method == "post":
        return url, client.post(url, data or {})
    return url, client.get(url, data or {})


def _html(response) -> bool:
    return response.headers.get("Content-Type", "").startswith("text/html")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_role_matrix(case, world, db):
    wrong = []
    for role in ROLES:
        client = Client()
        client.force_login(world.users[role])
        url, response = _request(client, case, world)
        if response.status_code != case.status_for(role):
            wrong.append(f"{role}: got {response.status_code}, want {case.status_for(role)}")
        if _html(response) and "Content-Security-Policy" not in response.headers:
            wrong.append(f"{role}: HTML page without a Content-Security-Policy header")
    anonymous = Client()
    url, response = _request(anonymous, case, world)
    if not case.public:
        location = response.headers.get("Location", "")
        if response.status_code != 302 or not location.startswith("/login/"):
            wrong.append(f"anonymous: got {response.status_code} {location}, want 302 to /login/")
    assert not wrong, f"{case.method.upper()} {url}\n" + "\n".join(wrong)
