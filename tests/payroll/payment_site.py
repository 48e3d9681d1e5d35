"""A signed May 2026 ledger of three workers (2,000.00 yuan each), ready to be paid through the
bank (issue 13). Builds on ``ledger_site``; "today" is 2026-06-20 in Asia/Shanghai."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from payroll.services.ledgers import ledger_replace_lines, ledger_sign, ledger_submit
from payroll.services.payments import PayerAccount
from payroll.services.workers import PersonDetails, worker_update
from tests.payroll.ledger_site import MAY, build_site

PDF = b"%PDF-1.4\n% signed ledger\n"
ACCOUNT = PayerAccount("北京农商银行延庆支行", "延庆区岔道村股份经济合作社", "0901000012345678")


def signed_ledger(make_user, **kwargs):
    site = build_site(make_user, **kwargs)
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字.pdf", PDF))
    ledger.refresh_from_db()
    return site, ledger


def correct_card(user, worker, card: str):
    """The township (or the unit) corrects a card in the register: an audited change."""
    details = PersonDetails(
        name=worker.name, township=worker.township, village=worker.village, bank=worker.bank
    )
    return worker_update(acting_user=user, worker=worker, details=details, new_bank_card=card)


def sent_batch(make_user, layout: str = "generic_csv"):
    """A signed ledger paid in one batch of ``layout``, handed to the bank: (site, batch)."""
    from payroll.services.payments import batch_create, batch_mark_sent

    site, ledger = signed_ledger(make_user)
    batch = batch_create(
        acting_user=site.unit, ledger=ledger, layout_code=layout, payer_account=ACCOUNT
    )
    return site, batch_mark_sent(acting_user=site.unit, batch=batch)
