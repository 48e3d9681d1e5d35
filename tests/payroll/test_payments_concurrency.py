"""Two people re-issue the same failed payment at once (two threads, two connections): the
database's partial unique constraint leaves exactly one live instruction (issue 13, item 4)."""

import pytest
from django.core.exceptions import ValidationError

from payroll import samples
from payroll.choices import InstructionStatus
from payroll.models import PaymentBatch, PaymentInstruction
from payroll.services.payments import batch_create, instructions_reissue
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import ACCOUNT, correct_card, signed_ledger
from tests.payroll.test_ledger_concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)
IS = InstructionStatus


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_two_reissues_at_once_leave_one_live_instruction(make_user):
    site, ledger = signed_ledger(make_user)
    batch = batch_create(
        acting_user=site.unit, ledger=ledger, layout_code="generic_csv", payer_account=ACCOUNT
    )
    failed = batch.instructions.get(seq=1)
    PaymentInstruction.objects.filter(pk=failed.pk).update(
        status=IS.FAILED, fail_reason="账号已销户"
    )
    correct_card(site.unit, failed.worker, samples.bank_card(55_501), check_on=site.project)
    failed.refresh_from_db()

    results = at_once(
        lambda: instructions_reissue(acting_user=site.unit, instructions=[failed]),
        lambda: instructions_reissue(acting_user=site.contractor, instructions=[failed]),
    )
    won = [r for r in results if isinstance(r, PaymentBatch)]
    lost = [r for r in results if isinstance(r, ValidationError)]
    assert len(won) == 1 and len(lost) == 1, results
    assert "不能重复" in lost[0].messages[0] or "请刷新后查看" in lost[0].messages[0]
    live = PaymentInstruction.objects.filter(line=failed.line, status__in=(IS.PENDING, IS.CREDITED))
    assert live.count() == 1 and live.get().reissue_of_id == failed.pk
    # The loser's batch was rolled back with its instruction: no empty batch is left behind.
    assert PaymentBatch.objects.count() == 2
