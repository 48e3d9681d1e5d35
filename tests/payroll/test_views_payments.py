"""The payment pages (issue 13, item 9): a ledger from signed to credited with one failure
re-issued, through the pages; masked cards on pages, full cards only in the logged file; a
fixed number of queries on the lists."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from payroll import samples
from payroll.choices import BatchStatus, InstructionStatus
from payroll.management.bank_simulator import reply_file
from payroll.models import PaymentBatch, PaymentInstruction
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import ACCOUNT, correct_card, signed_ledger
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
IS = InstructionStatus


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_from_signed_to_credited_with_one_failure_reissued(make_user, client_for):
    site, ledger = signed_ledger(make_user)
    unit = client_for(site.unit)
    page = unit.get(reverse("payroll:ledger_detail", args=[ledger.pk]))
    assert "生成代发批次" in page.content.decode()
    response = unit.post(
        reverse("payroll:payment_batch_new", args=[ledger.pk]),
        {
            "layout": "generic_csv",
            "payer_bank": ACCOUNT.bank,
            "payer_account_name": ACCOUNT.name,
            "payer_account_number": ACCOUNT.number,
        },
    )
    batch = PaymentBatch.objects.get()
    assert response.status_code == 302 and response.url == f"/payroll/payments/{batch.pk}/"

    file = unit.post(reverse("payroll:payment_batch_file", args=[batch.pk]))
    assert file["Content-Type"] == "text/csv" and "private, no-store" in file["Cache-Control"]
    card = site.workers[0].bank_card_encrypted.reveal()
    assert card in file.content.decode("utf-8-sig")
    assert RevealLog.objects.filter(user=site.unit, field="银行卡号").count() == 3

    unit.post(reverse("payroll:payment_batch_sent", args=[batch.pk]))
    reply = SimpleUploadedFile("回盘.csv", reply_file(batch, fail=1))
    unit.post(reverse("payroll:payment_batch_reply", args=[batch.pk]), {"file": reply})
    batch.refresh_from_db()
    assert batch.status == BatchStatus.SETTLED
    html = unit.get(reverse("payroll:payment_batch", args=[batch.pk])).content.decode()
    assert "代发失败 1 笔" in html and card not in html and "平" in html

    failed = batch.instructions.get(status=IS.FAILED)
    correct_card(site.unit, failed.worker, samples.bank_card(66_001), check_on=site.project)
    response = unit.post(reverse("payroll:payment_reissue"), {"instruction": [failed.pk]})
    again = PaymentBatch.objects.exclude(pk=batch.pk).get()
    assert response.url == f"/payroll/payments/{again.pk}/"
    unit.post(reverse("payroll:payment_batch_sent", args=[again.pk]))
    reply = SimpleUploadedFile("回盘.csv", reply_file(again))
    unit.post(reverse("payroll:payment_batch_reply", args=[again.pk]), {"file": reply})
    assert again.instructions.get().status == IS.CREDITED
    assert PaymentInstruction.objects.filter(status=IS.CREDITED).count() == 3


def test_a_bad_reply_is_refused_with_its_rows(make_user, client_for):
    site, ledger = signed_ledger(make_user)
    unit = client_for(site.unit)
    unit.post(
        reverse("payroll:payment_batch_new", args=[ledger.pk]),
        {"layout": "generic_csv", "payer_bank": "行", "payer_account_name": "户",
         "payer_account_number": "1"},
    )  # fmt: skip
    batch = PaymentBatch.objects.get()
    unit.post(reverse("payroll:payment_batch_sent", args=[batch.pk]))
    data = reply_file(batch).replace(b"2000.00", b"2000.10", 1)
    response = unit.post(
        reverse("payroll:payment_batch_reply", args=[batch.pk]),
        {"file": SimpleUploadedFile("回盘.csv", data)},
        follow=True,
    )
    assert (
        "第2行 金额（元）：与代发金额2000.00元不一致（回盘为2000.10元）"
        in response.content.decode()
    )
    assert set(batch.instructions.values_list("status", flat=True)) == {IS.PENDING}


def test_the_lists_take_a_fixed_number_of_queries(
    make_user, client_for, django_assert_max_num_queries
):
    site, ledger = signed_ledger(make_user)
    district = client_for(make_user(Role.DISTRICT_OFFICE, username="district"))
    from payroll.services.payments import batch_create, batch_import_reply, batch_mark_sent

    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    batch_mark_sent(acting_user=site.unit, batch=batch)
    batch_import_reply(
        acting_user=site.unit, batch=batch, upload=io.BytesIO(reply_file(batch, fail=3))
    )
    for name, args in (("payroll:payment_failures", []), ("payroll:payment_batches", []),
                       ("payroll:payment_batch", [batch.pk])):  # fmt: skip
        with django_assert_max_num_queries(14):
            response = district.get(reverse(name, args=args))
        assert response.status_code == 200
    html = district.get(reverse("payroll:payment_failures")).content.decode()
    assert html.count("账号不存在或已换卡") == 1 and "户名与账号不符" in html
