"""The token API by role, on the role-by-URL matrix's world (tests/matrix/): a client registered
for each role's organisation gets exactly what that role's user gets on the project pages
(200 in scope, 404 outside it), and a token without the scope gets 403."""

import pytest
from django.db import transaction

from tests.api.conftest import ALL_SCOPES, TokenClient
from tests.matrix import ROLES, build_world
from tests.matrix.cases_projects import DISTRICT_WIDE
from yiguoji.api.services import client_register


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_world()
        built.tokens = {}
        for role in ROLES:
            _client, raw = client_register(
                acting_user=built.users["district_office"],
                name=f"接口-{role}",
                organisation=built.orgs[role],
                role=role,
                scopes=ALL_SCOPES,
                rate_per_minute=10_000,
            )
            built.tokens[role] = raw
        yield built
        transaction.set_rollback(True)


@pytest.mark.parametrize("role", ROLES)
def test_project_detail_by_role(world, role, db, client_for):
    http = TokenClient(world.tokens[role])
    page = client_for(world.users[role])
    for project, api_expected in ((world.pj_reserve_a, 200), (world.pj_b, None)):
        api_status = http.get(f"/api/v1/projects/{project.pk}/").status_code
        page_status = page.get(f"/projects/{project.pk}/").status_code
        assert api_status == page_status, (role, project.code, api_status, page_status)
        if api_expected:
            assert api_status == api_expected
    expected_b = 200 if role in DISTRICT_WIDE else 404
    assert http.get(f"/api/v1/projects/{world.pj_b.pk}/").status_code == expected_b


def test_api_without_the_scope(world, db):
    http = TokenClient(world.tokens["district_office"])
    assert http.get("/api/v1/projects/").status_code == 200
    matrix_client = world.api_client  # registered with projects:read only
    assert matrix_client.scopes == ["projects:read"]
