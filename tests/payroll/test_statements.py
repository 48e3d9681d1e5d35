"""The dedicated wage account's statement (流水, issue 13 item 6; plan task 9): outflows matched
to credited instructions (card, amount, date window), outflows to anyone not a worker on the
project flagged, a balance too small for the wages still due flagged; through the one import
engine (all or nothing, row errors)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from payroll import samples
from payroll.choices import StatementOutcome
from payroll.management.bank_simulator import reply_file, statement_file
from payroll.models import AccountStatement, WageAccount
from payroll.services.payments import batch_import_reply
from payroll.services.statements import statement_import, wages_due
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import sent_batch
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
SO = StatementOutcome
STRANGER = samples.bank_card(91_234)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def paid(make_user):
    """Three lines of 2,000.00 sent from the project's wage account; the bank credits two on
    20 June and fails the third."""
    site, batch = sent_batch(make_user)
    account = WageAccount.objects.create(
        project=site.project, bank="北京农商银行延庆支行", account_name="岔道村工资专户",
        account_number="0901000099990001", opened_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    data = reply_file(batch, fail=1)  # credited on 20 June
    assert batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data)).ok
    return site, batch, account


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("gbk"))))


def written(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("gbk")


def test_outflows_are_matched_and_the_others_flagged(paid):
    site, batch, account = paid
    failed = batch.instructions.get(status="failed")
    extra = [
        # The failed worker paid outside the portal: a worker of the project, no credit.
        {"date": dt.date(2026, 6, 19), "name": failed.account_name,
         "account": failed.card_encrypted.reveal(), "out": Decimal("2000.00"), "summary": "工资"},
        # Someone who is not a worker on the project.
        {"date": dt.date(2026, 6, 19), "name": "延庆某建材商店", "account": STRANGER,
         "out": Decimal("5000.00"), "summary": "材料款"},
    ]  # fmt: skip
    data = statement_file(account, extra=extra)
    result = statement_import(acting_user=site.unit, account=account, upload=data)
    assert result.ok, result.messages()
    statement = AccountStatement.objects.get()
    outcomes = sorted(statement.lines.values_list("outcome", flat=True))
    assert outcomes == sorted([SO.INFLOW, SO.MATCHED, SO.MATCHED, SO.UNMATCHED, SO.NOT_WORKER])
    matched = statement.lines.filter(outcome=SO.MATCHED)
    assert {line.instruction.status for line in matched} == {"credited"}
    assert {line.worker for line in matched} == {
        i.worker for i in batch.instructions.filter(status="credited")
    }
    assert (statement.matched_count, statement.flagged_count) == (2, 2)
    stranger = statement.lines.get(outcome=SO.NOT_WORKER)
    assert (
        stranger.counterparty_masked == f"{STRANGER[:4]}{'*' * (len(STRANGER) - 8)}{STRANGER[-4:]}"
    )
    # Funded with exactly what went out: nothing left for the failed line's 2,000.00.
    assert statement.closing_balance == 0 and statement.wages_due == Decimal("2000.00")
    assert statement.balance_short


def test_a_credit_outside_the_date_window_or_of_another_amount_is_not_matched(paid):
    site, _batch, account = paid
    rows = rows_of(statement_file(account))
    header = rows.index(next(r for r in rows if r[0] == "交易日期"))
    rows[header + 2][0] = "2026-06-10"  # ten days before the bank's credit date
    rows[header + 3][2] = "1999.00"  # another amount
    result = statement_import(acting_user=site.unit, account=account, upload=written(rows))
    assert result.ok, result.messages()
    outcomes = list(
        AccountStatement.objects.get().lines.filter(outflow=True).values_list("outcome", flat=True)
    )
    assert outcomes == [SO.UNMATCHED, SO.UNMATCHED]


def test_a_balance_enough_for_the_wages_due_is_not_flagged(paid):
    site, _, account = paid
    data = statement_file(account, opening=Decimal("2000.00"))
    assert statement_import(acting_user=site.unit, account=account, upload=data).ok
    statement = AccountStatement.objects.get()
    assert statement.closing_balance == Decimal("2000.00") == wages_due(site.project)
    assert not statement.balance_short


def test_bad_rows_name_row_and_column_and_nothing_is_recorded(paid):
    site, _, account = paid
    rows = rows_of(statement_file(account))
    header = rows.index(next(r for r in rows if r[0] == "交易日期"))
    rows[header + 2][3] = "100.00"  # both an outflow and an inflow
    rows[header + 3][0] = "2026-06-21"  # tomorrow
    result = statement_import(acting_user=site.unit, account=account, upload=written(rows))
    assert not result.ok
    text = "；".join(result.messages())
    assert f"第{header + 3}行 借方发生额：每笔流水应有且只有支出金额或收入金额之一" in text
    assert f"第{header + 4}行 交易日期：交易日期不能晚于今天" in text
    assert not AccountStatement.objects.exists()


def test_a_statement_imported_twice_is_refused(paid):
    site, _, account = paid
    data = statement_file(account)
    assert statement_import(acting_user=site.unit, account=account, upload=data).ok
    again = statement_import(acting_user=site.unit, account=account, upload=data)
    assert not again.ok and "已在专户流水LS" in again.messages()[0]
    assert AccountStatement.objects.count() == 1


def test_the_pages_import_and_show_the_result(paid, client_for, make_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    site, _, account = paid
    unit = client_for(site.unit)
    page = unit.get(reverse("payroll:statements")).content.decode()
    assert account.account_number in page and "导入流水并核对" in page
    extra = [{"date": dt.date(2026, 6, 19), "name": "某人", "account": STRANGER,
              "out": Decimal("300.00"), "summary": "借款"}]  # fmt: skip
    upload = SimpleUploadedFile("流水.csv", statement_file(account, extra=extra))
    response = unit.post(reverse("payroll:statement_upload", args=[account.pk]), {"file": upload})
    statement = AccountStatement.objects.get()
    assert response.url == reverse("payroll:statement", args=[statement.pk])
    finance = client_for(make_user(Role.FINANCE))
    html = finance.get(response.url).content.decode()
    assert "收款人不是本项目务工人员" in html and "余额不足以支付尚未入账的劳务报酬" in html
    assert STRANGER not in html
    other = client_for(make_user(Role.PROJECT_UNIT, username="other-unit"))
    assert other.get(response.url).status_code == 404
