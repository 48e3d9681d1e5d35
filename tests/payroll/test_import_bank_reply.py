"""The bank's reply (回盘) through the one import engine (issue 13, items 3 and 8): every
outcome, reconciliation to the fen, row errors naming row and column, all or nothing; paid =
credited in the one definition of paid (payroll.selectors.paid)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from payroll.choices import BatchStatus, InstructionStatus
from payroll.management.bank_simulator import reply_file
from payroll.models import PaymentInstruction
from payroll.selectors.paid import paid_lines
from payroll.services.payments import (
    batch_create,
    batch_import_reply,
    batch_mark_sent,
    batch_totals,
    instructions_reissue,
)
from tests.payroll.ledger_site import TODAY
from tests.payroll.payment_site import ACCOUNT, sent_batch, signed_ledger

pytestmark = pytest.mark.django_db
IS = InstructionStatus
HEADER = "付款参考号,收款账号,收款人姓名,金额（元）,处理结果,入账日期,失败原因"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def sent(make_user):
    return sent_batch(make_user)


def upload(site, batch, data: bytes, name="回盘.csv"):
    result = batch_import_reply(acting_user=site.unit, batch=batch, upload=io.BytesIO(data))
    batch.refresh_from_db()
    return result


def csv_reply(batch, *lines) -> bytes:
    return ("\r\n".join([HEADER, *lines]) + "\r\n").encode("utf-8-sig")


def line(i, status="成功", date="2026-06-20", reason="", amount=None, card=None, name=None):
    card = card or i.card_encrypted.reveal()
    amount = amount or f"{i.amount:.2f}"
    return f"{i.reference},{card},{name or i.account_name},{amount},{status},{date},{reason}"


def instructions(batch):
    return list(batch.instructions.order_by("seq"))


@pytest.mark.parametrize("layout", ["generic_csv", "icbc_batch_xlsx", "rcb_payroll_txt"])
def test_the_simulated_reply_of_each_layout_credits_and_fails(make_user, layout):
    site, batch = sent_batch(make_user, layout)
    result = upload(site, batch, reply_file(batch, fail=1, day=dt.date(2026, 6, 20)))
    assert result.ok, result.messages()
    rows = list(
        batch.instructions.order_by("seq").values_list("status", "credited_on", "fail_reason")
    )
    assert rows[:2] == [(IS.CREDITED, dt.date(2026, 6, 20), "")] * 2
    assert rows[2][0] == IS.FAILED and "账号不存在或已换卡" in rows[2][2]
    totals = batch_totals(batch)
    assert (totals["credited"], totals["failed"], totals["pending"]) == (4000, 2000, 0)
    assert totals["balanced"] and batch.status == BatchStatus.SETTLED


def test_paid_is_what_the_bank_credited(sent):
    site, batch = sent
    first, second, third = instructions(batch)
    # Sent to the bank but not answered: nothing is paid, whatever the ledger typed.
    assert {line.paid_amount for line in paid_lines()} == {0}
    assert upload(
        site, batch, csv_reply(batch, line(first), line(second, "失败", "", "户名与账号不符"))
    ).ok
    paid = {line.pk: (line.paid_amount, line.paid_on) for line in paid_lines()}
    assert paid[first.line_id] == (Decimal("2000.00"), dt.date(2026, 6, 20))
    assert paid[second.line_id] == (0, None) and paid[third.line_id] == (0, None)
    assert batch.status == BatchStatus.SENT  # one still pending
    totals = batch_totals(batch)
    assert (totals["credited"], totals["failed"], totals["pending"], totals["balanced"]) == (
        2000, 2000, 2000, True,
    )  # fmt: skip


def test_a_reissued_line_is_paid_once_its_new_instruction_is_credited(sent):
    site, batch = sent
    first, second, third = instructions(batch)
    upload(
        site,
        batch,
        csv_reply(batch, line(first), line(second), line(third, "失败", "", "账户已冻结")),
    )
    again = batch_mark_sent(
        acting_user=site.unit,
        batch=instructions_reissue(
            acting_user=site.unit, instructions=[third], same_card_reason="已解除冻结"
        ),
    )
    assert upload(
        site, again, csv_reply(again, line(again.instructions.get(), date="2026-06-20"))
    ).ok
    assert {line.paid_amount for line in paid_lines()} == {Decimal("2000.00")}


def test_every_bad_line_is_named_and_nothing_is_written(sent):
    site, batch = sent
    first, second, third = instructions(batch)
    result = upload(
        site,
        batch,
        csv_reply(
            batch,
            line(first, amount="1999.99"),
            line(second, card="6222020200112233445", name="李秀兰"),
            line(third, "失败", "", ""),
            "GZ9999999900001,6222020200112233445,王五,10.00,成功,2026-06-20,",
        ),
    )
    assert not result.ok
    messages = result.messages()
    assert "第2行 金额（元）：与代发金额2000.00元不一致（回盘为1999.99元）" in messages
    assert any(m.startswith("第3行 收款账号：与代发账号") for m in messages)
    assert "第3行 收款人姓名：与代发收款人“李秀英”不一致" in messages
    assert "第4行 失败原因：失败的代发须有银行给出的失败原因" in messages
    assert "第5行 付款参考号：本批次中没有付款参考号“GZ9999999900001”" in messages
    assert set(batch.instructions.values_list("status", flat=True)) == {IS.PENDING}


def test_a_reference_twice_and_an_unknown_outcome_are_errors(sent):
    site, batch = sent
    first, second, _ = instructions(batch)
    result = upload(site, batch, csv_reply(batch, line(first), line(first), line(second, "处理中")))
    assert result.messages() == [
        "第2行 付款参考号：与第3行重复",
        "第3行 付款参考号：与第2行重复",
        "第4行 处理结果：不认识的处理结果“处理中”（该银行格式为：成功、已入账、失败）",
    ]


def test_a_credit_needs_a_plausible_bank_date(sent):
    site, batch = sent
    first, second, _ = instructions(batch)
    result = upload(
        site, batch, csv_reply(batch, line(first, date=""), line(second, date="2026-06-21"))
    )
    assert "第2行 入账日期：入账成功的须有银行入账日期" in result.messages()
    assert any(
        m.startswith("第3行 入账日期：入账日期应在批次发送银行之日") for m in result.messages()
    )


def test_a_settled_instruction_is_not_answered_twice(sent):
    site, batch = sent
    first = instructions(batch)[0]
    assert upload(site, batch, csv_reply(batch, line(first))).ok
    result = upload(site, batch, csv_reply(batch, line(first, "失败", "", "账户已销户")))
    assert result.messages()[0].startswith("第2行 付款参考号：该笔代发已于")
    assert "回盘为“已入账”，不能再次回盘" in result.messages()[0]
    first.refresh_from_db()
    assert first.status == IS.CREDITED


def test_a_reply_before_the_batch_was_sent_is_refused(make_user):
    site, ledger = signed_ledger(make_user)
    batch = batch_create(acting_user=site.unit, ledger=ledger, layout_code="generic_csv",
                         payer_account=ACCOUNT)  # fmt: skip
    result = upload(site, batch, csv_reply(batch, line(instructions(batch)[0])))
    assert result.messages() == ["该批次尚未标记为已发送银行，不能导入回盘"]


def test_reconciliation_refuses_a_batch_that_does_not_add_up(sent):
    """total = credited + failed + pending, to the fen; a batch whose instructions were changed
    behind its back (here: one amount) is refused with the figures, and nothing is written."""
    site, batch = sent
    first = instructions(batch)[0]
    PaymentInstruction.objects.filter(pk=instructions(batch)[2].pk).update(
        amount=Decimal("1999.99")
    )
    result = upload(site, batch, csv_reply(batch, line(first)))
    assert result.messages() == [
        "对账不平：批次金额6000.00元，入账2000.00元 + 失败0元 + 待回盘3999.99元，未导入"
    ]
    first.refresh_from_db()
    assert first.status == IS.PENDING


def test_a_fixed_width_line_of_the_wrong_length_is_named(make_user):
    site, batch = sent_batch(make_user, "rcb_payroll_txt")
    data = reply_file(batch).split(b"\r\n")
    data[2] = data[2][:-3]
    result = upload(site, batch, b"\r\n".join(data))
    assert (
        "第3行：该行长度为120字节，定长格式应为123字节，请上传银行下载的原始文件"
        in result.messages()
    )


def test_an_excel_file_for_a_text_layout_is_refused(sent):
    site, batch = sent
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    result = upload(site, batch, out.getvalue())
    assert result.messages() == ["该批次的银行回盘应为文本文件（CSV/TXT），上传的是 Excel 工作簿"]


def test_the_simulator_command_writes_the_reply(sent, tmp_path):
    site, batch = sent
    out = tmp_path / "reply.csv"
    stdout = io.StringIO()
    call_command("bank_reply", batch.number, "--fail", "2", "--out", str(out), stdout=stdout)
    assert "失败2笔" in stdout.getvalue()
    assert upload(site, batch, out.read_bytes()).ok
    assert batch_totals(batch)["failed_count"] == 2
