"""Importing a project's wage ledger (劳务报酬发放台账) for one month from Excel, all or nothing.

One row per worker: name and resident ID (the person must be in the register and hired on the
project), days, daily rate, payable, paid, pay date, method, card, remarks and, where a check
warns, the written explanation (情况说明). Columns a real ledger carries that must stay empty are
read too, so that they can be refused: deductions (扣款, art. 30) and machinery rent
(机械租赁费, art. 30). The rules are the service's own (``payroll.services.ledger_checks``),
reported on the row and column of the person concerned. They run once per upload: under the
ledger's lock in ``ledger_replace_lines`` (which then COPYs the lines) when the file is otherwise
clean, or here when other rows already failed or nothing is to be written (a check), so that
one upload reports every bad row (issue 10, item 12).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError

from payroll import identity
from payroll.choices import PAY_METHOD_SYNONYMS, PayMethod
from payroll.importers.common import any_of, index_rows, person_columns, register_indexes
from payroll.models import LabourContract, Worker
from payroll.services.ledger_checks import ZERO, Finding, LineInput, Unchecked, check_lines
from payroll.services.ledgers import (
    LedgerRefused,
    latest_ledger,
    ledger_authorise,
    ledger_replace_lines,
    lines_from_attendance,
    upload_refusal,
)
from payroll.services.reveals import workers_reveal
from payroll.services.wage_rules import rules_for
from yiguoji.imports import Column, ImportRefused, ImportSpec, Row, RowSet, fields
from yiguoji.months import first_of, last_of, month_label


def _money(name: str, label: str, synonyms: tuple[str, ...], **options) -> Column:
    return Column(name, label, fields.money(), synonyms=synonyms, **options)


def ledger_columns() -> list[Column]:
    name, id_number = person_columns()
    return [
        name,
        id_number,
        Column(
            "days",
            "出勤天数",
            fields.decimal(1, 0, 31, units=("天",), label="天数"),
            synonyms=("务工天数", "工作天数", "天数", "出勤天数（天）", "考勤天数"),
        ),
        _money(
            "daily_rate",
            "日劳务报酬标准（元）",
            ("日劳务报酬标准", "日劳务报酬", "日工资标准", "日工资", "单价", "工资标准"),
        ),
        _money("payable", "应发金额（元）", ("应发金额", "应发劳务报酬", "应发工资", "应发")),
        _money(
            "deduction",
            "扣款（元）",
            ("扣款", "扣款金额", "扣除", "代扣"),
            required=False,
            note="劳务报酬不得克扣（第三十条）：此列只能为空或0",
        ),
        _money(
            "machinery",
            "机械租赁费（元）",
            ("机械租赁费", "机械费", "设备租赁费", "机械台班费"),
            required=False,
            note="租赁当地群众机械设备等费用不得计入劳务报酬（第三十条）：此列只能为空或0",
        ),
        _money("paid", "实发金额（元）", ("实发金额", "实发劳务报酬", "实发工资", "实发")),
        Column(
            "pay_date",
            "发放日期",
            fields.date(),
            synonyms=("发放时间", "支付日期", "打卡日期"),
            required=False,
            note="已发放的必填",
        ),
        Column(
            "method",
            "发放方式",
            fields.choice(PayMethod.choices, PAY_METHOD_SYNONYMS),
            synonyms=("支付方式", "发放形式"),
            required=False,
            note="不填即为银行卡（发放至本人银行卡）",
        ),
        Column(
            "card",
            "银行卡号",
            fields.bank_card(),
            synonyms=("银行账号", "卡号", "收款账号", "工资卡号"),
            required=False,
            width=24,
            note="须为本人在务工人员名册中登记的银行卡；不填即为名册中的银行卡",
        ),
        Column(
            "method_reason",
            "非银行卡发放原因",
            fields.text(max_length=200),
            synonyms=("未通过银行卡发放原因", "现金发放原因"),
            required=False,
        ),
        Column("remarks", "备注", fields.text(max_length=200), required=False),
        Column(
            "explanation",
            "情况说明",
            fields.text(max_length=500),
            synonyms=("说明", "欠发说明"),
            required=False,
            note="有欠发、逾期发放等提醒的，提交前须写明情况",
        ),
    ]


class WageLedgerImport(ImportSpec):
    title = "劳务报酬发放台账"
    instructions = (
        "每人一行：务工人员须已在名册中登记并与本项目签订劳务合同，按公民身份号码核对。",
        "应发金额 = 出勤天数 × 日劳务报酬标准（精确到分）；出勤天数不能多于本月考勤。",
        "劳务报酬原则上通过银行卡发放至本人银行卡；以现金等其他方式发放须写明原因。",
        "不得克扣，不得将机械设备租赁费计入劳务报酬（第三十条）。",
        "导入会替换本月台账草稿中的全部人员；整个文件全部正确才会导入。",
    )

    def __init__(self, *, project=None, month: dt.date | None = None) -> None:
        self.project = project  # None (and no month) only for the blank template
        self.month = month.replace(day=1) if month else None
        self.columns = ledger_columns()
        if project is not None:
            self.title = f"{project.name} {month_label(self.month)}劳务报酬发放台账"
        self.lines: list[LineInput] = []
        self.warnings = 0

    def clean_rows(self, rows: RowSet, ctx) -> None:
        self.user = ctx.get("user")
        if self.project is None:
            rows.error(None, None, "未指定项目和月份，请在项目的劳务报酬发放台账页面上传")
            return
        refusal = upload_refusal(self.user, self.project, self.month)
        if refusal:
            rows.error(None, None, refusal)
            return
        known = _register([*rows, *rows.failed])
        unchecked = _unchecked(rows.failed, known)
        unnamed, anyone = _unnamed(rows.failed)
        for row in rows:
            worker_id, name = known.get(row["id_index"], (None, None))
            if worker_id is None:
                rows.error(
                    row, "id_number", "该人员不在务工人员名册中，请先登记并与本项目签订劳务合同"
                )
                unnamed.add(row["name"])  # a mistyped ID of someone hired, most likely
            elif name != row["name"]:
                rows.error(row, "name", f"与名册中该公民身份号码的姓名“{name}”不一致")
                unchecked.add(worker_id)
            else:
                self.lines.append(_line(row, worker_id))
        if rows.will_write:
            return  # the rules run once, under the ledger's lock (ledger_replace_lines)
        # Nothing will be written: run the rules now over the rows that parsed, so that this
        # upload reports every bad row; the people of the other rows are not "missing".
        findings = check_lines(
            self.project,
            self.month,
            self.lines,
            unchecked=Unchecked(frozenset(unchecked), frozenset(unnamed), anyone),
            **self._deadline(),
        )
        self.report(rows, findings)

    def _deadline(self) -> dict:
        ledger = latest_ledger(self.project, self.month)
        if ledger is not None:
            return {"pay_deadline": ledger.pay_deadline}
        return {"pay_deadline": rules_for(self.month.year).pay_deadline(self.month)}

    def report(self, rows: RowSet, findings: list[Finding]) -> None:
        """Errors on the row and column concerned; warnings are counted for the page."""
        for finding in findings:
            if finding.is_error:
                rows.error(finding.ref, finding.column if finding.ref else None, finding.message)
            else:
                self.warnings += 1

    def write(self, rows: RowSet, ctx) -> int:
        try:
            ledger = ledger_replace_lines(
                acting_user=self.user, project=self.project, month=self.month, lines=self.lines
            )
        except LedgerRefused as refused:
            self.report(rows, refused.findings)
            return 0
        except (ValidationError, PermissionDenied) as error:
            text = "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise ImportRefused(text) from None
        self.report(rows, ledger.findings)
        return len(self.lines)


def prefilled_template(*, acting_user, project, month: dt.date, ip: str | None = None) -> bytes:
    """The month's ledger template filled in with the people who must be on it (everyone with
    attendance on the project that month; before any attendance, everyone hired for it): name,
    ID number as text, days from attendance, the contract's daily rate and days x rate. The
    unit then types only what was paid, when and how (issue 10, item 14). The file holds full
    ID numbers: each is a reveal, logged with its purpose."""
    month = first_of(month)
    ledger_authorise(acting_user, project)
    lines = lines_from_attendance(project, month)
    if lines:
        days = {line.worker_id: line for line in lines}
        order = [line.worker_id for line in lines]
    else:
        days, order = {}, list(_hired(project, month))
    workers = Worker.objects.in_bulk(order)
    numbers = workers_reveal(
        acting_user=acting_user,
        workers=[workers[pk] for pk in order],
        field="id_number",
        purpose=f"编制{project.code} {month_label(month)}劳务报酬发放台账（预填模板）",
        ip=ip,
    )
    rows = []
    for pk in order:
        line = days.get(pk)
        row = {"name": workers[pk].name, "id_number": numbers.get(pk)}
        if line is not None:
            row |= {"days": line.days, "daily_rate": line.daily_rate, "payable": line.payable}
        rows.append(row)
    return WageLedgerImport(project=project, month=month).template_workbook(rows)


def _hired(project, month: dt.date) -> dict[int, None]:
    """The people with a labour contract on ``project`` covering part of ``month``, by name."""
    contracts = LabourContract.objects.filter(
        project=project, starts_on__lte=last_of(month), ends_on__gte=month
    ).exclude(ended_on__lt=month)
    people = contracts.order_by("worker__name", "worker_id").values_list("worker_id", flat=True)
    return dict.fromkeys(people)


def _register(rows: list[Row]) -> dict[bytes, tuple[int, str]]:
    """(id, name) of the file's people found in the register by blind index (one query); sets
    ``row["id_index"]`` on each row with an ID number."""
    with_id = [row for row in rows if row.get("id_number")]
    index_rows(with_id)
    current = register_indexes(with_id)
    found = (
        Worker.objects.filter(any_of("id_index", list(current)))
        .order_by()
        .values_list("id_index", "pk", "name")
    )
    return {current[bytes(index)]: (pk, name) for index, pk, name in found}


def _unchecked(failed: Sequence[Row], known: dict[bytes, tuple[int, str]]) -> set[int]:
    """The registered people of the rows that failed (by their ID number, where it parsed)."""
    return {
        known[row["id_index"]][0]
        for row in failed
        if row.get("id_index") is not None and row["id_index"] in known
    }


def _unnamed(failed: Sequence[Row]) -> tuple[set[str], bool]:
    """For failed rows without a usable ID number: their names, and whether one has neither
    (then nobody can be said to be missing)."""
    names = {row["name"] for row in failed if not row.get("id_index") and row.get("name")}
    anyone = any(not row.get("id_index") and not row.get("name") for row in failed)
    return names, anyone


def _line(row, worker_id: int) -> LineInput:
    card = row.get("card")
    return LineInput(
        worker_id=worker_id,
        days=row["days"],
        daily_rate=row["daily_rate"],
        payable=row["payable"],
        paid=row["paid"],
        pay_date=row.get("pay_date"),
        method=row.get("method") or PayMethod.BANK_CARD,
        method_reason=row.get("method_reason") or "",
        card_index=identity.card_index(card) if card else None,
        remarks=row.get("remarks") or "",
        explanation=row.get("explanation") or "",
        deduction=row.get("deduction") or ZERO,
        machinery=row.get("machinery") or ZERO,
        ref=row,
    )
