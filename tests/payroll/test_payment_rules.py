"""The district's numbers for payments through the bank (issue 13: every rule that is a number
is the district's data): when a batch's reply is overdue, the statement's matching window, how
long a name-account check stays valid; and a payment failed "户名与账号不符" marks the card
mismatched as a failed check does (plan task 9, art. 30: wages into the worker's own card)."""

import datetime as dt
import io
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from payroll import samples
from payroll.choices import CheckResult, InstructionStatus, StatementOutcome
from payroll.management.bank_simulator import reply_file, statement_file
from payroll.models import AccountCheck, AccountStatement, PaymentRules, WageAccount
from payroll.selectors.account_checks import card_mismatches_for, unpayable_cards
from payroll.services.account_checks import is_name_mismatch
from payroll.services.payment_rules import payment_rules_save
from payroll.services.payments import (
    batch_create,
    batch_import_reply,
    batch_mark_sent,
    instructions_reissue,
)
from payroll.services.statements import statement_import
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import (
    ACCOUNT,
    check_cards,
    correct_card,
    sent_batch,
    signed_ledger,
)
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
IS = InstructionStatus
OFFICES = itertools.count()
HEADER = "付款参考号,收款账号,收款人姓名,金额（元）,处理结果,入账日期,失败原因"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


def set_rules(make_user, **values):
    numbers = {"reply_overdue_days": 3, "statement_match_days": 3, "card_check_valid_days": 180}
    numbers.update(values)
    office = make_user(Role.DISTRICT_OFFICE, username=f"office-{next(OFFICES)}")
    return payment_rules_save(acting_user=office, **numbers)


def test_the_defaults_are_todays_numbers():
    rules = PaymentRules.current()
    assert rules.pk is None  # nothing set: the defaults, unsaved
    assert (rules.reply_overdue_days, rules.statement_match_days, rules.card_check_valid_days) == (
        3, 3, 180,
    )  # fmt: skip


def test_only_the_district_office_sets_them_and_within_range(make_user, client_for):
    with pytest.raises(PermissionDenied):
        payment_rules_save(
            acting_user=make_user(Role.PROJECT_UNIT), reply_overdue_days=5,
            statement_match_days=3, card_check_valid_days=180,
        )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        set_rules(make_user, reply_overdue_days=0, card_check_valid_days=5000)
    assert set(error.value.message_dict) == {"reply_overdue_days", "card_check_valid_days"}
    office = client_for(make_user(Role.DISTRICT_OFFICE))
    page = office.get(reverse("payroll:payment_rules")).content.decode()
    assert "户名校验有效期" in page and 'value="180"' in page
    response = office.post(
        reverse("payroll:payment_rules"),
        {"reply_overdue_days": 5, "statement_match_days": 2, "card_check_valid_days": 365},
    )
    assert response.status_code == 302
    rules = PaymentRules.current()
    assert (rules.reply_overdue_days, rules.statement_match_days, rules.card_check_valid_days) == (
        5, 2, 365,
    )  # fmt: skip
    assert PaymentRules.objects.count() == 1  # one row, saved again in place
    set_rules(make_user, reply_overdue_days=7)
    assert PaymentRules.objects.get().reply_overdue_days == 7


def test_the_district_sets_when_a_reply_is_overdue(make_user, client_for, time_machine):
    site, _ = sent_batch(make_user)
    time_machine.move_to(TODAY + dt.timedelta(days=2), tick=False)
    district = client_for(make_user(Role.DISTRICT_OFFICE))
    home = district.get("/").content.decode()
    assert "仍未全部回盘的代发批次" not in home  # 2 days: within the default 3
    page = district.get(reverse("payroll:unreconciled")).content.decode()
    assert "发送超过 3 天" in page and "table-danger" not in page
    set_rules(make_user, reply_overdue_days=1)
    home = district.get("/").content.decode()
    assert "发送银行超过1天仍未全部回盘的代发批次" in home
    page = district.get(reverse("payroll:unreconciled")).content.decode()
    assert "发送超过 1 天" in page and "table-danger" in page
    unit_home = client_for(site.unit).get("/").content.decode()
    assert "发送银行超过1天仍未全部回盘的代发批次" in unit_home


def test_the_district_sets_the_statements_matching_window(make_user):
    site, batch = sent_batch(make_user)
    account = WageAccount.objects.create(
        project=site.project, bank="北京农商银行延庆支行", account_name="岔道村工资专户",
        account_number="0901000099990001", opened_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    data = reply_file(batch)  # credited on 20 June
    assert batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data)).ok
    statement = statement_file(account)  # the account books each on 20 June
    # The payee bank's credit date was 16 June: 4 days before the statement's booking.
    batch.instructions.update(credited_on=dt.date(2026, 6, 16))

    result = statement_import(acting_user=site.unit, account=account, upload=statement)
    assert result.ok, result.messages()
    first = AccountStatement.objects.get()
    outflows = first.lines.filter(outflow=True)
    assert set(outflows.values_list("outcome", flat=True)) == {StatementOutcome.UNMATCHED}
    # The district widens the window to 5 days: the same statement matches every outflow.
    first.lines.all().delete()
    first.delete()
    set_rules(make_user, statement_match_days=5)
    result = statement_import(acting_user=site.unit, account=account, upload=statement)
    assert result.ok, result.messages()
    second = AccountStatement.objects.get()
    assert set(second.lines.filter(outflow=True).values_list("outcome", flat=True)) == {
        StatementOutcome.MATCHED
    }


def test_a_check_older_than_the_districts_validity_must_be_repeated(
    make_user, client_for, township, time_machine
):
    site, ledger = signed_ledger(make_user)  # cards checked on 20 June 2026
    worker = site.workers[0]
    type(worker).objects.filter(pk=worker.pk).update(township=township)  # the township's person
    assert unpayable_cards([worker.pk]) == []
    time_machine.move_to(TODAY + dt.timedelta(days=181), tick=False)
    names = sorted(w.name for w in site.workers)
    assert unpayable_cards([w.pk for w in site.workers]) == [
        (name, "户名校验已过期，须重新校验") for name in names
    ]
    with pytest.raises(ValidationError, match="户名校验已过期"):
        batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                     payer_account=ACCOUNT)  # fmt: skip
    # The township's to-do: its people whose check has expired.
    township_user = make_user(Role.TOWNSHIP)
    todo = list(card_mismatches_for(township_user))
    assert [(w.name, w.card_state) for w in todo] == [(worker.name, "expired")]
    assert {w.card_state for w in card_mismatches_for(site.unit)} == {"expired"}
    home = client_for(township_user).get("/").content.decode()
    assert "户名校验已过期、须重新校验的银行卡" in home
    page = client_for(township_user).get(reverse("payroll:card_mismatches")).content.decode()
    assert "户名校验已过期，须重新校验" in page
    # The district allows a year: the same checks are valid again.
    set_rules(make_user, card_check_valid_days=365)
    assert unpayable_cards([w.pk for w in site.workers]) == []
    assert list(card_mismatches_for(township_user)) == []
    # Back to 180 days: a fresh check (only the expired cards are sent) makes them payable.
    set_rules(make_user, card_check_valid_days=180)
    again = check_cards(site.unit, site.project)
    assert again.count == 3
    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    assert batch.count == 3


def test_an_expired_check_with_a_new_check_at_the_bank_is_pending(make_user, time_machine):
    from payroll.services.account_checks import account_check_create

    site, _ = signed_ledger(make_user)
    time_machine.move_to(TODAY + dt.timedelta(days=200), tick=False)
    account_check_create(acting_user=site.unit, project=site.project, layout_code="generic_csv")
    from payroll.selectors.account_checks import hired_workers, with_card_state

    states = set(with_card_state(hired_workers(site.project)).values_list("card_state", flat=True))
    assert states == {CheckResult.PENDING}


@pytest.mark.parametrize(
    "reason,mismatch",
    [("户名与账号不符", True), ("E002 户名与账号不符", True), ("户名不符", True),
     ("收款人户名不一致", True), ("账户名称不符", True), ("账户已冻结", False),
     ("付款账户余额不足", False), ("账号不存在或已换卡", False)],
)  # fmt: skip
def test_which_failure_reasons_mean_the_name_does_not_match(reason, mismatch):
    assert is_name_mismatch(reason) is mismatch


def csv_reply(lines) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8-sig")


def line(i, status="成功", reason=""):
    date = "2026-06-20" if status == "成功" else ""
    card = i.card_encrypted.reveal()
    return f"{i.reference},{card},{i.account_name},{i.amount:.2f},{status},{date},{reason}"


def test_a_reply_failing_name_and_account_marks_the_card_mismatched(
    make_user, client_for, township
):
    site, batch = sent_batch(make_user)
    first, second, third = batch.instructions.order_by("seq")
    data = csv_reply(
        [line(first), line(second, "失败", "户名与账号不符"), line(third, "失败", "账户已冻结")]
    )
    result = batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data))
    assert result.ok, result.messages()
    # The same state a failed name-account check gives: for the name-mismatch only.
    assert unpayable_cards([second.worker_id]) == [(second.account_name, "户名不符")]
    assert unpayable_cards([first.worker_id, third.worker_id]) == []
    answer = AccountCheck.objects.get(batch=batch)
    assert answer.project == site.project and answer.number.startswith("HP")
    assert answer.lines.get().bank_reason.endswith("户名与账号不符")
    mismatched = {w.name: w.card_state for w in card_mismatches_for(site.unit)}
    assert mismatched == {second.account_name: CheckResult.NAME}
    if second.worker.township_id == township.pk:  # the person's township sees it too
        township_todo = card_mismatches_for(make_user(Role.TOWNSHIP))
        assert second.account_name in {w.name for w in township_todo}
    page = client_for(site.unit).get(reverse("payroll:account_check", args=[answer.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and batch.number in html and "下载校验文件" not in html
    # The re-issue needs a corrected card: a reason to use the same card is not enough now.
    failed = batch.instructions.get(seq=2)
    with pytest.raises(ValidationError, match=rf"{second.account_name}（户名不符）"):
        instructions_reissue(
            acting_user=site.unit, instructions=[failed], same_card_reason="本人说卡没问题"
        )
    # The frozen card may be paid again once unfrozen (a reason suffices).
    frozen = batch.instructions.get(seq=3)
    assert (
        instructions_reissue(
            acting_user=site.unit, instructions=[frozen], same_card_reason="已解除冻结"
        ).count
        == 1
    )
    # Corrected and checked again: the re-issue goes through.
    correct_card(site.unit, failed.worker, samples.bank_card(66_002), check_on=site.project)
    again = batch_mark_sent(
        acting_user=site.unit,
        batch=instructions_reissue(acting_user=site.unit, instructions=[failed]),
    )
    new = again.instructions.get()
    assert new.reissue_of == failed and new.amount == Decimal("2000.00")
    assert new.status == IS.PENDING


@pytest.mark.parametrize("layout", ["generic_csv", "icbc_batch_xlsx", "rcb_payroll_txt"])
def test_the_simulators_name_mismatch_in_every_layout(make_user, layout):
    """The simulator's second failure reason is 户名与账号不符 (code E002 in the fixed-width
    layout): the bank's real reply in each layout marks that card, and only that one."""
    site, batch = sent_batch(make_user, layout)
    data = reply_file(batch, fail=2)  # seq 2: 账号不存在或已换卡, seq 3: 户名与账号不符
    assert batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data)).ok
    named, other = batch.instructions.get(seq=3), batch.instructions.get(seq=2)
    assert AccountCheck.objects.filter(batch=batch).count() == 1
    assert unpayable_cards([named.worker_id]) == [(named.account_name, "户名不符")]
    assert unpayable_cards([other.worker_id]) == []
