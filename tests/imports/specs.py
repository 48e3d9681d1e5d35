"""Import specs used across the tests: a worker register like the one the payroll app will have,
and a spec that writes real rows (django.contrib.auth groups) to prove all-or-nothing."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from yiguoji.imports import Column, ImportSpec, RowSet, copy_rows, fields

PRIORITY_GROUPS = [
    ("poverty", "脱贫人口"),
    ("monitored", "防止返贫监测对象"),
    ("disaster", "因灾需救助"),
    ("relocated", "易地扶贫搬迁"),
    ("limited", "增收能力有限"),
    ("stranded", "因不可抗力无法外出务工"),
    ("urban", "城镇低收入/就业困难"),
]
SEGMENTS = {"一般劳动环节": "general", "服务保障环节": "services", "后期管护环节": "maintenance"}


class WorkerImport(ImportSpec):
    title = "务工人员登记表"
    columns = [
        Column("name", "姓名", fields.person_name(), synonyms=("务工人员姓名", "名字")),
        Column(
            "id_number",
            "公民身份号码",
            fields.resident_id(),
            synonyms=("身份证号", "身份证号码"),
            unique=True,
        ),
        Column("phone", "联系电话", fields.phone(), synonyms=("手机号码", "电话"), required=False),
        Column("bank", "开户银行", fields.text(max_length=50), required=False),
        Column("bank_card", "银行卡号", fields.bank_card(), required=False),
        Column("wage", "日工资标准（元）", fields.money(), synonyms=("日工资",)),
        Column("segment", "用工环节", fields.choice(SEGMENTS), required=False),
        Column(
            "groups",
            "优先群体",
            fields.multi_choice(PRIORITY_GROUPS, {"脱贫户": "poverty"}),
            required=False,
        ),
        Column("start", "进场日期", fields.date(), required=False),
        Column("local", "是否本地劳动力", fields.boolean(), required=False),
    ]

    def __init__(self) -> None:
        self.cleaned: list[RowSet] = []
        self.written: list[dict[str, Any]] = []

    def clean_rows(self, rows: RowSet, ctx: Mapping[str, Any]) -> None:
        self.cleaned.append(rows)
        for row in rows:
            if row["id_number"] in ctx.get("registered", ()):
                rows.error(row, "id_number", "该务工人员已登记")

    def write(self, rows: RowSet, ctx: Mapping[str, Any]) -> int:
        self.written.extend(dict(row) for row in rows)
        return len(rows)


class GroupImport(ImportSpec):
    """Writes one auth group per row with COPY; ``fail_after_write`` reports an error after the
    rows went in, which must roll everything back."""

    title = "分组"
    columns = [Column("name", "名称", fields.text(max_length=150), unique=True)]

    def __init__(self, *, fail_after_write: bool = False) -> None:
        self.fail_after_write = fail_after_write

    def write(self, rows: RowSet, ctx: Mapping[str, Any]) -> None:
        from django.contrib.auth.models import Group

        copy_rows(Group, ["name"], ((row["name"],) for row in rows))
        if self.fail_after_write:
            rows.error(rows[0], "name", "写入后发现问题")
