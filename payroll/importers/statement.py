"""The dedicated wage account's statement (流水, issue 13 item 6), through the one import engine.

Banks export statements as Excel (xlsx/xls) or CSV (UTF-8 or GBK) with a title block and their
own words for the columns; the header synonyms below cover the common ones (交易日期/记账日期,
借方发生额/支出金额, 贷方发生额/收入金额, 对方户名, 对方账号, 余额, 摘要, 交易流水号). All or
nothing: a row with both or neither amount, a future date or a booking already imported from an
earlier statement is an error naming the row, and nothing is recorded.

Each outflow is matched to a credited instruction of the project: the same card, the same
amount, booked within the district's ``PaymentRules.statement_match_days`` (3 unless it sets
otherwise) of the bank's credit date, each instruction at most once.
An outflow without such an instruction is flagged: to a worker of the project (a payment the
portal does not know as credited) or to someone who is not a worker on the project at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from payroll import identity
from payroll.choices import InstructionStatus, StatementOutcome
from payroll.models import (
    AccountStatement,
    LabourContract,
    PaymentInstruction,
    PaymentRules,
    StatementLine,
    WageAccount,
    Worker,
)
from yiguoji.core import crypto
from yiguoji.core.audit import acting_as
from yiguoji.imports import Column, ImportRefused, ImportSpec, RowSet, fields
from yiguoji.imports.limits import limit
from yiguoji.imports.reader import Sheet
from yiguoji.imports.safety import too_many_rows

_DIGITS = re.compile(r"\D")

SO = StatementOutcome


def _amount() -> fields.DecimalField:
    return fields.money()


COLUMNS = [
    Column("booked_on", "交易日期", fields.date(),
           synonyms=("记账日期", "日期", "交易时间", "入账日期", "发生日期")),
    Column("out", "支出金额", _amount(),
           synonyms=("借方发生额", "借方金额", "借方", "付出金额", "支出", "转出金额"),
           required=False),
    Column("in", "收入金额", _amount(),
           synonyms=("贷方发生额", "贷方金额", "贷方", "存入金额", "收入", "转入金额"),
           required=False),
    Column("balance", "余额", fields.money(min_value=None),
           synonyms=("账户余额", "当前余额", "交易后余额", "可用余额"), required=False),
    Column("name", "对方户名", fields.text(max_length=100),
           synonyms=("对方账户名称", "对方名称", "收款人名称", "收/付方名称", "对方账户名"),
           required=False),
    Column("account", "对方账号", fields.text(max_length=40),
           synonyms=("对方账户", "收款账号", "收/付方账号", "对方卡号"), required=False),
    Column("summary", "摘要", fields.text(max_length=200),
           synonyms=("用途", "附言", "交易摘要", "备注"), required=False),
    Column("ref", "交易流水号", fields.text(max_length=60),
           synonyms=("流水号", "凭证号", "交易参考号", "柜员流水号"), required=False),
]  # fmt: skip


def _sheet_from_csv(data: bytes) -> Sheet:
    for encoding in ("utf-8-sig", "gbk"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportRefused("无法识别文件编码：请上传银行网银导出的流水（Excel，或UTF-8/GBK的CSV）")
    rows = [list(row) for row in csv.reader(io.StringIO(text))]
    if len(rows) > limit("IMPORT_MAX_ROWS"):
        raise ImportRefused(too_many_rows())
    return Sheet("账户流水", rows)


def _key(booked_on, outflow, amount, index, ref) -> tuple:
    return (booked_on, outflow, amount, bytes(index or b""), ref or "")


class StatementImport(ImportSpec):
    title = "农民工工资专用账户流水"
    columns = COLUMNS
    totals_row = True
    footer_markers = ("合计", "总计", "本页合计", "打印", "经办", *ImportSpec.footer_markers)

    def __init__(self, *, wage_account: WageAccount | None = None) -> None:
        self.account = wage_account
        self.rows: list[dict] = []

    def read_sheet(self, data: bytes):
        if data[:4] in (b"PK\x03\x04", b"\xd0\xcf\x11\xe0"):
            return None  # Excel: the engine reads it
        return _sheet_from_csv(data)

    def clean_rows(self, rows: RowSet, ctx) -> None:
        from payroll.services.statements import authorise_statement

        self.user = ctx.get("user")
        if self.account is None:
            rows.error(None, None, "未指定农民工工资专用账户，请在专户流水页面上传")
            return
        try:
            authorise_statement(self.user, self.account)
        except PermissionDenied as error:
            rows.error(None, None, str(error))
            return
        today = timezone.localdate()
        for row in rows:
            out, inflow = row.get("out") or Decimal(0), row.get("in") or Decimal(0)
            if (out > 0) == (inflow > 0):
                rows.error(row, "out", "每笔流水应有且只有支出金额或收入金额之一")
                continue
            if row["booked_on"] > today:
                rows.error(row, "booked_on", "交易日期不能晚于今天")
                continue
            digits = _DIGITS.sub("", row.get("account") or "")
            index = identity.card_index(digits) if len(digits) >= 8 else None
            self.rows.append(
                {
                    "row": row.number,
                    "booked_on": row["booked_on"],
                    "outflow": out > 0,
                    "amount": out if out > 0 else inflow,
                    "balance": row.get("balance"),
                    "name": (row.get("name") or "").strip(),
                    "digits": digits,
                    "index": index,
                    "summary": (row.get("summary") or "").strip(),
                    "ref": (row.get("ref") or "").strip(),
                    "source": row,
                }
            )
        self._refuse_repeats(rows)

    def _refuse_repeats(self, rows: RowSet) -> None:
        """A booking already imported from an earlier statement of this account is an error:
        statements overlap, and matching twice would hide a missing payment."""
        if not self.rows:
            return
        days = [r["booked_on"] for r in self.rows]
        earlier = StatementLine.objects.filter(
            statement__wage_account=self.account,
            booked_on__gte=min(days),
            booked_on__lte=max(days),
        ).values_list("booked_on", "outflow", "amount", "counterparty_index", "bank_ref",
                      "statement__number")  # fmt: skip
        seen = {_key(*values[:5]): values[5] for values in earlier}
        for r in self.rows:
            number = seen.get(_key(r["booked_on"], r["outflow"], r["amount"], r["index"], r["ref"]))
            if number:
                rows.error(r["source"], "booked_on", f"该笔流水已在专户流水{number}中导入")

    def write(self, rows: RowSet, ctx) -> int:
        from payroll.services.statements import wages_due

        account = self.account
        with acting_as(self.user):
            WageAccount.objects.select_for_update().filter(pk=account.pk).first()
            matched = _match(account, self.rows)
            days = [r["booked_on"] for r in self.rows]
            last = max(self.rows, key=lambda r: (r["booked_on"], r["row"]))
            statement = AccountStatement.objects.create(
                number=f"T{timezone.now():%Y%m%d%H%M%S%f}"[:20],
                wage_account=account,
                source_name=str(ctx.get("filename") or "")[:200],
                first_day=min(days),
                last_day=max(days),
                lines_count=len(self.rows),
                outflow_total=sum((r["amount"] for r in self.rows if r["outflow"]), Decimal(0)),
                inflow_total=sum((r["amount"] for r in self.rows if not r["outflow"]), Decimal(0)),
                matched_count=sum(1 for r in self.rows if r["outcome"] == SO.MATCHED),
                flagged_count=sum(
                    1 for r in self.rows if r["outcome"] in (SO.UNMATCHED, SO.NOT_WORKER)
                ),
                closing_balance=last["balance"],
                wages_due=wages_due(account.project),
                imported_by=self.user,
            )
            statement.number = f"LS{timezone.localdate():%Y%m%d}{statement.pk:06d}"
            statement.save(update_fields=["number"])
            StatementLine.objects.bulk_create(
                StatementLine(
                    statement=statement,
                    row=r["row"],
                    booked_on=r["booked_on"],
                    outflow=r["outflow"],
                    amount=r["amount"],
                    balance=r["balance"],
                    counterparty_name=r["name"],
                    counterparty_encrypted=r["digits"] or None,
                    counterparty_index=r["index"],
                    counterparty_masked=crypto.mask(r["digits"], head=4, tail=4)
                    if len(r["digits"]) >= 8
                    else r["digits"],
                    summary=r["summary"],
                    bank_ref=r["ref"],
                    outcome=r["outcome"],
                    instruction_id=matched.get(r["row"]),
                    worker_id=r.get("worker_id"),
                )
                for r in self.rows
            )
            self.statement = statement
        return len(self.rows)


def _match(account: WageAccount, rows: list[dict]) -> dict[int, int]:
    """Set each row's ``outcome`` (and ``worker_id``); return row -> matched instruction id."""
    project = account.project
    credited = list(
        PaymentInstruction.objects.filter(
            batch__ledger__project=project,
            status=InstructionStatus.CREDITED,
            statement_line__isnull=True,
        )
        .order_by("credited_on", "pk")
        .values("pk", "card_index", "amount", "credited_on", "worker_id")
    )
    by_key: dict[tuple, list[dict]] = {}
    for instruction in credited:
        key = (bytes(instruction["card_index"]), instruction["amount"])
        by_key.setdefault(key, []).append(instruction)
    on_project = LabourContract.objects.filter(project=project).values("worker_id")
    workers = {
        bytes(index): pk
        for pk, index in Worker.objects.filter(pk__in=on_project, bank_card_index__isnull=False)
        .values_list("pk", "bank_card_index")
    }  # fmt: skip
    paid_to = {bytes(i["card_index"]): i["worker_id"] for i in credited}
    # An outflow matches a credited instruction booked this many days before or after the
    # bank's credit date (a statement books a batch on the day it leaves the account; the credit
    # date is the payee bank's, a day or two later across banks and weekends): the district's.
    window = dt.timedelta(days=PaymentRules.current().statement_match_days)
    matched: dict[int, int] = {}
    for r in sorted(rows, key=lambda r: (r["booked_on"], r["row"])):
        if not r["outflow"]:
            r["outcome"] = SO.INFLOW
            continue
        index = bytes(r["index"]) if r["index"] else None
        found = None
        for instruction in by_key.get((index, r["amount"]), []):
            if abs(instruction["credited_on"] - r["booked_on"]) <= window:
                found = instruction
                break
        if found is not None:
            by_key[(index, r["amount"])].remove(found)
            matched[r["row"]] = found["pk"]
            r["outcome"], r["worker_id"] = SO.MATCHED, found["worker_id"]
            continue
        worker_id = workers.get(index) or paid_to.get(index) if index else None
        r["worker_id"] = worker_id
        r["outcome"] = SO.UNMATCHED if worker_id else SO.NOT_WORKER
    return matched
