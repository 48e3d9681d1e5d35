"""Name-account checks, cash exceptions and wage account statements through the API (issue 13
items 1, 4 and 6), read only, in the payer's scope, never with card numbers or scans."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from payroll.choices import PayMethod
from payroll.management.bank_simulator import reply_file, statement_file
from payroll.models import WageAccount
from payroll.services.payments import batch_import_reply, line_pay_by_cash
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import PDF, sent_batch
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def test_checks_cash_and_statements_are_read_in_the_payers_scope(make_user, register, time_machine):
    from payroll.services.statements import statement_import

    time_machine.move_to(TODAY, tick=False)
    site, batch = sent_batch(make_user)
    assert batch_import_reply(
        acting_user=site.unit, batch=batch, upload=io.BytesIO(reply_file(batch, fail=1))
    ).ok
    failed = batch.instructions.get(status="failed")
    line_pay_by_cash(
        acting_user=site.unit, line=failed.line, method=PayMethod.CASH, amount=failed.amount,
        paid_on=TODAY.date(), reason="卡被冻结，本人签字领取现金",
        receipt=SimpleUploadedFile("凭证.pdf", PDF),
    )  # fmt: skip
    account = WageAccount.objects.create(
        project=site.project, bank="农商行", account_name="工资专户", account_number="0901",
        opened_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    assert statement_import(
        acting_user=site.unit, account=account, upload=statement_file(account)
    ).ok
    _client, http = register(site.unit.organisation, Role.PROJECT_UNIT)
    checks = http.get("/api/v1/account-checks/").json()["results"]
    assert [(c["count"], c["matching"], c["mismatched"]) for c in checks] == [(3, 3, 0)]
    cash = http.get("/api/v1/cash-payments/").json()["results"]
    assert [(c["worker_name"], c["amount"], c["method"]) for c in cash] == [
        (failed.account_name, "2000.00", "cash")
    ]
    statements = http.get("/api/v1/wage-account-statements/").json()["results"]
    assert [(s["matched_count"], s["flagged_count"]) for s in statements] == [(2, 0)]
    body = str(checks) + str(cash) + str(statements)
    assert failed.card_encrypted.reveal() not in body
    stranger = make_user(Role.PROJECT_UNIT)
    _client, other = register(stranger.organisation, Role.PROJECT_UNIT)
    for path in ("account-checks", "cash-payments", "wage-account-statements"):
        assert other.get(f"/api/v1/{path}/").json()["results"] == []
