"""The OpenAPI 3 schema generated from the code validates, and a bounded property-based run of
schemathesis against it (fixed seed, few examples per operation) gets no server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.projects.factories import ProjectFactory
from yiguoji.api.errors import MESSAGES
from yiguoji.core.roles import Role


def test_schema_validates(db):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert "/api/v1/projects/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_every_operation_describes_its_json_errors(db):
    """Issue 15 item 4: the error bodies ({"error": {code, message, message_en, …}}) are in the
    schema for every operation, with every code the API answers."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert set(error["required"]) == {"code", "message", "message_en"}
    assert set(schema["components"]["schemas"]["ErrorCodeEnum"]["enum"]) == set(MESSAGES)
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            for status in ("401", "403", "404", "429"):
                body = operation["responses"][status]["content"]["application/json"]["schema"]
                assert body == ref, (method, path, status)
            if method in ("post", "put", "patch"):
                assert "413" in operation["responses"], (method, path)


def test_schema_needs_a_token_or_a_session(client, register, office):
    assert client.get("/api/v1/schema/").status_code == 401
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE)
    assert http.get("/api/v1/schema/", {"format": "json"}).status_code == 200


@pytest.fixture
def _keep_connection():
    """Like Django's test client: the WSGI app must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(register, office, township, _keep_connection):
    for _ in range(3):
        ProjectFactory(townships=[township])
    _client, http = register(office.organisation, Role.DISTRICT_OFFICE, rate_per_minute=10_000)
    loaded = schemathesis.openapi.from_wsgi(
        "/api/v1/schema/?format=json",
        get_wsgi_application(),
        headers={"Authorization": f"Bearer {http.raw}"},
    )
    loaded.token = http.raw
    return loaded


SETTINGS = settings(
    max_examples=4,
    derandomize=True,  # the same examples every run
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def errors_conform(ctx, response, case):
    """schemathesis's response-schema check, on error responses: their bodies must be the
    documented Error (issue 15 item 4)."""
    if response.status_code >= 400:
        return response_schema_conformance(ctx, response, case)
    return None


def test_no_server_error(api_schema):
    headers = {"Authorization": f"Bearer {api_schema.token}"}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/api/v1/projects/", "/api/v1/projects/{id}/"}
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def no_server_error(case):
            case.call_and_validate(headers=headers, checks=[not_a_server_error, errors_conform])

        no_server_error()


def _answered_401(operation, headers):
    @settings(SETTINGS, max_examples=1)
    @given(case=operation.as_strategy())
    def unauthorised(case):
        case.headers = {k: v for k, v in (case.headers or {}).items()
                        if k.lower() != "authorization"}  # fmt: skip
        response = case.call(headers=headers)
        assert response.status_code == 401, (operation.path, response.status_code)
        assert response.json()["error"]["code"] in MESSAGES
        case.validate_response(response, checks=[response_schema_conformance])

    unauthorised()


def test_error_bodies_without_a_valid_token_conform(api_schema):
    """Every operation answered without a token, and with a wrong one, gives a documented 401."""
    wrong = {"Authorization": "Bearer ygj_notatoken_000000000000"}
    for result in api_schema.get_all_operations():
        for headers in ({}, wrong):
            _answered_401(result.ok(), headers)
