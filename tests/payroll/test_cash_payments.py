"""Cash or another method instead of the worker's own card: the exception art. 30 allows
(劳务报酬一般通过银行卡发放; plan task 9), with a reason and the signed receipt's scan; it counts
as paid only with both, is audited, never beside a live bank instruction, and the district sees
every such exception (issue 13 item 4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from payroll.choices import InstructionStatus, PayMethod
from payroll.models import CashPayment, PaymentInstruction
from payroll.selectors.paid import paid_lines
from payroll.services.ledgers import ledger_replace_lines, ledger_sign, ledger_submit
from payroll.services.payments import batch_create, instructions_reissue, line_pay_by_cash
from tests.payroll.ledger_site import MAY, TODAY, build_site
from tests.payroll.payment_site import ACCOUNT, PDF, check_cards, signed_ledger
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
REASON = "本人银行卡挂失补办中，现金发放，本人签字领取"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def receipt():
    return SimpleUploadedFile("领款凭证.pdf", PDF)


def cash_ledger(make_user):
    """A signed May ledger whose first line was paid in cash (typed 2,000.00 on 10 June)."""
    site = build_site(make_user)
    check_cards(site.unit, site.project)
    lines = site.lines()
    lines[0].method, lines[0].method_reason = PayMethod.CASH, REASON
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=lines
    )
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字.pdf", PDF))
    ledger.refresh_from_db()
    return site, ledger


def pay(site, line, **changes):
    values = {
        "acting_user": site.unit, "line": line, "method": "cash", "amount": Decimal("2000.00"),
        "paid_on": dt.date(2026, 6, 10), "reason": REASON, "receipt": receipt(),
    } | changes  # fmt: skip
    return line_pay_by_cash(**values)


def paid(line):
    return paid_lines().get(pk=line.pk)


def test_a_cash_line_counts_only_once_recorded_with_reason_and_receipt(make_user):
    site, ledger = cash_ledger(make_user)
    line = ledger.lines.get(method=PayMethod.CASH)
    assert (paid(line).paid_amount, paid(line).paid_on) == (0, None)  # typed is not paid
    payment = pay(site, line)
    assert (paid(line).paid_amount, paid(line).paid_on) == (
        Decimal("2000.00"),
        dt.date(2026, 6, 10),
    )
    assert payment.receipt.read() == PDF and payment.receipt_name == "领款凭证.pdf"
    assert payment.events.last().pgh_context.metadata["username"] == "unit"  # audited


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"reason": "  "}, "须写明未通过本人银行卡发放的原因"),
        ({"receipt": None}, "请上传务工人员本人签字的领款凭证扫描件"),
        ({"receipt": SimpleUploadedFile("x.pdf", b"not a pdf")}, "领款凭证扫描件"),
        ({"amount": Decimal("2000.01")}, "不超过应发金额2000.00元"),
        ({"paid_on": dt.date(2026, 6, 21)}, "不晚于今天"),
        ({"method": "bank_card"}, "发放方式应为现金或其他方式"),
    ],
)
def test_a_cash_record_needs_every_part(make_user, changes, message):
    site, ledger = cash_ledger(make_user)
    with pytest.raises(ValidationError, match=message):
        pay(site, ledger.lines.get(method=PayMethod.CASH), **changes)
    assert not CashPayment.objects.exists()


def test_the_database_refuses_a_record_without_reason_or_receipt(make_user):
    _, ledger = cash_ledger(make_user)
    line = ledger.lines.get(method=PayMethod.CASH)
    day = dt.date(2026, 6, 10)
    for values in ({"reason": "", "receipt": "r.pdf"}, {"reason": REASON, "receipt": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CashPayment.objects.create(line=line, worker=line.worker, method="cash",
                                       amount=1, paid_on=day, **values)  # fmt: skip


def test_never_beside_a_live_bank_instruction(make_user):
    site, ledger = signed_ledger(make_user)
    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    instruction = batch.instructions.get(seq=1)
    with pytest.raises(ValidationError, match="已有待回盘或已入账的银行代发"):
        pay(site, instruction.line)
    # Failed at the bank: the payer may pay cash instead (with reason and receipt) ...
    PaymentInstruction.objects.filter(pk=instruction.pk).update(
        status=InstructionStatus.FAILED, fail_reason="账户已冻结"
    )
    pay(site, instruction.line)
    assert paid(instruction.line).paid_amount == Decimal("2000.00")
    # ... and then it is never re-issued through the bank.
    with pytest.raises(ValidationError, match="已登记现金等其他方式发放"):
        instructions_reissue(acting_user=site.unit, instructions=[instruction],
                             same_card_reason="已解冻")  # fmt: skip
    with pytest.raises(ValidationError, match="本月已登记现金等其他方式发放"):
        pay(site, instruction.line)


def test_a_cash_line_is_not_put_into_a_batch(make_user):
    site, ledger = cash_ledger(make_user)
    pay(site, ledger.lines.get(method=PayMethod.CASH))
    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    assert batch.count == 2


def test_the_pages_record_it_and_the_district_sees_every_exception(make_user, client_for):
    site, ledger = cash_ledger(make_user)
    line = ledger.lines.get(method=PayMethod.CASH)
    unit = client_for(site.unit)
    form = unit.get(reverse("payroll:ledger_cash", args=[ledger.pk])).content.decode()
    assert "本人签字的领款凭证" in form and line.worker.name in form
    response = unit.post(
        reverse("payroll:ledger_cash", args=[ledger.pk]),
        {"line": line.pk, "method": "cash", "amount": "2000.00", "paid_on": "2026-06-10",
         "reason": REASON, "receipt": receipt()},
    )  # fmt: skip
    assert response.status_code == 302
    payment = CashPayment.objects.get()
    district = client_for(make_user(Role.DISTRICT_OFFICE))
    page = district.get(reverse("payroll:cash_payments")).content.decode()
    assert line.worker.name in page and REASON in page and site.project.code in page
    scan = district.get(reverse("payroll:cash_receipt", args=[payment.pk]))
    assert b"".join(scan.streaming_content) == PDF
    other = client_for(make_user(Role.PROJECT_UNIT, username="other-unit"))
    assert other.get(reverse("payroll:cash_receipt", args=[payment.pk])).status_code == 404
    assert other.get(reverse("payroll:ledger_cash", args=[ledger.pk])).status_code == 404
