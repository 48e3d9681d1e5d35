"""The district office's view of batches sent to the bank and not yet fully answered, with
their age (issue 13 item 9); the township's to-do of its people's mismatched cards is in
test_account_checks."""

import datetime as dt
import io

import pytest
from django.urls import reverse

from payroll.management.bank_simulator import reply_file
from payroll.selectors.payments import unreconciled_for
from payroll.services.payments import batch_import_reply
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import sent_batch
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def test_sent_batches_waiting_for_the_bank_with_their_age(make_user, client_for, time_machine):
    time_machine.move_to(TODAY, tick=False)
    site, batch = sent_batch(make_user)
    # The bank answers two of three lines: the batch still waits for one.
    data = reply_file(batch)
    third = batch.instructions.get(seq=3).reference.encode()
    data = b"\r\n".join(line for line in data.split(b"\r\n") if third not in line)
    assert batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data)).ok
    time_machine.move_to(TODAY + dt.timedelta(days=5), tick=False)
    district = make_user(Role.DISTRICT_OFFICE)
    rows = list(unreconciled_for(district))
    assert [(b.number, b.pending_count, b.pending_amount) for b in rows] == [
        (batch.number, 1, 2000)
    ]
    page = client_for(district).get(reverse("payroll:unreconciled")).content.decode()
    assert batch.number in page and "5天" in page and "table-danger" in page
    home = client_for(district).get("/").content.decode()
    assert "发送银行超过3天仍未全部回盘的代发批次" in home
    assert list(unreconciled_for(make_user(Role.PROJECT_UNIT, username="another"))) == []
    # Fully answered: it leaves the list.
    rest = reply_file(batch)
    assert batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(rest)).ok
    assert list(unreconciled_for(district)) == []
