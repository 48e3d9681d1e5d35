"""Attendance (考勤): the rules, and writing a project's month in one go (plan task 4).

Rules (domain.md, "Workers, attendance, wages"; the issue's attendance rules), each refusal naming
the person, the date and the reason:

1. only hired workers: a day counts only inside the worker's labour contract on this project;
2. a day is 0, half (0.5) or full (1); a month never holds more days than it has, and no day
   after today is recorded;
3. not a full day on two projects on the same date: one person's days on one date, over every
   project, add up to at most 1 (two half days may combine);
4. a month that is locked cannot change: see :func:`month_is_locked`.

A month may also arrive as a total without dates (an Excel sheet of monthly totals). A total
cannot be checked against other projects day by day, so for totals the strongest check that is
still honest applies instead: the person's days on all projects in that month together stay
within the days of the month, and within the days the contract covers in that month. A month
entered day by day is never silently replaced by a total (that would drop the dates).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from payroll import capabilities as caps
from payroll.choices import LedgerStatus
from payroll.models import AttendanceDay, AttendanceMonth, LabourContract, WageLedger, Worker
from payroll.models.attendance import FULL_DAY, HALF_DAY
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.imports.db import copy_rows
from yiguoji.months import days_in_month, first_of, last_of, month_label

ZERO = Decimal("0")
AMOUNTS = (ZERO, HALF_DAY, FULL_DAY)


def month_is_locked(project, month: dt.date) -> bool:
    """Whether the attendance of ``project`` in ``month`` may no longer change.

    The month locks once that month's wage ledger is filed with the department: the days paid
    and filed must stay the days recorded. While a correction of the filed ledger is open (a
    newer version not yet filed), the month is open again, so that wrong attendance can be
    corrected together with the ledger; filing the correction locks it again. A ledger of the
    running month (filed before the month ended) does not lock the days still to come.
    """
    if last_of(month) > timezone.localdate():
        return False
    return (
        WageLedger.objects.latest()
        .filter(project=project, month=first_of(month), status=LedgerStatus.FILED)
        .exists()
    )


def format_days(value) -> str:
    """Decimal("1.0") -> "1", Decimal("10.5") -> "10.5"."""
    return f"{Decimal(value).normalize():f}"


@dataclass(frozen=True)
class Refusal:
    """One thing that may not be recorded: who, which day (None: the month), and why."""

    worker_id: int
    name: str
    day: dt.date | None
    reason: str

    def __str__(self) -> str:
        when = f"{self.day.month}月{self.day.day}日" if self.day else "本月"
        return f"{self.name} {when}：{self.reason}"


class AttendanceRefused(ValidationError):
    def __init__(self, refusals: list[Refusal]) -> None:
        self.refusals = refusals
        super().__init__([str(refusal) for refusal in refusals])


@dataclass(frozen=True)
class Cover:
    """The days a worker's contracts on the project cover."""

    spans: tuple[tuple[dt.date, dt.date], ...]

    def covers(self, day: dt.date) -> bool:
        return any(start <= day <= end for start, end in self.spans)

    def days_in(self, month: dt.date) -> int:
        first, last = first_of(month), last_of(month)
        return sum(
            (min(end, last) - max(start, first)).days + 1
            for start, end in self.spans
            if start <= last and end >= first
        )


def contract_cover(project, worker_ids, month: dt.date) -> dict[int, Cover]:
    """Each worker's contract spans on ``project`` that touch ``month`` (one query)."""
    spans: dict[int, list] = defaultdict(list)
    contracts = LabourContract.objects.filter(
        project=project,
        worker_id__in=worker_ids,
        starts_on__lte=last_of(month),
        ends_on__gte=first_of(month),
    ).values_list("worker_id", "starts_on", "ends_on", "ended_on")
    for worker_id, starts_on, ends_on, ended_on in contracts:
        end = min(ends_on, ended_on) if ended_on else ends_on
        if end >= starts_on:
            spans[worker_id].append((starts_on, end))
    return {worker_id: Cover(tuple(s)) for worker_id, s in spans.items()}


def _other_projects(project, worker_ids, month: dt.date):
    """Days and month totals the same people have on other projects in ``month``."""
    first, last = first_of(month), last_of(month)
    day_rows = (
        AttendanceDay.objects.filter(worker_id__in=worker_ids, date__range=(first, last))
        .exclude(project=project)
        .values_list("worker_id", "date", "amount", "project__code")
    )
    by_date: dict[tuple[int, dt.date], list[tuple[Decimal, str]]] = defaultdict(list)
    for worker_id, date, amount, code in day_rows:
        by_date[(worker_id, date)].append((amount, code))
    totals = dict(
        AttendanceMonth.objects.filter(worker_id__in=worker_ids, month=first)
        .exclude(project=project)
        .values("worker_id")
        .annotate(total=Sum("days"))
        .values_list("worker_id", "total")
    )
    return by_date, totals


def attendance_refusals(
    *,
    project,
    month: dt.date,
    days: dict[int, dict[dt.date, Decimal]] | None = None,
    totals: dict[int, Decimal] | None = None,
    today: dt.date | None = None,
) -> list[Refusal]:
    """Everything wrong with recording ``days`` (per worker, per date) or ``totals`` (per
    worker, days without dates) for ``project`` in ``month``; a fixed number of queries."""
    days, totals = days or {}, totals or {}
    today = today or timezone.localdate()
    month = first_of(month)
    length = days_in_month(month)
    worker_ids = sorted(set(days) | set(totals))
    names = dict(Worker.objects.filter(pk__in=worker_ids).values_list("pk", "name"))
    cover = contract_cover(project, worker_ids, month)
    other_days, other_totals = _other_projects(project, worker_ids, month)
    label = month_label(month)
    refusals: list[Refusal] = []

    def refuse(worker_id, day, reason):
        refusals.append(Refusal(worker_id, names.get(worker_id, f"#{worker_id}"), day, reason))

    for worker_id in worker_ids:
        if worker_id not in cover:
            refuse(worker_id, None, f"{label}未与本项目签订劳务合同（未招用），不能登记考勤")
    for worker_id, entries in days.items():
        if worker_id not in cover:
            continue
        for day, amount in sorted(entries.items()):
            if amount == ZERO:
                continue
            if amount not in AMOUNTS:
                refuse(
                    worker_id,
                    day,
                    f"出勤只能填1（全天）、0.5（半天）或0，不能填{format_days(amount)}",
                )
            elif (day.year, day.month) != (month.year, month.month):
                refuse(worker_id, day, f"不在{label}内")
            elif day > today:
                refuse(worker_id, day, "日期晚于今天，不能提前登记考勤")
            elif not cover[worker_id].covers(day):
                refuse(worker_id, day, "不在劳务合同期限内")
            else:
                elsewhere = other_days.get((worker_id, day), [])
                taken = sum((a for a, _ in elsewhere), ZERO)
                if taken + amount > FULL_DAY:
                    where = "、".join(code for _, code in elsewhere)
                    refuse(
                        worker_id,
                        day,
                        f"当天已在{where}登记{format_days(taken)}天出勤，同一天在各项目合计不能超过1天",
                    )
        _check_month_total(
            worker_id, sum(entries.values(), ZERO), length, other_totals, cover, month, refuse
        )
    for worker_id, total in totals.items():
        if worker_id not in cover:
            continue
        if total < ZERO or total * 2 != int(total * 2):
            refuse(
                worker_id, None, f"出勤天数应为0或正数，最小单位0.5天，不能填{format_days(total)}"
            )
            continue
        _check_month_total(worker_id, total, length, other_totals, cover, month, refuse)
    return refusals


def _check_month_total(worker_id, total, length, other_totals, cover, month, refuse) -> None:
    if total > length:
        refuse(worker_id, None, f"出勤{format_days(total)}天，超过{month_label(month)}的{length}天")
        return
    covered = cover[worker_id].days_in(month)
    if total > covered:
        refuse(worker_id, None, f"出勤{format_days(total)}天，超过劳务合同在本月覆盖的{covered}天")
    elsewhere = other_totals.get(worker_id) or ZERO
    if total + elsewhere > length:
        refuse(
            worker_id,
            None,
            f"本项目{format_days(total)}天与其他项目{format_days(elsewhere)}天"
            f"合计超过{month_label(month)}的{length}天",
        )


def attendance_authorise(acting_user, project, month: dt.date) -> None:
    """May ``acting_user`` record ``project``'s attendance of ``month``? Raises if not."""
    access.require(acting_user, caps.KEEP_ATTENDANCE)
    if not scope.can(acting_user, scope.CHANGE, project):
        raise PermissionDenied("您不能登记该项目的考勤")
    if month_is_locked(project, month):
        raise ValidationError(
            f"{project.code} {month_label(month)}的劳务报酬发放台账已备案，考勤已锁定，不能修改"
        )


def _lock_people(worker_ids) -> None:
    """Serialise writes that concern the same people (the cross-project rule reads their days
    on other projects, which another transaction could be writing at the same moment)."""
    list(Worker.objects.select_for_update().filter(pk__in=worker_ids).order_by("pk").values("pk"))


@dataclass(frozen=True)
class SaveSummary:
    workers: int
    days: Decimal
    added: int
    changed: int
    removed: int

    def __str__(self) -> str:
        return (
            f"已保存 {self.workers} 人的考勤，合计 {format_days(self.days)} 天"
            f"（新增 {self.added}、修改 {self.changed}、删除 {self.removed} 条日记录）"
        )


def attendance_save_days(
    *, acting_user, project, month: dt.date, days: dict[int, dict[dt.date, Decimal]]
) -> SaveSummary:
    """Record the grid: for each worker in ``days``, exactly the days given for ``month``
    (days left out are 0). Workers not in ``days`` are left as they are. All or nothing."""
    month = first_of(month)
    attendance_authorise(acting_user, project, month)
    worker_ids = sorted(days)
    with transaction.atomic(), acting_as(acting_user):
        _lock_people(worker_ids)
        refusals = attendance_refusals(project=project, month=month, days=days)
        if refusals:
            raise AttendanceRefused(refusals)
        summary = _write_days(project, month, days)
        _write_months(
            acting_user,
            project,
            month,
            {worker_id: sum(entries.values(), ZERO) for worker_id, entries in days.items()},
            by_day=True,
        )
    return summary


def attendance_save_totals(
    *, acting_user, project, month: dt.date, totals: dict[int, Decimal]
) -> SaveSummary:
    """Record monthly totals without dates (see the module docstring for what is checked)."""
    month = first_of(month)
    attendance_authorise(acting_user, project, month)
    worker_ids = sorted(totals)
    with transaction.atomic(), acting_as(acting_user):
        _lock_people(worker_ids)
        refusals = attendance_refusals(project=project, month=month, totals=totals)
        dated = set(
            AttendanceDay.objects.filter(
                project=project,
                worker_id__in=worker_ids,
                date__range=(month, last_of(month)),
            ).values_list("worker_id", flat=True)
        )
        names = dict(Worker.objects.filter(pk__in=dated).values_list("pk", "name"))
        refusals += [
            Refusal(worker_id, names[worker_id], None, "本月已逐日登记考勤，请在考勤表中修改")
            for worker_id in sorted(dated)
        ]
        if refusals:
            raise AttendanceRefused(refusals)
        _write_months(acting_user, project, month, totals, by_day=False)
    return SaveSummary(len(totals), sum(totals.values(), ZERO), len(totals), 0, 0)


def _write_days(project, month: dt.date, days) -> SaveSummary:
    existing = {
        (row.worker_id, row.date): row
        for row in AttendanceDay.objects.filter(
            project=project, worker_id__in=list(days), date__range=(month, last_of(month))
        )
    }
    wanted = {
        (worker_id, day): amount
        for worker_id, entries in days.items()
        for day, amount in entries.items()
        if amount != ZERO
    }
    removed = [row.pk for key, row in existing.items() if key not in wanted]
    changed = []
    for key, amount in wanted.items():
        row = existing.get(key)
        if row is not None and row.amount != amount:
            row.amount = amount
            changed.append(row)
    added = [
        (project.pk, worker_id, day, amount)
        for (worker_id, day), amount in wanted.items()
        if (worker_id, day) not in existing
    ]
    AttendanceDay.objects.filter(pk__in=removed).delete()
    AttendanceDay.objects.bulk_update(changed, ["amount"])
    # COPY, not bulk_create: a month's grid is thousands of day rows, and building a model
    # instance per day cost most of the import (issue 12 item 2); the audit trigger still fires.
    copy_rows(AttendanceDay, ("project", "worker", "date", "amount"), added)
    return SaveSummary(
        len(days), sum(wanted.values(), ZERO), len(added), len(changed), len(removed)
    )


def _write_months(acting_user, project, month: dt.date, totals, *, by_day: bool) -> None:
    AttendanceMonth.objects.bulk_create(
        [
            AttendanceMonth(
                project=project,
                worker_id=worker_id,
                month=month,
                days=total,
                by_day=by_day,
                updated_by=acting_user,
            )
            for worker_id, total in totals.items()
        ],
        update_conflicts=True,
        unique_fields=["project", "worker", "month"],
        update_fields=["days", "by_day", "updated_by", "updated_at"],
    )


@dataclass(frozen=True)
class DayMarks:
    """What became of one day's marks: who was recorded, and who was refused and why."""

    recorded: tuple[int, ...]
    refusals: tuple[Refusal, ...]


def attendance_mark_day(
    *, acting_user, project, day: dt.date, marks: dict[int, Decimal]
) -> DayMarks:
    """Record one day for some people (the phone on site), keeping their other days of the
    month as they are. The rules above decide, person by person: a person refused is left as
    they were and the others are recorded. A locked month refuses the whole day (raises
    ``ValidationError`` from :func:`attendance_authorise`), as does a missing capability."""
    month = first_of(day)
    worker_ids = sorted(marks)
    with transaction.atomic(), acting_as(acting_user):
        _lock_people(worker_ids)
        attendance_authorise(acting_user, project, month)
        days: dict[int, dict[dt.date, Decimal]] = {worker_id: {} for worker_id in worker_ids}
        for worker_id, date, amount in AttendanceDay.objects.filter(
            project=project, worker_id__in=worker_ids, date__range=(month, last_of(month))
        ).values_list("worker_id", "date", "amount"):
            days[worker_id][date] = amount
        for worker_id, amount in marks.items():
            days[worker_id][day] = amount
        refusals = attendance_refusals(project=project, month=month, days=days)
        refused = {refusal.worker_id for refusal in refusals}
        accepted = {w: entries for w, entries in days.items() if w not in refused}
        if accepted:
            _write_days(project, month, accepted)
            _write_months(
                acting_user,
                project,
                month,
                {w: sum(entries.values(), ZERO) for w, entries in accepted.items()},
                by_day=True,
            )
    return DayMarks(tuple(sorted(accepted)), tuple(refusals))
