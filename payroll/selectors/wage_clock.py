"""The wage clock (issue 13, item 5; plan task 9, art. 30): for every line paid through the bank,
the days each stage held the money, from the end of the work month to the bank's credit, and
who held it. The clock stops at the credit, never at a signature (MGNREGA counted only up to the
pay order's signature, which hid the bank's share).

Stages, in order, each ending at a moment (Beijing dates, ``Asia/Shanghai``):

=========================  ==================================  ==============================
stage                      ends at                             held by
=========================  ==================================  ==============================
考勤确认 attendance         the month's attendance last changed  contractor / project unit
台账编制 ledger             the ledger submitted                 project unit
签字确认 signatures         the ledger signed                    project unit (workers sign)
备案 filing                 the ledger filed                     department
代发准备 batch              the first batch holding the line     payer (unit or contractor)
                            sent to the bank
银行入账 bank               the bank's credit date               bank
=========================  ==================================  ==============================

A moment that is missing (a ledger paid from its signature, before filing) or that came after a
later stage's moment gives its stage zero days; a line not yet credited runs to today, and the
stage it is in holds it. A failed instruction re-issued stays in the bank stage from the first
sending until the credit (the bank's answer, and the card's correction, are part of it).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Min, Q
from django.utils import timezone

from payroll.choices import InstructionStatus
from payroll.models import AttendanceMonth, PaymentInstruction
from yiguoji import scope
from yiguoji.months import last_of

STAGES = (
    ("attendance", "考勤确认", "施工单位/项目单位"),
    ("ledger", "台账编制", "项目单位"),
    ("signatures", "签字确认", "项目单位（务工人员签字）"),
    ("filing", "备案", "行业主管部门"),
    ("batch", "代发准备", "付款单位"),
    ("bank", "银行入账", "银行"),
)


def _day(moment) -> dt.date | None:
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return timezone.localtime(moment).date()
    return moment


@dataclass
class LineClock:
    line_id: int
    project_code: str
    project_name: str
    payer: str
    month: dt.date
    days: dict[str, int]
    credited: bool
    current: str = ""  # the stage holding an unfinished line

    @property
    def total(self) -> int:
        return sum(self.days.values())


def clock_for(start: dt.date, moments: list[dt.date | None], today: dt.date) -> tuple[dict, str]:
    """Days per stage from ``start`` (the month's last day) through ``moments`` (one per stage,
    None when it has not happened); an unfinished clock runs to ``today`` in the stage after
    the last moment reached. Returns the days and that stage ("" once credited)."""
    reached = max((i for i, moment in enumerate(moments) if moment is not None), default=-1)
    days, previous, current = {}, start, ""
    for index, (key, _label, _holder) in enumerate(STAGES):
        if index > reached:  # not there yet: the first such stage holds the money until today
            end = max(today, previous) if not current else previous
            current = current or key
        else:
            later = [moment for moment in moments[index + 1 :] if moment is not None]
            end = moments[index] or previous
            if later and end > min(later):
                end = previous  # happened after a later stage (filed after paying): zero days
            end = max(end, previous)
        days[key] = (end - previous).days
        previous = end
    return days, current


def line_clocks(user, *, today: dt.date | None = None) -> list[LineClock]:
    """One clock per ledger line that has gone to the bank, within ``user``'s scope."""
    today = today or timezone.localdate()
    instructions = scope.restrict(PaymentInstruction.objects.all(), user, scope.VIEW)
    lines = (
        instructions.order_by()
        .values(
            "line_id",
            "line__ledger__project_id",
            "line__ledger__project__code",
            "line__ledger__project__name",
            "line__ledger__month",
            "line__ledger__submitted_at",
            "line__ledger__signed_at",
            "line__ledger__filed_at",
            "batch__payer__name",
        )
        .annotate(
            sent=Min("batch__sent_at"),
            credited=Max("credited_on", filter=Q(status=InstructionStatus.CREDITED)),
        )
    )
    rows = list(lines)
    attendance = {
        (row["project_id"], row["month"]): row["at"]
        for row in AttendanceMonth.objects.filter(
            project_id__in={r["line__ledger__project_id"] for r in rows}
        )
        .order_by()
        .values("project_id", "month")
        .annotate(at=Max("updated_at"))
    }
    clocks = []
    for row in rows:
        month = row["line__ledger__month"]
        moments = [
            _day(attendance.get((row["line__ledger__project_id"], month))),
            _day(row["line__ledger__submitted_at"]),
            _day(row["line__ledger__signed_at"]),
            _day(row["line__ledger__filed_at"]),
            _day(row["sent"]),
            row["credited"],
        ]
        days, current = clock_for(last_of(month), moments, today)
        clocks.append(
            LineClock(
                line_id=row["line_id"],
                project_code=row["line__ledger__project__code"],
                project_name=row["line__ledger__project__name"],
                payer=row["batch__payer__name"],
                month=month,
                days=days,
                credited=row["credited"] is not None,
                current=current,
            )
        )
    return clocks


@dataclass
class StageFigures:
    median: float
    worst: int


@dataclass
class ClockRow:
    """Per project (or payer): median and worst days per stage and in total, over its lines."""

    key: str
    label: str
    lines: int
    open_lines: int
    stages: dict[str, StageFigures] = field(default_factory=dict)
    total: StageFigures | None = None
    slowest: str = ""  # the stage with the worst median: where lateness is attributed


def summarise(clocks: list[LineClock], by: str = "project") -> list[ClockRow]:
    groups: dict[tuple[str, str], list[LineClock]] = defaultdict(list)
    for clock in clocks:
        key = (clock.project_code, clock.project_name) if by == "project" else (clock.payer, "")
        groups[key].append(clock)
    rows = []
    for (key, label), members in sorted(groups.items()):
        stages = {
            stage: StageFigures(
                statistics.median(c.days[stage] for c in members),
                max(c.days[stage] for c in members),
            )
            for stage, _, _ in STAGES
        }
        totals = [c.total for c in members]
        rows.append(
            ClockRow(
                key=key,
                label=label,
                lines=len(members),
                open_lines=sum(1 for c in members if not c.credited),
                stages=stages,
                total=StageFigures(statistics.median(totals), max(totals)),
                slowest=max(stages, key=lambda s: (stages[s].median, stages[s].worst)),
            )
        )
    return rows
