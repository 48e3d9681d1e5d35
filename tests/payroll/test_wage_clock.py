"""The wage clock against a hand-computed fixture across a month boundary in Asia/Shanghai
(issue 13, item 5). May 2026's ledger; moments given in UTC, counted in Beijing dates:

    attendance last changed 2026-05-31 15:30Z = 05-31 23:30 Beijing  -> 0 days (from 05-31)
    submitted               2026-05-31 16:30Z = 06-01 00:30 Beijing  -> 1 day  (UTC would say 0)
    signed                  2026-06-05 02:00Z = 06-05 10:00 Beijing  -> 4 days
    filed                   2026-06-07 17:00Z = 06-08 01:00 Beijing  -> 3 days (UTC would say 2)
    batch sent              2026-06-12 09:00Z = 06-12 17:00 Beijing  -> 4 days
    credited (bank's date)  2026-06-15                               -> 3 days; total 15

The other two lines: one failed, one pending; today 2026-06-20, both held by the bank 8 days
(total 20). Per project: bank median 8, worst 8; total median 20, worst 20; slowest: bank.
"""

import datetime as dt

import pytest

from payroll.choices import InstructionStatus
from payroll.models import AttendanceMonth, PaymentBatch, PaymentInstruction, WageLedger
from payroll.selectors.wage_clock import clock_for, line_clocks, summarise
from payroll.services.payments import batch_create
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import ACCOUNT, signed_ledger
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_a_line_clock_across_the_month_boundary(make_user):
    site, ledger = signed_ledger(make_user)
    AttendanceMonth.objects.filter(project=site.project).update(
        updated_at=dt.datetime(2026, 5, 31, 15, 30, tzinfo=UTC)
    )
    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    WageLedger.objects.filter(pk=ledger.pk).update(
        submitted_at=dt.datetime(2026, 5, 31, 16, 30, tzinfo=UTC),
        signed_at=dt.datetime(2026, 6, 5, 2, 0, tzinfo=UTC),
        filed_at=dt.datetime(2026, 6, 7, 17, 0, tzinfo=UTC),
        status="filed",
    )
    PaymentBatch.objects.filter(pk=batch.pk).update(
        status="sent", sent_at=dt.datetime(2026, 6, 12, 9, 0, tzinfo=UTC)
    )
    first, second, _third = batch.instructions.order_by("seq")
    PaymentInstruction.objects.filter(pk=first.pk).update(
        status=InstructionStatus.CREDITED, credited_on=dt.date(2026, 6, 15)
    )
    PaymentInstruction.objects.filter(pk=second.pk).update(
        status=InstructionStatus.FAILED, fail_reason="户名与账号不符"
    )

    clocks = {c.line_id: c for c in line_clocks(make_user(Role.DISTRICT_OFFICE))}
    done = clocks[first.line_id]
    assert done.days == {
        "attendance": 0, "ledger": 1, "signatures": 4, "filing": 3, "batch": 4, "bank": 3,
    }  # fmt: skip
    assert done.total == 15 and done.credited and done.current == ""
    for open_line in (second.line_id, _third.line_id):
        assert clocks[open_line].days["bank"] == 8 and clocks[open_line].current == "bank"
        assert clocks[open_line].total == 20

    (row,) = summarise(list(clocks.values()))
    assert (row.key, row.lines, row.open_lines) == ("YQ-2026-101", 3, 2)
    assert (row.stages["bank"].median, row.stages["bank"].worst) == (8, 8)
    assert (row.total.median, row.total.worst, row.slowest) == (20, 20, "bank")
    assert summarise(list(clocks.values()), by="payer")[0].key == site.unit.organisation.name


def test_a_skipped_or_late_stage_counts_zero_and_an_open_one_runs_to_today():
    start = dt.date(2026, 5, 31)
    d = dt.date
    # Paid from the signature, filed only after the batch was sent: filing counts 0.
    days, current = clock_for(
        start, [None, d(2026, 6, 2), d(2026, 6, 3), d(2026, 6, 30), d(2026, 6, 10), None],
        today=d(2026, 6, 20),
    )  # fmt: skip
    assert days == {"attendance": 0, "ledger": 2, "signatures": 1, "filing": 0, "batch": 7,
                    "bank": 10}  # fmt: skip
    assert current == "bank"
    # Not yet submitted: the project unit holds it.
    days, current = clock_for(start, [d(2026, 6, 1), None, None, None, None, None], d(2026, 6, 9))
    assert (days["attendance"], days["ledger"], sum(days.values()), current) == (1, 8, 9, "ledger")


def test_the_page_shows_the_district_its_projects(make_user, client_for):
    site, ledger = signed_ledger(make_user)
    batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                 payer_account=ACCOUNT)  # fmt: skip
    client = client_for(make_user(Role.DISTRICT_OFFICE, username="district"))
    html = client.get("/payroll/wage-clock/").content.decode()
    assert "YQ-2026-101" in html and "银行入账" in html
    assert (
        client_for(make_user(Role.LEADER, username="lead")).get("/payroll/wage-clock/").status_code
        == 403
    )
