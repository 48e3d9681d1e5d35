"""A pretend bank for the demo and the tests (issue 13, item 8): the reply file a bank would
send for a payment batch, in the batch's own reply layout, with chosen failures.

A tool, not a code path of the portal: only ``manage.py bank_reply``, the demo seeder and the
tests call it. The portal reads what it writes through the same import as a real reply.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from decimal import Decimal

from django.utils import timezone

from payroll.bankfiles import writer
from payroll.choices import InstructionStatus
from payroll.models import PaymentBatch

# The commonest reasons lines fail (domain.md, "Payments"), with a fixed-width bank's codes.
REASONS = (
    ("E001", "账号不存在或已换卡"),
    ("E002", "户名与账号不符"),
    ("E003", "账户已销户"),
    ("E004", "账户已冻结"),
    ("E005", "超过账户收款限额"),
)


def reply_file(batch: PaymentBatch, *, fail: int = 0, day: dt.date | None = None) -> bytes:
    """Every pending instruction credited on ``day`` (today by default), except the last
    ``fail`` ones (by sequence), failed with the common reasons in turn."""
    layout = batch.layout
    reply = layout["reply"]
    day = day or timezone.localdate()
    pending = list(
        batch.instructions.filter(status=InstructionStatus.PENDING)
        .order_by("seq")
        .values("seq", "reference", "account_name", "amount", "card_encrypted")
    )
    failing = {row["seq"] for row in pending[len(pending) - fail :]} if fail else set()
    reasons = itertools.cycle(REASONS)
    credited, failed = reply["credited"][0], reply["failed"]
    rows = []
    for row in pending:
        code, reason = next(reasons) if row["seq"] in failing else ("", "")
        status = credited if not code else (code if code in failed else failed[0])
        rows.append(
            {
                "seq": row["seq"],
                "reference": row["reference"],
                "name": row["account_name"],
                "card": row["card_encrypted"].reveal(),  # a simulated bank holds cards
                "amount": row["amount"],
                "status": status,
                "date": f"{day:{layout['date_format']}}" if not code else "",
                "reason": reason,
            }
        )
    fixed = reply["format"] == "txt"
    count = len(rows)
    total = sum(r["amount"] for r in rows)
    spec = {
        "format": reply["format"],
        "encoding": reply["encoding"],
        "delimiter": reply["delimiter"],
        "newline": "\r\n",
        "amount": reply["amount"],
        "columns": reply["columns"],
        "column_headers": not fixed,
        "header": [f"H{batch.number:<20}{count:06d}{int(total * 100):015d}"]
        * reply.get("header_records", 0),
        "footer": [f"{reply['trailer_prefix']}{count:06d}{int(total * 100):015d}"]
        if reply.get("trailer_prefix")
        else [],
    }
    return writer.build_file(spec, {}, rows)


#: The bank's words for each mismatch, in a simulated answer to a name-account check.
CHECK_REASONS = {
    "name": "户名与账号不符",
    "closed": "账户已销户",
    "frozen": "账户已冻结（司法冻结）",
    "not_found": "账号不存在",
}


def check_reply_file(account_check, *, mismatches: dict[int, str] | None = None) -> bytes:
    """The bank's answer to a name-account check (户名校验, issue 13 item 1): every pending
    card matches except those in ``mismatches`` (sequence number -> ``name``, ``closed``,
    ``frozen`` or ``not_found``), answered with the layout's word for that result."""
    from payroll.choices import CheckResult

    mismatches = mismatches or {}
    verify = account_check.layout["verify"]
    reply = verify["reply"]
    results = reply["results"]
    rows = []
    lines = (
        account_check.lines.filter(result=CheckResult.PENDING)
        .order_by("seq")
        .values("seq", "reference", "account_name", "card_encrypted")
    )
    for line in lines:
        kind = mismatches.get(line["seq"], "match")
        words = results.get(kind) or [CheckResult(kind).label]
        rows.append(
            {
                "seq": line["seq"],
                "reference": line["reference"],
                "name": line["account_name"],
                "card": line["card_encrypted"].reveal(),  # a simulated bank holds cards
                "result": words[0],
                "reason": CHECK_REASONS.get(kind, ""),
            }
        )
    fixed = reply["format"] == "txt"
    spec = {
        "format": reply["format"],
        "encoding": reply["encoding"],
        "delimiter": reply["delimiter"],
        "newline": "\r\n",
        "amount": "yuan",
        "columns": reply["columns"],
        "column_headers": not fixed,
        "header": [f"V{account_check.number:<20}{len(rows):06d}"] * reply.get("header_records", 0),
        "footer": [f"{reply['trailer_prefix']}{len(rows):06d}"]
        if reply.get("trailer_prefix")
        else [],
    }
    return writer.build_file(spec, {}, rows)


def statement_file(
    wage_account, *, opening: Decimal = Decimal("0"), extra: list[dict] | None = None
) -> bytes:
    """The dedicated wage account's statement (流水, issue 13 item 6) as a bank exports it (a
    GBK CSV with a title block): the district's transfer in, then every credited instruction of
    the project booked on its credit date, then ``extra`` rows (dicts with ``date``, ``name``,
    ``account``, ``out`` or ``in``, ``summary``), with the running balance."""
    from payroll.choices import InstructionStatus
    from payroll.models import PaymentInstruction

    credited = list(
        PaymentInstruction.objects.filter(
            batch__ledger__project=wage_account.project, status=InstructionStatus.CREDITED
        )
        .order_by("credited_on", "pk")
        .values("credited_on", "account_name", "card_encrypted", "amount", "reference")
    )
    rows = [
        {"date": i["credited_on"], "name": i["account_name"],
         "account": i["card_encrypted"].reveal(), "out": i["amount"], "summary": "代发工资",
         "ref": i["reference"]}
        for i in credited
    ]  # fmt: skip
    rows += extra or []
    rows.sort(key=lambda r: r["date"])
    first = rows[0]["date"] if rows else timezone.localdate()
    total_out = sum((r.get("out") or Decimal(0) for r in rows), Decimal(0))
    funded = {
        "date": first, "name": "延庆区财政局", "account": "0200049009200012345",
        "in": total_out + opening, "summary": "拨付工程款（人工费）", "ref": "CZ0001",
    }  # fmt: skip
    out = io.StringIO()
    sheet = csv.writer(out, lineterminator="\r\n")
    sheet.writerow(["账户明细查询"])
    sheet.writerow([f"账号：{wage_account.account_number}", f"户名：{wage_account.account_name}"])
    sheet.writerow(["交易日期", "摘要", "借方发生额", "贷方发生额", "余额", "对方户名", "对方账号",
                    "交易流水号"])  # fmt: skip
    balance = Decimal(0)
    for n, row in enumerate([funded, *rows], 1):
        balance += (row.get("in") or Decimal(0)) - (row.get("out") or Decimal(0))
        sheet.writerow([
            f"{row['date']:%Y-%m-%d}", row["summary"],
            f"{row['out']:.2f}" if row.get("out") else "",
            f"{row['in']:.2f}" if row.get("in") else "",
            f"{balance:.2f}", row["name"], row["account"], row.get("ref") or f"LS{n:06d}",
        ])  # fmt: skip
    return out.getvalue().encode("gbk")
