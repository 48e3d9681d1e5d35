"""The wage ledger as an Excel workbook: the same columns as the printed ledger (masked numbers),
the findings' explanations, and the totals."""

from __future__ import annotations

from django.utils import timezone

from payroll.models import WageLedger
from payroll.services.attendance import format_days
from yiguoji.xlsx import MONEY, TEXT, Column, Sheet, workbook_bytes

COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("公民身份号码", 22, TEXT),
    Column("银行卡号", 24, TEXT),
    Column("岗位", 12),
    Column("出勤天数", 9),
    Column("日劳务报酬标准（元）", 12, MONEY),
    Column("应发金额（元）", 12, MONEY),
    Column("实发金额（元）", 12, MONEY),
    Column("欠发（元）", 11, MONEY),
    Column("发放日期", 12),
    Column("发放方式", 9),
    Column("非银行卡发放原因", 18),
    Column("本人签字确认", 10),
    Column("备注", 18),
    Column("情况说明", 28),
]


def ledger_sheet(ledger: WageLedger) -> Sheet:
    lines = ledger.lines.select_related("worker", "position").order_by("seq", "pk")
    rows = [
        (
            index,
            line.worker.name,
            line.worker.id_masked,
            line.card_shown,
            line.position.title if line.position_id else "",
            float(line.days),
            line.daily_rate,
            line.payable,
            line.paid,
            line.arrears or None,
            line.pay_date,
            line.get_method_display(),
            line.method_reason,
            "已确认" if line.signed else "",
            line.remarks,
            line.explanation,
        )
        for index, line in enumerate(lines, start=1)
    ]
    project = ledger.project
    note = (
        f"项目编号：{project.code}    项目单位：{project.owner.name}    "
        f"状态：{ledger.get_status_display()}    导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"
    )
    footer = ("合计", f"{ledger.workers}人", "", "", "", format_days(ledger.total_days), "",
              ledger.total_payable, ledger.total_paid, ledger.total_arrears)  # fmt: skip
    return Sheet(
        "劳务报酬发放台账",
        COLUMNS,
        rows,
        caption=f"{project.name}{ledger.month_label}劳务报酬发放台账",
        note=note,
        footer=footer,
    )


def ledger_workbook(ledger: WageLedger) -> bytes:
    return workbook_bytes([ledger_sheet(ledger)])
