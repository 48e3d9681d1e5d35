"""The arrears list at scale (issue 12 item 1): lines whose own figures say "maybe owed" are
flagged by the database (``WageLine.short_or_late``, a trigger on every insert and update and on
a change of the ledger's deadline), and the list reads the flagged lines, the lines sent to the
bank and the lines paid in cash, then applies the one definition of paid
(``payroll.selectors.paid``; art. 30: 足额、及时发放). The list must equal that definition applied
to every counted line."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F, Q

from payroll.choices import PayMethod
from payroll.models import WageLedger, WageLine
from payroll.selectors.ledgers import arrears_lines
from payroll.selectors.paid import paid_lines
from payroll.services.ledgers import ledger_replace_lines, ledger_sign, ledger_submit
from payroll.services.payments import line_pay_by_cash
from tests.payroll.ledger_site import MAY, TODAY, build_site
from tests.payroll.payment_site import PDF, check_cards
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
REASON = "本人银行卡挂失补办中，现金发放，本人签字领取"
LATE = dt.date(2026, 6, 18)  # May's pay deadline is 15 June


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def flags(ledger) -> list[bool]:
    return list(ledger.lines.order_by("seq").values_list("short_or_late", flat=True))


def by_definition(user) -> set[int]:
    """Every counted line the user sees, paid short or late by ``paid_lines`` (no shortcut)."""
    from yiguoji import scope

    late = Q(paid_on__gt=F("ledger__pay_deadline"))
    return set(
        scope.restrict(paid_lines(), user)
        .filter(Q(paid_amount__lt=F("payable")) | late)
        .values_list("pk", flat=True)
    )


def test_the_database_keeps_the_flag_whatever_writes_the_line(make_user):
    site = build_site(make_user)
    first, second, third = site.workers
    lines = [
        site.line(first),
        site.line(second, paid=Decimal("1500.00")),  # short
        site.line(third, pay_date=LATE),  # late
    ]
    ledger = ledger_replace_lines(  # written with COPY
        acting_user=site.unit, project=site.project, month=MAY, lines=lines
    )
    assert flags(ledger) == [False, True, True]
    line = ledger.lines.get(worker=first)
    line.paid = Decimal("100.00")
    line.save()  # the ORM writes the stale flag; the trigger decides
    assert flags(ledger) == [True, True, True]
    WageLine.objects.filter(ledger=ledger).update(paid=F("payable"), pay_date=dt.date(2026, 6, 1))
    assert flags(ledger) == [False, False, False]
    WageLine.objects.filter(ledger=ledger, worker=third).update(method=PayMethod.CASH)
    assert flags(ledger) == [False, False, True]  # not by card: paid only once recorded
    WageLedger.objects.filter(pk=ledger.pk).update(pay_deadline=dt.date(2026, 5, 31))
    assert flags(ledger) == [True, True, True]  # a new deadline re-decides every line
    WageLedger.objects.filter(pk=ledger.pk).update(pay_deadline=dt.date(2026, 6, 15))
    assert flags(ledger) == [False, False, True]


def test_the_list_is_the_definition_of_paid_cash_lines_included(make_user):
    """A cash line counts nothing until its payment is recorded (art. 30's exception): the list
    shows it owed in full although the ledger typed it paid; once recorded late, it is late."""
    site = build_site(make_user)
    check_cards(site.unit, site.project)
    lines = site.lines()
    lines[0].method, lines[0].method_reason = PayMethod.CASH, REASON
    lines[1].pay_date = LATE
    lines[1].explanation = "银行系统升级，延后三日发放"
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=lines
    )
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字.pdf", PDF))
    office = make_user(Role.DISTRICT_OFFICE)
    cash = WageLine.objects.get(ledger=ledger, worker=site.workers[0])  # its ledger, signed
    rows = {line.pk: line for line in arrears_lines(office)}
    assert (
        set(rows) == by_definition(office) == {cash.pk, ledger.lines.get(worker=site.workers[1]).pk}
    )
    assert rows[cash.pk].shortfall == Decimal("2000.00") and not rows[cash.pk].is_late
    line_pay_by_cash(
        acting_user=site.unit, line=cash, method="cash", amount=Decimal("2000.00"),
        paid_on=dt.date(2026, 6, 16), reason=REASON,
        receipt=SimpleUploadedFile("领款凭证.pdf", PDF),
    )  # fmt: skip
    rows = {line.pk: line for line in arrears_lines(office)}
    assert set(rows) == by_definition(office)
    assert rows[cash.pk].shortfall == 0 and rows[cash.pk].is_late
    assert set(arrears_lines(site.unit)) == set(rows.values())  # the unit sees its own lines
    assert not arrears_lines(make_user(Role.PROJECT_UNIT, username="someone-else")).exists()
