"""Importing a project's attendance for one month from Excel, all or nothing.

Two layouts, both for the project and month chosen on the upload page:

* the daily grid (考勤表): a row per person, columns 1..31 holding 1 (√), 0.5 (半) or nothing;
* monthly totals (考勤汇总表): a row per person with the days worked, no dates. A total cannot
  be checked day by day against other projects; see ``payroll.services.attendance`` for what is
  checked instead.

People are found by ID number when the sheet has that column, otherwise by name among the
workers hired on the project (two people of the same name need the ID number). The rules are
the service's own (``attendance_refusals``), reported on the row of the person concerned. They
run once per upload (issue 12 item 2): under the people's locks in the service when the file is
otherwise clean, or here when other rows already failed or nothing is to be written (a check),
so that one upload reports every bad row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

from payroll.importers.common import known_workers, person_columns
from payroll.models import LabourContract
from payroll.services.attendance import (
    AttendanceRefused,
    Refusal,
    attendance_authorise,
    attendance_refusals,
    attendance_save_days,
    attendance_save_totals,
)
from yiguoji.imports import Column, ImportRefused, ImportSpec, RowSet, fields
from yiguoji.imports.errors import CellError
from yiguoji.months import days_in_month, month_label

FULL, HALF, NONE = Decimal("1"), Decimal("0.5"), Decimal("0")
_MARKS = {
    "1": FULL, "√": FULL, "✓": FULL, "✔": FULL, "v": FULL, "○": FULL, "全": FULL, "出": FULL,
    "0.5": HALF, ".5": HALF, "半": HALF, "½": HALF, "△": HALF,
    "0": NONE, "×": NONE, "x": NONE, "休": NONE, "缺": NONE, "假": NONE,
}  # fmt: skip


class DayMark(fields.Field):
    """One day of the grid: 1 / √ (full), 0.5 / 半 (half), 0 / × / 休 (none)."""

    hint = "出勤填1或√，半天填0.5或半，未出勤留空或填0"
    choices = ("1", "0.5", "0")

    def __call__(self, value) -> Decimal:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            amount = Decimal(str(value))
            if amount in (FULL, HALF, NONE):
                return amount
            raise CellError(f"应为1（全天）、0.5（半天）或0，不能填{fields.as_text(value)}")
        text = fields.as_text(value).strip().lower()
        if text in _MARKS:
            return _MARKS[text]
        raise CellError(f"“{text}”不是出勤标记，应为1（全天）、0.5（半天）或0")


def day_column(day: int) -> Column:
    """Column ``d<day>``; Excel gives a header typed as the number 1 back as "1.0"."""
    return Column(
        f"d{day}",
        str(day),
        DayMark(),
        synonyms=(f"{day}日", f"{day}号", f"{day}.0", f"{day:02d}"),
        required=False,
        width=4,
    )


class _ProjectMonthImport(ImportSpec):
    """What the two layouts share: the project and month, and finding the people."""

    def __init__(self, *, project=None, month: dt.date | None = None) -> None:
        self.project = project  # None (and no month) only for the blank template
        self.month = month.replace(day=1) if month else None
        id_column = person_columns()[1]
        self.person_columns = [
            person_columns()[0],
            Column(
                id_column.name,
                id_column.label,
                id_column.parse,
                synonyms=id_column.synonyms,
                required=False,
                unique=True,
                width=22,
            ),
        ]

    def find_people(self, rows: RowSet) -> dict[int, object]:
        """Set ``row["worker_id"]`` on each row; report who cannot be found; row by worker."""
        by_name: dict[str, list] = defaultdict(list)
        if any(not row.get("id_number") for row in rows):  # only rows without an ID need it
            hired = (
                LabourContract.objects.filter(project=self.project)
                .select_related("worker")
                .order_by("worker_id")
            )
            hired_ids = set()
            for contract in hired:
                if contract.worker_id not in hired_ids:
                    hired_ids.add(contract.worker_id)
                    by_name[contract.worker.name].append(contract.worker)
        known = known_workers([row for row in rows if row.get("id_number")])
        seen: dict[int, object] = {}
        for row in rows:
            worker = None
            if row.get("id_number"):
                worker = known.get(row["id_index"])
                if worker is None:
                    rows.error(row, "id_number", "该人员不在务工人员名册中，请先登记并招用")
                    continue
                if worker.name != row["name"]:
                    rows.error(row, "name", f"与名册中该公民身份号码的姓名“{worker.name}”不一致")
                    continue
            else:
                namesakes = by_name.get(row["name"], [])
                if not namesakes:
                    rows.error(row, "name", "本项目没有招用此人，请核对姓名或填写公民身份号码")
                    continue
                if len(namesakes) > 1:
                    rows.error(
                        row,
                        "name",
                        f"本项目有{len(namesakes)}名“{row['name']}”，请填写公民身份号码",
                    )
                    continue
                worker = namesakes[0]
            if worker.pk in seen:
                rows.error(row, "name", f"与第{seen[worker.pk].number}行是同一人")
                continue
            row["worker_id"] = worker.pk
            seen[worker.pk] = row
        return seen

    def allowed(self, rows: RowSet, ctx) -> bool:
        """The user may record this month (else one whole-file error)."""
        if self.project is None:
            rows.error(None, None, "未指定项目和月份，请在项目的考勤页面上传")
            return False
        try:
            attendance_authorise(ctx.get("user"), self.project, self.month)
        except (ValidationError, PermissionDenied) as error:
            rows.error(None, None, _message(error))
            return False
        return True

    def save(self, rows: RowSet, save, **values) -> None:
        """Write through the service, which checks everything again under its locks."""
        try:
            save(acting_user=self.user, project=self.project, month=self.month, **values)
        except AttendanceRefused as refused:  # changed by someone else since the check
            self.report(rows, refused.refusals, self.by_worker)
        except (ValidationError, PermissionDenied) as error:
            raise ImportRefused(_message(error)) from None

    def report(self, rows: RowSet, refusals: list[Refusal], by_worker) -> None:
        for refusal in refusals:
            row = by_worker[refusal.worker_id]
            column = f"d{refusal.day.day}" if refusal.day and self.dated else None
            rows.error(row, column, str(refusal))

    dated = True


class AttendanceGridImport(_ProjectMonthImport):
    """考勤表: a row per person, a column per day of the month."""

    title = "务工人员考勤表"
    instructions = (
        "每人一行，1至31列为当月每一天：全天填1或√，半天填0.5或半，未出勤留空或填0。",
        "有“公民身份号码”列时按号码核对人员，否则按姓名在本项目已招用的人员中查找。",
        "同一人同一天在各项目的出勤合计不能超过1天；整个文件全部正确才会导入。",
    )

    def __init__(self, *, project=None, month: dt.date | None = None) -> None:
        super().__init__(project=project, month=month)
        if project is not None:
            self.title = f"{project.name} {month_label(self.month)}考勤表"
        self.columns = [
            *self.person_columns,
            *(day_column(day) for day in range(1, 32)),
            Column(
                "total",
                "合计",
                fields.decimal(1, 0, 31, units=("天",), label="天数"),
                synonyms=("出勤天数", "合计天数", "天数"),
                required=False,
            ),
        ]

    def entries(self, rows: RowSet) -> dict[int, dict[dt.date, Decimal]]:
        length = days_in_month(self.month)
        days: dict[int, dict[dt.date, Decimal]] = {}
        for row in rows:
            if "worker_id" not in row:
                continue
            entries: dict[dt.date, Decimal] = {}
            for day in range(1, 32):
                amount = row.get(f"d{day}") or NONE
                if day > length:
                    if amount:
                        rows.error(row, f"d{day}", f"{month_label(self.month)}没有{day}日")
                    continue
                entries[self.month.replace(day=day)] = amount
            total = sum(entries.values(), NONE)
            if row.get("total") is not None and row["total"] != total:
                rows.error(row, "total", f"合计{row['total']}天与逐日出勤之和{total}天不一致")
            days[row["worker_id"]] = entries
        return days

    def clean_rows(self, rows: RowSet, ctx) -> None:
        self.user = ctx.get("user")
        # A parsed row holds a key for each column the file has (rows.header() names them all).
        missing = [day for day in range(1, 29) if f"d{day}" not in rows[0]]
        if missing:
            rows.error(
                None,
                None,
                f"未找到日期列（缺少{'、'.join(f'{d}日' for d in missing[:5])}等）："
                "考勤表应有1至31日各列；只有出勤天数时请选择“按月汇总表”导入",
            )
            return
        if not self.allowed(rows, ctx):
            return
        self.by_worker = self.find_people(rows)
        self.days = self.entries(rows)
        if rows.will_write:
            return  # the rules run once, under the people's locks (attendance_save_days)
        refusals = attendance_refusals(project=self.project, month=self.month, days=self.days)
        self.report(rows, refusals, self.by_worker)

    def write(self, rows: RowSet, ctx) -> int:
        self.save(rows, attendance_save_days, days=self.days)
        return len(self.days)


class AttendanceTotalsImport(_ProjectMonthImport):
    """考勤汇总表: a row per person with the days worked in the month (no dates)."""

    title = "务工人员月度出勤汇总表"
    dated = False
    instructions = (
        "每人一行，填写当月出勤天数（最小单位0.5天）。",
        "汇总表没有日期，无法逐日核对同一天在其他项目的出勤；系统核对当月各项目合计不超过当月天数、"
        "不超过劳务合同覆盖的天数。能逐日登记时请使用考勤表。",
    )

    def __init__(self, *, project=None, month: dt.date | None = None) -> None:
        super().__init__(project=project, month=month)
        if project is not None:
            self.title = f"{project.name} {month_label(self.month)}出勤汇总表"
        self.columns = [
            *self.person_columns,
            Column(
                "days",
                "出勤天数",
                fields.decimal(1, 0, 31, units=("天",), label="天数"),
                synonyms=("考勤天数", "工作天数", "天数", "出勤天数（天）", "合计"),
            ),
        ]

    def clean_rows(self, rows: RowSet, ctx) -> None:
        self.user = ctx.get("user")
        if not self.allowed(rows, ctx):
            return
        self.by_worker = self.find_people(rows)
        self.totals = {row["worker_id"]: row["days"] for row in rows if "worker_id" in row}
        if rows.will_write:
            return  # the rules run once, under the people's locks (attendance_save_totals)
        refusals = attendance_refusals(project=self.project, month=self.month, totals=self.totals)
        self.report(rows, refusals, self.by_worker)

    def write(self, rows: RowSet, ctx) -> int:
        self.save(rows, attendance_save_totals, totals=self.totals)
        return len(self.totals)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error) or "您没有执行此操作的权限"
