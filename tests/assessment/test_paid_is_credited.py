"""Paid = credited by the bank, everywhere the assessment reads wages (issue 13, item 5):
monthly figures (monthly reports and the dashboard are built from them), arrears and late pay,
year-end scoring, acceptance, and the project's wage figures. The ledger typed "paid in full on
10 June" for all three lines; the bank credited one on 20 June, failed one, and one is pending."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from assessment.selectors.wages import cumulative_figures, month_figures
from assessment.services.acceptance import unpaid_lines
from assessment.services.scoring_rules import scoring_facts
from payroll.management.bank_simulator import reply_file
from payroll.selectors.ledgers import arrears_lines, project_wage_figures
from payroll.services.payments import batch_import_reply
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import sent_batch
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
JUNE = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def paid_one(make_user):
    site, batch = sent_batch(make_user)
    data = reply_file(batch, fail=1)  # seq 1 and 2 credited, seq 3 failed
    # Keep seq 2 pending: drop its line from the reply.
    second = batch.instructions.get(seq=2).reference.encode()
    data = b"\r\n".join(line for line in data.split(b"\r\n") if second not in line)
    result = batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data))
    assert result.ok, result.messages()
    return site, batch.ledger


def test_monthly_figures_count_only_the_credit(paid_one):
    site, _ = paid_one
    june = month_figures(JUNE)[site.project.pk]
    assert june.paid == Decimal("2000.00")  # credited on 20 June; the typed 10 June is ignored
    assert june.arrears == Decimal("4000.00")  # the deadline, 15 June, has passed
    may = month_figures(dt.date(2026, 5, 1))[site.project.pk]
    assert may.paid == 0 and may.payable == Decimal("6000.00")
    assert cumulative_figures(dt.date(2026, 6, 19))[site.project.pk].paid == 0
    assert cumulative_figures(dt.date(2026, 6, 20))[site.project.pk].paid == Decimal("2000.00")


def test_arrears_and_late_pay_read_the_bank(paid_one, make_user):
    paid_one  # noqa: B018  (the bank has answered)
    rows = {line.worker.name: line for line in arrears_lines(make_user(Role.DISTRICT_OFFICE))}
    assert len(rows) == 3  # two unpaid, one credited after the 15 June deadline (late)
    credited = [line for line in rows.values() if line.paid_amount]
    assert len(credited) == 1 and credited[0].is_late and credited[0].shortfall == 0
    assert credited[0].paid_on == dt.date(2026, 6, 20)
    assert sorted(line.shortfall for line in rows.values()) == [0, 2000, 2000]


def test_acceptance_and_wage_figures_and_scoring_read_the_bank(paid_one):
    site, _ = paid_one
    assert len(list(unpaid_lines(site.project))) == 2
    assert project_wage_figures([site.project])[site.project.pk].wages_paid == Decimal("2000.00")
    assert project_wage_figures([site.project])[site.project.pk].workers == 1
    facts = scoring_facts(2026, [], today=dt.date(2027, 1, 5)).projects[site.project.pk]
    assert facts.paid_to_year_end == Decimal("2000.00")
    assert facts.arrears == Decimal("4000.00") and facts.arrear_line_count == 2
