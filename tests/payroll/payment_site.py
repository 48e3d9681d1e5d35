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


def check_cards(user, project, mismatches=None, layout: str = "generic_csv"):
    """The payer has the hired workers' cards checked by the (simulated) bank (户名校验, issue 13
    item 1); every card matches except ``mismatches`` (seq -> kind). Returns the check."""
    from payroll.management.bank_simulator import check_reply_file
    from payroll.services.account_checks import account_check_create, account_check_import_reply

    check = account_check_create(acting_user=user, project=project, layout_code=layout)
    data = check_reply_file(check, mismatches=mismatches)
    result = account_check_import_reply(acting_user=user, account_check=check, upload=data)
    assert result.ok, result.messages()
    check.refresh_from_db()
    return check


def signed_ledger(make_user, *, check: bool = True, **kwargs):
    """A signed ledger of ``build_site``; with ``check`` the cards have passed the name-account
    check, as they must before they are paid."""
    site = build_site(make_user, **kwargs)
    if check:
        check_cards(site.unit, site.project)
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    ledger_submit(acting_user=site.unit, ledger=ledger)
    ledger_sign(acting_user=site.unit, ledger=ledger, scan=SimpleUploadedFile("签字.pdf", PDF))
    ledger.refresh_from_db()
    return site, ledger


def correct_card(user, worker, card: str, *, check_on=None):
    """The township (or the unit) corrects a card in the register: an audited change. With
    ``check_on`` (a project), the payer (``user``) has the new card checked by the bank."""
    details = PersonDetails(
        name=worker.name, township=worker.township, village=worker.village, bank=worker.bank
    )
    worker = worker_update(acting_user=user, worker=worker, details=details, new_bank_card=card)
    if check_on is not None:
        check_cards(user, check_on)
    return worker


def sent_batch(make_user, layout: str = "generic_csv"):
    """A signed ledger paid in one batch of ``layout``, handed to the bank: (site, batch)."""
    from payroll.services.payments import batch_create, batch_mark_sent

    site, ledger = signed_ledger(make_user)
    batch = batch_create(
        acting_user=site.unit, ledger=ledger, layout_code=layout, payer_account=ACCOUNT
    )
    return site, batch_mark_sent(acting_user=site.unit, batch=batch)
