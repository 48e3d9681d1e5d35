"""Time the engine against calamine alone on 10,000-row sheets (not part of the test run).

    python -m tests.imports.bench

Builds a 12-column worker register and a 10-column wage ledger with openpyxl, then times
calamine's parse alone and ``run_import(dry_run=True)`` (safety checks, parse, normalise,
validate every cell, duplicate check). Writing is left out: it is the spec's COPY either way.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable
from decimal import Decimal

import openpyxl
import python_calamine
from stdnum import luhn

from tests.imports.sheets import resident_id
from tests.imports.specs import PRIORITY_GROUPS
from yiguoji.imports import Column, ImportSpec, fields, run_import

ROWS = 10_000


class Register(ImportSpec):
    title = "务工人员登记表"
    columns = [
        Column("seq", "序号", fields.integer(), required=False),
        Column("name", "姓名", fields.person_name()),
        Column("id_number", "公民身份号码", fields.resident_id(), unique=True),
        Column("phone", "联系电话", fields.phone()),
        Column("bank", "开户银行", fields.text(max_length=50)),
        Column("bank_card", "银行卡号", fields.bank_card()),
        Column("township", "乡镇", fields.text(max_length=20)),
        Column("village", "村", fields.text(max_length=20)),
        Column("groups", "优先群体", fields.multi_choice(PRIORITY_GROUPS), required=False),
        Column("wage", "日工资标准（元）", fields.money()),
        Column("start", "进场日期", fields.date()),
        Column("local", "是否本地劳动力", fields.boolean()),
    ]


class Ledger(ImportSpec):
    title = "劳务报酬发放台账"
    columns = [
        Column("seq", "序号", fields.integer(), required=False),
        Column("name", "姓名", fields.person_name()),
        Column("id_number", "公民身份号码", fields.resident_id()),
        Column("month", "月份", fields.month()),
        Column("days", "出勤天数", fields.integer(0, 31)),
        Column("rate", "日工资（元）", fields.money()),
        Column("payable", "应发金额（元）", fields.money()),
        Column("paid", "实发金额（元）", fields.money()),
        Column("bank_card", "银行卡号", fields.bank_card()),
        Column("paid_on", "发放日期", fields.date()),
    ]
    unique_together = [("id_number", "month")]


def _workbook(header: list[str], make_row: Callable[[int], list]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["2026年延庆区以工代赈" + header[0]])
    sheet.append(header[1:])
    for n in range(ROWS):
        sheet.append(make_row(n))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _people(rng: random.Random) -> tuple[list[str], list[str]]:
    ids = [resident_id(f"110229{1950 + n % 50}{n % 12 + 1:02d}{n % 28 + 1:02d}{n % 997:03d}")
           for n in range(ROWS)]  # fmt: skip
    cards = []
    for _ in range(ROWS):
        body = "622202" + "".join(rng.choice("0123456789") for _ in range(12))
        cards.append(body + luhn.calc_check_digit(body))
    return ids, cards


def build() -> tuple[bytes, bytes]:
    rng = random.Random(5)
    ids, cards = _people(rng)
    register = _workbook(
        ["务工人员登记表", *[c.label for c in Register.columns]],
        lambda n: [n + 1, "张" + "三四五六七八九"[n % 7], ids[n], f"138{n:08d}", "中国农业银行",
                   cards[n], "延庆镇", "上水磨村", "脱贫人口、防止返贫监测对象", 150.5,
                   dt.date(2026, 1, 5), "是"],
    )  # fmt: skip
    ledger = _workbook(
        ["劳务报酬发放台账", *[c.label for c in Ledger.columns]],
        lambda n: [n + 1, "张" + "三四五六七八九"[n % 7], ids[n], "2026-01", 22, 150.5,
                   float(Decimal("150.5") * 22), 3311.0, cards[n], dt.date(2026, 2, 10)],
    )  # fmt: skip
    return register, ledger


def _best(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    register, ledger = build()
    for name, data, spec in (("register, 12 columns", register, Register()),
                             ("wage ledger, 10 columns", ledger, Ledger())):  # fmt: skip
        result = run_import(spec, data, filename="x.xlsx", dry_run=True)
        assert result.ok, result.messages()[:5]

        def calamine_only(data: bytes = data) -> None:
            workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            list(workbook.get_sheet_by_index(0).iter_rows())

        base = _best(calamine_only)
        full = _best(lambda spec=spec, data=data: run_import(spec, data, filename="x.xlsx",
                                                              dry_run=True))  # fmt: skip
        print(
            f"{name}: calamine alone {base * 1000:.0f} ms ({ROWS / base:,.0f} rows/s); "
            f"engine {full * 1000:.0f} ms ({ROWS / full:,.0f} rows/s), {full / base:.1f}x"
        )


if __name__ == "__main__":
    main()
