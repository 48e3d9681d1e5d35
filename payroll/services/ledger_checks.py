"""The checks of a wage ledger (劳务报酬发放台账): one function per rule, each in one place.

Sources: plan task 4 (real-name management: contracts, attendance), plan task 9 (wages paid by
bank card to the worker's own card after the workers' signatures; no arrears, deductions or
falsification), national measures art. 30 (wages paid in full and on time, never withheld or
deducted; machinery rented from locals is not wages) and art. 50 (false organisation of labour,
wages falsely reported or claimed).

Every rule is a function ``rule(lines, facts) -> Iterable[Finding]``. A finding has a severity:

* ``error``: the ledger cannot be saved (upload, browser edit) or submitted with it;
* ``warning``: allowed, but the line needs a written explanation (情况说明) before the ledger is
  submitted; arrears, late payment and suspected false hiring are also listed for the district.

:func:`check_lines` runs every rule for the upload (``payroll.importers.ledger``), the browser's
line edit and the submission alike (``payroll.services.ledgers``). What the rules need from the
database is fetched once for all lines by :func:`gather_facts`: a fixed number of queries
whatever the number of lines, so a 10,000-line ledger is checked in the same four queries as a
ten-line one (five when some of its people are paid on other projects too).

Money is ``Decimal`` to the fen. The one place that rounds is :func:`payable_for`: days are whole
or half days, so days x rate has at most three decimals (a half day at 150.25 yuan is 75.125);
the payable amount is that product rounded half up to the fen, as a payslip would.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.text import format_lazy

from payroll.choices import PayMethod
from payroll.models import AttendanceDay, AttendanceMonth, LabourContract, Worker
from payroll.models.ledgers import WageLedger, WageLine
from payroll.services.attendance import format_days
from yiguoji import formats
from yiguoji.core import crypto
from yiguoji.core.terms import term
from yiguoji.months import days_in_month, first_of, last_of, month_label

ERROR, WARNING = "error", "warning"
FEN = Decimal("0.01")
ZERO = Decimal("0")
ONE = Decimal("1")
DEDUCTION_WORDS = re.compile(r"扣款|扣除|代扣|扣发|克扣|扣减|扣押|罚款|罚金")
MACHINERY_WORDS = re.compile(r"机械|台班|设备租|租赁|车辆|油费|租车|挖掘机|铲车")


def payable_for(days: Decimal, rate: Decimal) -> Decimal:
    """Days x daily rate, to the fen (the only rounding of the ledger: ROUND_HALF_UP)."""
    return (Decimal(days) * Decimal(rate)).quantize(FEN, rounding=ROUND_HALF_UP)


def yuan(amount: Decimal) -> str:
    return f"{formats.yuan(amount)}元"


@dataclass
class LineInput:
    """One worker's line as the rules see it, from an upload row, a form or the database."""

    worker_id: int
    days: Decimal
    daily_rate: Decimal
    payable: Decimal
    paid: Decimal
    pay_date: dt.date | None = None
    method: str = PayMethod.BANK_CARD
    method_reason: str = ""
    card_index: bytes | None = None  # blind index of the card paid into; None: not stated
    remarks: str = ""
    explanation: str = ""
    deduction: Decimal = ZERO  # an upload's 扣款 column (never stored: refused)
    machinery: Decimal = ZERO  # an upload's 机械租赁费 column (never stored: refused)
    position_id: int | None = None
    ref: object = None  # what the caller reports on: the upload row, or the line's pk

    @classmethod
    def of(cls, line: WageLine) -> LineInput:
        return cls(
            worker_id=line.worker_id,
            days=line.days,
            daily_rate=line.daily_rate,
            payable=line.payable,
            paid=line.paid,
            pay_date=line.pay_date,
            method=line.method,
            method_reason=line.method_reason,
            card_index=bytes(line.card_index) if line.card_index is not None else None,
            remarks=line.remarks,
            explanation=line.explanation,
            position_id=line.position_id,
            ref=line.pk,
        )


@dataclass(frozen=True)
class Finding:
    severity: str
    rule: str
    worker_id: int | None
    message: str  # names the person and the rule
    column: str | None = None  # the column/input concerned (days, payable, paid, ...)
    ref: object = field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    @property
    def reason(self) -> str:
        """The message without the person's name (where the name is shown beside it)."""
        return self.message.partition("：")[2] or self.message


@dataclass(frozen=True)
class Contract:
    starts_on: dt.date
    last_day: dt.date
    daily_wage: Decimal
    position_id: int


@dataclass(frozen=True)
class PaidElsewhere:
    """A counted line of the same person on another project in the same month."""

    project_id: int
    project_code: str
    ledger_id: int
    days: Decimal


@dataclass(frozen=True)
class Unchecked:
    """People of an upload whose rows could not be checked (a refused cell, a repeated ID, a
    name that does not match the register): their rows are there, only wrong, so they are
    never reported as left out. ``anyone``: such a row names nobody recognisable, so nobody is.
    """

    worker_ids: frozenset[int] = frozenset()
    names: frozenset[str] = frozenset()
    anyone: bool = False

    def covers(self, worker_id: int, name: str) -> bool:
        return self.anyone or worker_id in self.worker_ids or name in self.names


@dataclass
class Facts:
    """What the rules need from the database, for all lines at once."""

    project: object
    month: dt.date
    today: dt.date
    pay_deadline: dt.date
    names: dict[int, str] = field(default_factory=dict)
    own_cards: dict[int, bytes | None] = field(default_factory=dict)  # blind index per person
    # Each person's card as the register keeps it (ciphertext token, blind index, masked form),
    # which a bank-card line stores as the card paid into.
    cards: dict[int, tuple[bytes | None, bytes | None, str]] = field(default_factory=dict)
    contracts: dict[int, list[Contract]] = field(default_factory=dict)
    attendance: dict[int, Decimal] = field(default_factory=dict)  # whole project-month
    elsewhere: dict[int, list[PaidElsewhere]] = field(default_factory=dict)
    overlaps: dict[int, dict[dt.date, list[str]]] = field(default_factory=dict)
    unchecked: Unchecked = field(default_factory=Unchecked)

    @property
    def month_days(self) -> int:
        return days_in_month(self.month)

    def name(self, worker_id: int) -> str:
        return self.names.get(worker_id, f"#{worker_id}")


def any_id(column: str, values: Sequence[int]) -> RawSQL:
    """``column = ANY(%s)`` with one array parameter (cheap for thousands of ids)."""
    return RawSQL(f"{column} = ANY(%s)", (list(values),), output_field=BooleanField())


def fetched(queryset) -> list[tuple]:
    """The rows of a ``values_list`` queryset as the database driver gives them (Decimal, date,
    bytes), without Django's per-row iterator and converters: the facts of a 10,000-line upload
    are some 40,000 rows (issue 12 item 2). Encrypted columns come back as their bytes."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def gather_facts(
    project, month: dt.date, worker_ids: Iterable[int], *, pay_deadline: dt.date, today=None
) -> Facts:
    """Everything the rules read, in four or five queries whatever the number of workers."""
    month = first_of(month)
    first, last = month, last_of(month)
    facts = Facts(project, month, today or timezone.localdate(), pay_deadline)
    facts.attendance = dict(
        fetched(
            AttendanceMonth.objects.filter(project=project, month=month)
            .order_by()
            .values_list("worker_id", "days")
        )
    )
    ids = sorted(set(worker_ids) | set(facts.attendance))
    people = (
        Worker.objects.filter(any_id('"payroll_worker"."id"', ids))
        .order_by()
        .values_list("pk", "name", "bank_card_encrypted", "bank_card_index", "bank_card_masked")
    )
    for pk, name, token, card, masked in fetched(people):
        index = bytes(card) if card is not None else None
        facts.names[pk] = name
        facts.own_cards[pk] = index
        facts.cards[pk] = (bytes(token) if token is not None else None, index, masked)
    # All the project's contracts touching the month (bounded by the project's size; cheaper
    # than looking up thousands of people one by one), kept for the people concerned.
    contracts = (
        LabourContract.objects.filter(project=project, starts_on__lte=last, ends_on__gte=first)
        .order_by()
        .values_list("worker_id", "starts_on", "ends_on", "ended_on", "daily_wage", "position_id")
    )
    for worker_id, starts_on, ends_on, ended_on, wage, position_id in fetched(contracts):
        end = min(ends_on, ended_on) if ended_on else ends_on
        if worker_id in facts.names and end >= first and end >= starts_on:
            facts.contracts.setdefault(worker_id, []).append(
                Contract(starts_on, end, wage, position_id)
            )
    others = WageLedger.objects.counted().filter(month=month).exclude(project=project)
    paid = (
        WageLine.objects.filter(
            any_id('"payroll_wageline"."worker_id"', ids), ledger__in=others.values("pk")
        )
        .order_by()
        .values_list(
            "worker_id", "ledger__project_id", "ledger__project__code", "ledger_id", "days"
        )
    )
    for worker_id, project_id, code, ledger_id, days in fetched(paid):
        facts.elsewhere.setdefault(worker_id, []).append(
            PaidElsewhere(project_id, code, ledger_id, days)
        )
    facts.overlaps = _overlapping_dates(project, facts.elsewhere, first, last)
    return facts


def overlapping_attendance(
    paid_on: dict[int, set[int]], first: dt.date, last: dt.date
) -> dict[int, dict[dt.date, list[tuple[int, str]]]]:
    """For each person, the dates in ``first``..``last`` on which their attendance on the
    projects they are paid on (``paid_on``: person -> project ids) adds up to more than one
    day, with those projects (id, code). One query, for these people only."""
    if not paid_on:
        return {}
    project_ids = sorted({p for projects in paid_on.values() for p in projects})
    rows = (
        AttendanceDay.objects.filter(
            any_id('"payroll_attendanceday"."worker_id"', sorted(paid_on)),
            any_id('"payroll_attendanceday"."project_id"', project_ids),
            date__range=(first, last),
        )
        .order_by()
        .values_list("worker_id", "project_id", "project__code", "date", "amount")
    )
    days: dict[tuple[int, dt.date], list[tuple[int, str, Decimal]]] = defaultdict(list)
    for worker_id, project_id, code, date, amount in rows:
        if project_id in paid_on[worker_id]:
            days[(worker_id, date)].append((project_id, code, amount))
    found: dict[int, dict[dt.date, list[tuple[int, str]]]] = defaultdict(dict)
    for (worker_id, date), entries in days.items():
        if len(entries) > 1 and sum((a for _, _, a in entries), ZERO) > ONE:
            found[worker_id][date] = [(p, code) for p, code, _ in entries]
    return dict(found)


def _overlapping_dates(project, elsewhere, first, last) -> dict[int, dict[dt.date, list[str]]]:
    """For people paid on other projects too: the dates on which their attendance here and on
    those projects adds up to more than one day, with the other projects' codes."""
    paid_on = {w: {project.pk} | {e.project_id for e in rows} for w, rows in elsewhere.items()}
    overlaps: dict[int, dict[dt.date, list[str]]] = {}
    for worker_id, dates in overlapping_attendance(paid_on, first, last).items():
        ours = {
            date: [code for p, code in entries if p != project.pk]
            for date, entries in dates.items()
            if any(p == project.pk for p, _ in entries)
        }
        if ours:
            overlaps[worker_id] = ours
    return overlaps


# --- The rules ----------------------------------------------------------------------------------


def said(severity: str, rule: str, line: LineInput, facts: Facts, text: str, column=None):
    """A finding about ``line``'s person: "<name>：<text>"."""
    name = facts.name(line.worker_id)
    return Finding(severity, rule, line.worker_id, f"{name}：{text}", column, line.ref)


def hired_on_project(lines, facts):
    """Only people hired on this project (a labour contract covering the month) are paid on
    its ledger (plan task 4: real-name management, contracts; art. 29)."""
    for line in lines:
        if line.worker_id not in facts.contracts:
            yield said(
                ERROR, "hired", line, facts,
                f"{month_label(facts.month)}未与本项目签订劳务合同（未招用），不能列入本项目台账"
                "（重点任务4：实名制管理）",
                "name",
            )  # fmt: skip


def days_within_attendance(lines, facts):
    """Days paid are whole or half days, within the month and within the attendance recorded
    for the person on this project (plan task 4: daily attendance)."""
    label = month_label(facts.month)
    for line in lines:
        days, recorded = line.days, facts.attendance.get(line.worker_id)
        shown = format_days(days)
        if days < ZERO or days * 2 != int(days * 2):
            text = f"出勤天数应为0或正数，最小单位0.5天，不能填{shown}"
        elif days > facts.month_days:
            text = f"出勤{shown}天，超过{label}的{facts.month_days}天"
        elif recorded is None and days > ZERO:
            text = (
                f"{label}在本项目没有考勤记录，不能按{shown}天发放（重点任务4：日常考勤），"
                "请先登记考勤"
            )
        elif recorded is not None and days > recorded:
            text = f"台账{shown}天，多于考勤记录的{format_days(recorded)}天"
        elif recorded is not None and days < recorded:
            text = f"台账{shown}天，少于考勤记录的{format_days(recorded)}天，可能少发劳务报酬"
            yield said(WARNING, "days", line, facts, text, "days")
            continue
        else:
            continue
        yield said(ERROR, "days", line, facts, text, "days")


def everyone_who_worked_is_listed(lines, facts):
    """Everyone with attendance on the project in the month has a line: leaving a person out
    is not paying them (art. 30: 足额发放). Unpaid wages are listed with what was paid."""
    listed = {line.worker_id for line in lines}
    missing = [
        worker_id
        for worker_id, days in facts.attendance.items()
        if days > ZERO
        and worker_id not in listed
        and not facts.unchecked.covers(worker_id, facts.name(worker_id))
    ]
    for worker_id in sorted(missing, key=lambda pk: (facts.name(pk), pk)):
        days = facts.attendance[worker_id]
        yield Finding(
            ERROR,
            "listed",
            worker_id,
            f"{facts.name(worker_id)}：{month_label(facts.month)}在本项目出勤"
            f"{format_days(days)}天，台账中没有其劳务报酬（未发放也应列入，实发填0）",
        )


def payable_is_days_times_rate(lines, facts):
    """Payable = days x daily rate, to the fen (see :func:`payable_for`)."""
    for line in lines:
        expected = payable_for(line.days, line.daily_rate)
        if line.payable != expected:
            yield said(
                ERROR, "payable", line, facts,
                f"应发金额应为出勤{format_days(line.days)}天×{yuan(line.daily_rate)}="
                f"{yuan(expected)}，不是{yuan(line.payable)}",
                "payable",
            )  # fmt: skip


def rate_as_contracted(lines, facts):
    """The daily rate is the one agreed in the person's labour contract (art. 29, 30)."""
    for line in lines:
        rates = {c.daily_wage for c in facts.contracts.get(line.worker_id, ())}
        if rates and line.daily_rate not in rates:
            agreed = "、".join(yuan(rate) for rate in sorted(rates))
            text = f"日劳务报酬{yuan(line.daily_rate)}，与劳务合同约定的{agreed}不一致"
            yield said(WARNING, "rate", line, facts, text, "daily_rate")


def paid_in_full(lines, facts):
    """Wages are paid in full (art. 30: 足额发放, 严禁拖欠): paid short of payable is arrears;
    money paid for no days worked is refused (art. 50: 虚报冒领)."""
    for line in lines:
        paid, payable = line.paid, line.payable
        if line.days == ZERO and paid > ZERO:
            text = f"没有出勤天数，却实发{yuan(paid)}（第五十条：不得虚报冒领）"
            yield said(ERROR, "paid", line, facts, text, "paid")
        elif paid < payable:
            text = (
                f"应发{yuan(payable)}，实发{yuan(paid)}，欠发{yuan(payable - paid)}"
                "（第三十条：足额发放，严禁拖欠）"
            )
            yield said(WARNING, "arrears", line, facts, text, "paid")
        elif paid > payable:
            text = (
                f"实发{yuan(paid)}多于应发{yuan(payable)}，"
                "请说明原因（如补发以前月份欠发的劳务报酬）"
            )
            yield said(WARNING, "overpaid", line, facts, text, "paid")


def paid_on_time(lines, facts):
    """Wages are paid on time (art. 30: 及时发放): by the district's deadline for the month."""
    deadline = facts.pay_deadline
    for line in lines:
        day = line.pay_date
        if day is None:
            if line.paid > ZERO:
                text = f"已实发{yuan(line.paid)}，请填写发放日期"
                yield said(ERROR, "pay_date", line, facts, text, "pay_date")
        elif day > facts.today:
            text = f"发放日期{day:%Y-%m-%d}晚于今天，台账只登记已发放的劳务报酬"
            yield said(ERROR, "pay_date", line, facts, text, "pay_date")
        elif day < facts.month:
            text = (
                f"发放日期{day:%Y-%m-%d}早于{month_label(facts.month)}，"
                "不能在务工之前发放本月劳务报酬"
            )
            yield said(ERROR, "pay_date", line, facts, text, "pay_date")
        elif day > deadline:
            text = (
                f"{day:%Y-%m-%d}发放，晚于发放期限{deadline:%Y-%m-%d}，"
                "属逾期发放（第三十条：及时发放）"
            )
            yield said(WARNING, "late", line, facts, text, "pay_date")


def _amount_or_words(lines, facts, *, rule: str, amount: str, words, refusal: str, label: str):
    """Refuse a line with money in column ``amount`` or a remark using one of ``words``."""
    for line in lines:
        money = getattr(line, amount)
        if money > ZERO:
            yield said(ERROR, rule, line, facts, f"{label}{yuan(money)}{refusal}", amount)
        if match := words.search(line.remarks or ""):
            yield said(ERROR, rule, line, facts, f"备注写有“{match.group()}”{refusal}", "remarks")


def no_deductions(lines, facts):
    """Wages are never deducted (art. 30: 严禁克扣; plan task 9: 杜绝拖欠克扣)."""
    yield from _amount_or_words(
        lines, facts, rule="deduction", amount="deduction", words=DEDUCTION_WORDS,
        label="扣款", refusal="，劳务报酬不得克扣（第三十条）",
    )  # fmt: skip


def not_machinery(lines, facts):
    """Rent for locals' machinery is never counted as wages (art. 30)."""
    yield from _amount_or_words(
        lines, facts, rule="machinery", amount="machinery", words=MACHINERY_WORDS,
        label="机械租赁费", refusal="，租赁当地群众机械设备等费用不得计入劳务报酬（第三十条）",
    )  # fmt: skip


def paid_to_own_card(lines, facts):
    """By bank card to the worker's own card (plan task 9; art. 30: 一般通过银行卡发放);
    another method needs a reason."""
    for line in lines:
        if line.method != PayMethod.BANK_CARD:
            if not (line.method_reason or "").strip():
                text = (
                    f"以{PayMethod(line.method).label}发放须写明原因"
                    "（重点任务9：原则上通过银行卡发放至本人）"
                )
                yield said(ERROR, "method", line, facts, text, "method_reason")
            continue
        own = facts.own_cards.get(line.worker_id)
        if own is None:
            text = "务工人员名册中没有登记本人银行卡，请先登记（劳务报酬须发放至本人银行卡）"
            yield said(ERROR, "card", line, facts, text, "card")
        elif line.card_index is not None and _other_card(line.card_index, own):
            text = "银行卡号不是本人在名册中登记的银行卡，劳务报酬须发放至本人银行卡（重点任务9）"
            yield said(ERROR, "card", line, facts, text, "card")


def _other_card(line_index: bytes, own: bytes) -> bool:
    """The line's card is not the register's one. Indexes under two key versions (a key rotation
    is under way) cannot be compared and are not called different."""
    if crypto.version_of(line_index) != crypto.version_of(own):
        return False
    return bytes(line_index) != bytes(own)


def paid_once_across_projects(lines, facts):
    """The same person paid on several projects for more days than the month has, or for the
    same dates: suspected false hiring (虚报用工, art. 50), listed for the district office."""
    flagged = format_lazy("疑似虚报用工（第五十条），已列入{}核查清单", term("office"))
    for line in lines:
        elsewhere = facts.elsewhere.get(line.worker_id, [])
        total = line.days + sum((e.days for e in elsewhere), ZERO)
        if elsewhere and total > facts.month_days:
            where = "、".join(f"{e.project_code}（{format_days(e.days)}天）" for e in elsewhere)
            text = (
                f"本月在本项目{format_days(line.days)}天，另在{where}领取劳务报酬，"
                f"合计{format_days(total)}天超过{month_label(facts.month)}的"
                f"{facts.month_days}天，{flagged}"
            )
            yield said(WARNING, "false_hiring", line, facts, text, "days")
        overlaps = facts.overlaps.get(line.worker_id)
        if overlaps:
            dates = sorted(overlaps)
            codes = "、".join(sorted({code for d in dates for code in overlaps[d]}))
            shown = "、".join(f"{d.month}月{d.day}日" for d in dates[:5])
            more = f"等{len(dates)}天" if len(dates) > 5 else ""
            text = f"{shown}{more}在本项目和{codes}都有全天出勤并领取劳务报酬，{flagged}"
            yield said(WARNING, "false_hiring", line, facts, text, "days")


RULES = (
    hired_on_project,
    days_within_attendance,
    everyone_who_worked_is_listed,
    payable_is_days_times_rate,
    rate_as_contracted,
    paid_in_full,
    paid_on_time,
    no_deductions,
    paid_to_own_card,
    not_machinery,
    paid_once_across_projects,
)


def run_rules(lines: Sequence[LineInput], facts: Facts) -> list[Finding]:
    return [finding for rule in RULES for finding in rule(lines, facts)]


def check_lines(
    project,
    month: dt.date,
    lines: Sequence[LineInput],
    *,
    pay_deadline: dt.date,
    today=None,
    unchecked: Unchecked | None = None,
) -> list[Finding]:
    """Every finding for ``lines`` as the ledger of ``project`` in ``month`` (fixed queries).
    ``unchecked``: people of an upload whose rows failed (see :class:`Unchecked`)."""
    facts = gather_facts(
        project,
        month,
        [line.worker_id for line in lines],
        pay_deadline=pay_deadline,
        today=today,
    )
    if unchecked is not None:
        facts.unchecked = unchecked
    return run_rules(lines, facts)


def unexplained(findings: Iterable[Finding], lines: Sequence[LineInput]) -> list[Finding]:
    """Warnings on lines without a written explanation: each blocks submission."""
    explained = {line.worker_id for line in lines if (line.explanation or "").strip()}
    return [
        f
        for f in findings
        if f.severity == WARNING and f.worker_id is not None and f.worker_id not in explained
    ]


def by_worker(findings: Iterable[Finding]) -> dict[int | None, list[Finding]]:
    grouped: dict[int | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.worker_id].append(finding)
    return dict(grouped)
