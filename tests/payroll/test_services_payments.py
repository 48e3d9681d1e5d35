"""Payment batches (代发批次) from a signed ledger, the bank file, re-issue (issue 13, items 2,
4 and 7; plan task 9, art. 30)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from payroll import samples
from payroll.choices import BatchStatus, InstructionStatus
from payroll.models import PaymentInstruction, WageAccount
from payroll.services.ledgers import ledger_replace_lines
from payroll.services.payments import (
    batch_create,
    batch_file,
    batch_mark_sent,
    batch_totals,
    instructions_reissue,
)
from tests.payroll.ledger_site import MAY, TODAY, build_site
from tests.payroll.payment_site import ACCOUNT, check_cards, correct_card, signed_ledger
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
IS = InstructionStatus


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def signed(make_user):
    return signed_ledger(make_user)


def make_batch(site, ledger, layout="generic_csv"):
    return batch_create(
        acting_user=site.unit, ledger=ledger, layout_code=layout, payer_account=ACCOUNT
    )


def fail(instruction, reason="账号不存在"):
    PaymentInstruction.objects.filter(pk=instruction.pk).update(
        status=IS.FAILED, fail_reason=reason
    )
    instruction.refresh_from_db()
    return instruction


def test_a_batch_has_one_instruction_per_line_with_unique_references(signed):
    site, ledger = signed
    batch = make_batch(site, ledger)
    rows = list(
        batch.instructions.values_list("seq", "reference", "account_name", "amount", "status")
    )
    assert [r[0] for r in rows] == [1, 2, 3]
    assert len({r[1] for r in rows}) == 3 and all(r[1].startswith("GZ") for r in rows)
    assert [r[3] for r in rows] == [Decimal("2000.00")] * 3
    assert {r[4] for r in rows} == {IS.PENDING}
    assert (batch.count, batch.total, batch.status) == (
        3,
        Decimal("6000.00"),
        BatchStatus.GENERATED,
    )
    assert batch.number == f"DF20260620{batch.pk:06d}"
    assert batch.payer == site.unit.organisation and batch.wage_account is None
    assert batch.payer_account_number == ACCOUNT.number
    first = batch.instructions.get(seq=1)
    assert first.card_masked == first.worker.bank_card_masked
    assert batch_totals(batch) | {} == batch_totals(batch)
    totals = batch_totals(batch)
    assert (totals["pending"], totals["credited"], totals["failed"], totals["balanced"]) == (
        Decimal("6000.00"), 0, 0, True,
    )  # fmt: skip


def test_the_dedicated_wage_account_pays_where_the_project_has_one(signed):
    """Plan task 9: wages go out of the project's 农民工工资专用账户."""
    site, ledger = signed
    account = WageAccount.objects.create(
        project=site.project, bank="中国工商银行延庆支行", account_name="岔道村排水沟工资专户",
        account_number="0200012345678901234", opened_on=dt.date(2026, 3, 1),
    )  # fmt: skip
    batch = batch_create(acting_user=site.contractor, ledger=ledger, layout_code="generic_csv")
    assert batch.wage_account == account and batch.payer_account_number == account.account_number
    assert batch.payer == site.contractor.organisation


def test_without_a_wage_account_the_payer_account_is_required(signed):
    site, ledger = signed
    with pytest.raises(ValidationError, match="没有在用的农民工工资专用账户"):
        batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv")


def test_only_a_signed_or_filed_ledger_is_paid(make_user):
    site = build_site(make_user)
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    with pytest.raises(ValidationError, match="只有已签字确认或已备案的台账才能代发"):
        make_batch(site, ledger)


def test_only_the_payer_side_makes_batches(signed, make_user):
    site, ledger = signed
    with pytest.raises(PermissionDenied):
        make_batch(type(site)(site.department, None, None, None, None), ledger)
    outsider = make_user(Role.PROJECT_UNIT, username="outsider")
    with pytest.raises(PermissionDenied):
        batch_create(acting_user=outsider, ledger=ledger, layout_code="generic_csv",
                     payer_account=ACCOUNT)  # fmt: skip


def test_a_line_is_never_instructed_twice(signed):
    site, ledger = signed
    make_batch(site, ledger)
    with pytest.raises(ValidationError, match="已全部生成代发指令"):
        make_batch(site, ledger)


def test_the_database_refuses_a_second_live_instruction_for_a_line(signed):
    """The partial unique constraint, not a Python check: a raw second row is refused while the
    first is pending or credited, and allowed once it failed."""
    site, ledger = signed
    batch = make_batch(site, ledger)
    first = batch.instructions.get(seq=1)
    clone = {
        "batch": batch, "line": first.line, "worker": first.worker, "seq": 99,
        "reference": "GZX", "account_name": "x", "amount": first.amount,
        "card_encrypted": first.card_encrypted, "card_index": first.card_index,
        "card_masked": first.card_masked,
    }  # fmt: skip
    for status in (IS.PENDING, IS.CREDITED):
        PaymentInstruction.objects.filter(pk=first.pk).update(
            status=status, credited_on=dt.date(2026, 6, 21)
        )
        with (
            pytest.raises(IntegrityError, match="payment_one_live_instruction_per_line"),
            transaction.atomic(),
        ):
            PaymentInstruction.objects.create(**clone)
    fail(first)
    assert PaymentInstruction.objects.create(**clone).status == IS.PENDING


def read_csv(data: bytes):
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_generic_file_is_a_logged_reveal_of_every_card(signed):
    site, ledger = signed
    batch = make_batch(site, ledger)
    name, data = batch_file(acting_user=site.unit, batch=batch, ip="10.0.0.8")
    assert name == f"{batch.number}-YQ-2026-101-202605代发.csv"
    rows = read_csv(data)
    assert rows[0] == ["序号", "付款参考号", "收款人姓名", "收款账号", "金额（元）", "用途"]
    cards = {w.name: w.bank_card_encrypted.reveal() for w in site.workers}
    assert [(r[2], r[3], r[4], r[5]) for r in rows[1:]] == [
        (i.account_name, cards[i.account_name], "2000.00", "2026年5月劳务报酬")
        for i in batch.instructions.order_by("seq")
    ]
    logs = RevealLog.objects.filter(user=site.unit, field="银行卡号")
    assert logs.count() == 3 and {log.ip for log in logs} == {"10.0.0.8"}
    assert {log.purpose for log in logs} == {f"生成代发批次{batch.number}的银行文件"}


def test_a_file_needs_the_right_to_see_full_cards(signed, make_user):
    site, ledger = signed
    batch = make_batch(site, ledger)
    with pytest.raises(PermissionDenied):
        batch_file(acting_user=site.department, batch=batch)
    assert not RevealLog.objects.exists()


def test_the_icbc_like_workbook_has_its_summary_row_and_constant_columns(signed):
    site, ledger = signed
    batch = make_batch(site, ledger, "icbc_batch_xlsx")
    name, data = batch_file(acting_user=site.unit, batch=batch)
    assert name.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][:7] == ("批量支付", "批次号", batch.number, "总笔数", "3", "总金额", "6000.00")
    header, line = rows[1], dict(zip(rows[1], rows[2], strict=True))
    assert header[0] == "币种" and header[-1] == "自定义序号"
    assert line["币种"] == "RMB" and line["日期"] == "20260620" and line["金额"] == "2000.00"
    assert line["付款账号/卡号"] == ACCOUNT.number and line["自定义序号"].startswith("GZ")
    assert line["收款账号"].isdigit()  # as text: every digit kept


def test_the_fixed_width_gbk_file_counts_bytes_and_fen(signed):
    site, ledger = signed
    batch = make_batch(site, ledger, "rcb_payroll_txt")
    _, data = batch_file(acting_user=site.unit, batch=batch)
    lines = data.split(b"\r\n")[:-1]
    assert lines[0].startswith(b"H" + batch.number.encode())
    assert lines[0].endswith(b"000003" + b"600000".rjust(15, b"0") + b"20260620")
    assert lines[-1] == b"T000003" + b"600000".rjust(15, b"0")
    details = lines[1:-1]
    assert {len(line) for line in details} == {20 + 19 + 20 + 12 + 30}
    first = batch.instructions.get(seq=1)
    assert details[0][39:59].decode("gbk").strip() == first.account_name
    assert details[0][59:71] == b"000000200000"
    assert details[0][71:].decode("gbk").strip() == "2026年5月工资"


def test_a_name_the_banks_encoding_cannot_write_is_refused_by_name(signed):
    site, ledger = signed
    batch = make_batch(site, ledger, "rcb_payroll_txt")
    PaymentInstruction.objects.filter(batch=batch, seq=2).update(account_name="王䶮")
    with pytest.raises(
        ValidationError, match=r"第2笔（王䶮）.*“䶮”无法用银行文件的编码（gbk）写出"
    ):
        batch_file(acting_user=site.unit, batch=batch)


def test_marking_sent_happens_once(signed):
    site, ledger = signed
    batch = batch_mark_sent(acting_user=site.unit, batch=make_batch(site, ledger))
    assert batch.status == BatchStatus.SENT and batch.sent_by == site.unit
    with pytest.raises(ValidationError, match="已标记为发送银行"):
        batch_mark_sent(acting_user=site.contractor, batch=batch)


def test_a_failed_instruction_is_reissued_after_the_card_is_corrected(signed, make_user):
    site, ledger = signed
    batch = make_batch(site, ledger)
    failed = fail(batch.instructions.get(seq=2), "户名与账号不符")
    with pytest.raises(ValidationError, match="银行卡号尚未更正（失败原因：户名与账号不符）"):
        instructions_reissue(acting_user=site.unit, instructions=[failed])
    worker = correct_card(site.unit, failed.worker, samples.bank_card(77_001))
    assert worker.events.last().pgh_context.metadata["username"] == "unit"  # audited
    # The corrected card has not been checked with the bank yet (issue 13 item 1).
    with pytest.raises(ValidationError, match="（未做户名校验）"):
        instructions_reissue(acting_user=site.unit, instructions=[failed])
    check_cards(site.unit, site.project)
    again = instructions_reissue(acting_user=site.unit, instructions=[failed])
    new = again.instructions.get()
    assert new.reissue_of == failed and new.line == failed.line and new.status == IS.PENDING
    assert new.card_masked == worker.bank_card_masked != failed.card_masked
    assert again.layout_code == batch.layout_code and (again.count, again.total) == (1, 2000)
    with pytest.raises(ValidationError, match="只有失败的代发才能重新发放"):
        instructions_reissue(acting_user=site.unit, instructions=[new])


def test_the_same_card_is_paid_again_only_with_a_reason(signed):
    site, ledger = signed
    failed = fail(make_batch(site, ledger).instructions.get(seq=1), "付款账户余额不足")
    again = instructions_reissue(
        acting_user=site.unit, instructions=[failed], same_card_reason="已补足专户余额"
    )
    assert again.instructions.get().reissue_of == failed
