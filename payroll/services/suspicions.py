"""Suspected false hiring (虚报用工, art. 50; plan, safeguards (二): 对虚报用工…依法追责).

A person paid on several projects in one month for more days than the month has, or whose
attendance on the projects paying them falls on the same dates beyond one day, is listed for the
district office. The list is kept in step with the counted ledgers
(``WageLedger.objects.counted()``): :func:`suspicions_refresh` runs whenever a ledger starts or
stops counting (submitted, returned); a suspicion that no longer holds (a corrected ledger) is
marked resolved, one that appears again is reopened. The district office records what it found
(:func:`suspicion_review`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from payroll import capabilities as caps
from payroll.choices import SuspicionKind, SuspicionStatus
from payroll.models.ledgers import WageLedger, WageLine, WageSuspicion
from payroll.models.site import SiteSuspicion
from payroll.services.attendance import format_days
from payroll.services.ledger_checks import any_id, overlapping_attendance
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.months import days_in_month, first_of, last_of, month_label

ZERO = Decimal("0")


@dataclass
class Found:
    detail: str
    total_days: Decimal
    ledger_ids: set[int]
    dates: list[dt.date] = field(default_factory=list)


def find_suspicions(worker_ids: Iterable[int], month: dt.date) -> dict[tuple[int, str], Found]:
    """What the counted ledgers of ``month`` show for these people (two queries)."""
    month = first_of(month)
    length = days_in_month(month)
    counted = WageLedger.objects.counted().filter(month=month)
    rows = WageLine.objects.filter(
        any_id('"payroll_wageline"."worker_id"', sorted(set(worker_ids))),
        ledger__in=counted.values("pk"),
    ).values_list("worker_id", "ledger_id", "ledger__project_id", "ledger__project__code", "days")
    paid: dict[int, list[tuple[int, int, str, Decimal]]] = defaultdict(list)
    for worker_id, ledger_id, project_id, code, days in rows:
        paid[worker_id].append((ledger_id, project_id, code, days))
    several = {w: entries for w, entries in paid.items() if len(entries) > 1}
    found: dict[tuple[int, str], Found] = {}
    for worker_id, entries in several.items():
        total = sum((days for *_, days in entries), ZERO)
        if total > length:
            where = "、".join(f"{code}（{format_days(days)}天）" for _, _, code, days in entries)
            found[(worker_id, SuspicionKind.DAYS)] = Found(
                f"{month_label(month)}在{where}领取劳务报酬，合计{format_days(total)}天，"
                f"超过当月的{length}天",
                total,
                {ledger_id for ledger_id, *_ in entries},
            )
    paid_on = {w: {project_id for _, project_id, _, _ in e} for w, e in several.items()}
    overlaps = overlapping_attendance(paid_on, month, last_of(month))
    for worker_id, dates in overlaps.items():
        entries = several[worker_id]
        projects = {p for on_day in dates.values() for p, _ in on_day}
        codes = sorted({code for on_day in dates.values() for _, code in on_day})
        shown = "、".join(f"{d.month}月{d.day}日" for d in sorted(dates)[:8])
        more = f"等{len(dates)}天" if len(dates) > 8 else ""
        found[(worker_id, SuspicionKind.DATES)] = Found(
            f"{shown}{more}在{'、'.join(codes)}都有出勤并领取劳务报酬，同一天合计超过1天",
            sum((days for *_, days in entries), ZERO),
            {ledger_id for ledger_id, project_id, _, _ in entries if project_id in projects},
            sorted(dates),
        )
    return found


def suspicions_refresh(*, worker_ids: Iterable[int], month: dt.date) -> None:
    """Bring the suspicion list in step with the counted ledgers for these people and month.

    Called inside the transaction of the ledger step that changed what counts."""
    month = first_of(month)
    worker_ids = sorted(set(worker_ids))
    if not worker_ids:
        return
    found = find_suspicions(worker_ids, month)
    existing = {
        (s.worker_id, s.kind): s
        for s in WageSuspicion.objects.select_for_update().filter(
            any_id('"payroll_wagesuspicion"."worker_id"', worker_ids), month=month
        )
    }
    for key, fact in found.items():
        suspicion = existing.get(key)
        if suspicion is None:
            suspicion = WageSuspicion(worker_id=key[0], month=month, kind=key[1])
        elif suspicion.status == SuspicionStatus.RESOLVED:
            suspicion.status = SuspicionStatus.OPEN  # it came back: look again
        suspicion.detail, suspicion.total_days, suspicion.dates = (
            fact.detail,
            fact.total_days,
            fact.dates,
        )
        suspicion.save()
        suspicion.ledgers.set(sorted(fact.ledger_ids))
    for key, suspicion in existing.items():
        if key not in found and suspicion.status == SuspicionStatus.OPEN:
            suspicion.status = SuspicionStatus.RESOLVED
            suspicion.review_note = (
                f"{timezone.localdate():%Y-%m-%d}：相关台账退回或更正后已不再超出，系统自动标记"
            )
            suspicion.save(update_fields=["status", "review_note", "updated_at"])


REVIEW_OUTCOMES = (SuspicionStatus.CONFIRMED, SuspicionStatus.CLEARED)


def suspicion_review(
    *, acting_user, suspicion: WageSuspicion, status: str, note: str
) -> WageSuspicion:
    """The district office records what it found: confirmed (to be pursued, art. 50) or
    cleared (explained), with its note."""
    return _review(acting_user, WageSuspicion, caps.REVIEW_SUSPICIONS, suspicion, status, note)


def site_suspicion_review(
    *, acting_user, suspicion: SiteSuspicion, status: str, note: str
) -> SiteSuspicion:
    """The township or district office records what it found about a phone entry (issue 16
    item 2), the same way as for the ledgers' suspicions."""
    return _review(acting_user, SiteSuspicion, caps.REVIEW_SITE_SUSPICIONS, suspicion, status, note)


def _review(acting_user, model, capability, suspicion, status: str, note: str):
    access.require(acting_user, capability)
    if status not in REVIEW_OUTCOMES:
        raise ValidationError({"status": "请选择核查结论：已查实或已排除"})
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请写明核查意见"})
    with transaction.atomic(), acting_as(acting_user):
        locked = model.objects.select_for_update().get(pk=suspicion.pk)
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("您不能核查该疑点")
        locked.status = status
        locked.review_note = note
        locked.reviewed_by, locked.reviewed_at = acting_user, timezone.now()
        locked.save()
    return locked
