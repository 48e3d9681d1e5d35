"""The ledger shows the worker's current card once it is registered (issue 10 item 19): a card
registered after the month's draft was written reaches the draft's line, its page, its PDF and
its workbook, masked; never a stale "—"."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from payroll.choices import PayMethod
from payroll.models import WageLine
from payroll.services.ledgers import ledger_create
from payroll.services.workers import PersonDetails, worker_update
from tests.payroll.ledger_site import MAY, TODAY, build_site
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
CARD = "6222020200112233446"  # Luhn-valid test number


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def test_a_card_registered_after_the_draft_shows_on_page_pdf_and_export(make_user, client_for):
    site = build_site(make_user, people=2)
    worker = site.workers[0]
    worker.set_bank_card(None)
    worker.save()
    ledger = ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    line = ledger.lines.get(worker=worker)
    assert line.card_masked == "" and line.method == PayMethod.BANK_CARD

    township = make_user(Role.TOWNSHIP)
    township.organisation.township = worker.township
    township.organisation.save()
    worker = worker_update(
        acting_user=township,
        worker=worker,
        details=PersonDetails(name=worker.name, township=worker.township),
        new_bank_card=CARD,
    )
    masked = worker.bank_card_masked
    assert masked and CARD not in masked
    line.refresh_from_db()
    assert line.card_masked == masked and line.card_index == worker.bank_card_index

    client = client_for(site.unit)
    page = client.get(reverse("payroll:ledger_detail", args=[ledger.pk])).content.decode()
    assert masked in page and CARD not in page
    pdf = client.get(reverse("payroll:ledger_pdf", args=[ledger.pk])).content
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert masked in text.replace(" ", "")
    export = client.get(reverse("payroll:ledger_export", args=[ledger.pk])).content
    cells = [c for row in load_workbook(io.BytesIO(export)).active.iter_rows(values_only=True)
             for c in row]  # fmt: skip
    assert masked in cells and CARD not in cells


def test_a_line_without_its_own_card_falls_back_to_the_register(make_user):
    site = build_site(make_user, people=1)
    ledger = ledger_create(acting_user=site.unit, project=site.project, month=MAY)
    line = ledger.lines.select_related("worker").get()
    WageLine.objects.filter(pk=line.pk).update(card_masked="", card_index=None, card_encrypted=None)
    line = ledger.lines.select_related("worker").get()
    assert line.card_shown == site.workers[0].bank_card_masked != ""
    line.method = PayMethod.CASH
    assert line.card_shown == ""
