"""Wage ledgers through the API: read in scope, and upload a month's file through the same
upload flow and import engine as the page — a bad file answers every bad row and column as JSON
and writes nothing."""

import pytest

from payroll.models import WageLedger
from tests.api.conftest import error_of
from tests.payroll.ledger_site import MAY, TODAY, build_site
from tests.payroll.test_import_ledger import row, sheet
from yiguoji.core.roles import Role

UPLOAD = "/api/v1/projects/{}/wage-ledgers/2026-05/upload/"


@pytest.fixture
def site(make_user, time_machine):
    time_machine.move_to(TODAY, tick=False)
    return build_site(make_user)


def _upload(http, site, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("台账.xlsx", content)
    return http.post(UPLOAD.format(site.project.pk), {"file": file})


def test_a_bad_file_names_every_row_and_column_and_writes_nothing(site, register):
    _client, http = register(site.unit.organisation, Role.PROJECT_UNIT)
    first, second, third = site.workers
    content = sheet(
        site,
        row(1, first, payable=2100),
        row(2, second, deduction=100, paid=1900),
        row(3, third),
    )
    response = _upload(http, site, content)
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_file" and "未写入" in error["message"]
    assert [(r["row"], r["column"]) for r in error["rows"]] == [(3, "应发金额"), (4, "扣款")]
    assert "2,100.00" in error["rows"][0]["message"]
    assert not WageLedger.objects.exists()


def test_a_good_file_becomes_the_months_draft(site, register):
    _client, http = register(site.unit.organisation, Role.PROJECT_UNIT)
    response = _upload(http, site, sheet(site))
    assert response.status_code == 201, response.content
    ledger = WageLedger.objects.get(project=site.project, month=MAY)
    assert response.json()["ledger"] == ledger.pk and ledger.workers == 3
    listed = http.get("/api/v1/wage-ledgers/").json()["results"]
    assert [item["id"] for item in listed] == [ledger.pk]
    detail = http.get(f"/api/v1/wage-ledgers/{ledger.pk}/").json()
    assert len(detail["lines"]) == 3
    assert site.workers[0].id_number_encrypted.reveal() not in str(detail)


def test_upload_needs_the_scope_and_a_project_in_reach(site, register, make_user, township):
    _client, reader = register(site.unit.organisation, Role.PROJECT_UNIT, scopes=["ledgers:read"])
    assert error_of(_upload(reader, site, sheet(site)))["code"] == "scope_missing"
    stranger = make_user(Role.PROJECT_UNIT)
    _client, other = register(stranger.organisation, Role.PROJECT_UNIT)
    assert _upload(other, site, sheet(site)).status_code == 404
    assert not WageLedger.objects.exists()


def test_payment_batches_are_read_in_the_payers_scope(make_user, register, time_machine):
    from tests.payroll.payment_site import signed_ledger
    from tests.payroll.test_services_payments import make_batch

    time_machine.move_to(TODAY, tick=False)
    site, ledger = signed_ledger(make_user)
    batch = make_batch(site, ledger)
    _client, http = register(site.unit.organisation, Role.PROJECT_UNIT)
    listed = http.get("/api/v1/payment-batches/").json()["results"]
    assert [(b["id"], b["number"], b["count"]) for b in listed] == [
        (batch.pk, batch.number, batch.count)
    ]
    stranger = make_user(Role.PROJECT_UNIT)
    _client, other = register(stranger.organisation, Role.PROJECT_UNIT)
    assert other.get(f"/api/v1/payment-batches/{batch.pk}/").status_code == 404
