"""Test data for the assessment: wage ledgers written directly (the figures, not the ledger
workflow, are under test here), reports, findings, complaints, forecasts and rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessment.choices import AppliesTo, FindingKind, FindingSource
from assessment.models import Finding, Forecast, ScoringRule
from payroll.choices import LedgerStatus
from payroll.models import WageLedger, WageLine
from projects.models import ProjectTransition
from tests.projects.factories import make_complaint

D = Decimal


def ledger(project, month: dt.date, lines, *, status=LedgerStatus.FILED, previous=None):
    """A ledger of ``project`` for ``month`` with ``lines``: (worker, days, rate, paid,
    pay_date) tuples; payable = days x rate."""
    book = WageLedger.objects.create(
        project=project,
        month=month,
        status=status,
        version=previous.version + 1 if previous else 1,
        previous=previous,
        pay_deadline=(month.replace(day=28) + dt.timedelta(days=4)).replace(day=15),
    )
    made = [
        WageLine(
            ledger=book,
            seq=seq,
            worker=worker,
            days=D(days),
            daily_rate=D(rate),
            payable=D(days) * D(rate),
            paid=D(paid),
            pay_date=pay_date,
        )
        for seq, (worker, days, rate, paid, pay_date) in enumerate(lines, start=1)
    ]
    WageLine.objects.bulk_create(made)
    return book


def started(project, user, on: dt.date, *, completed: dt.date | None = None):
    """Record that ``project`` was started (and completed) on those Beijing dates."""
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(9)))
    ProjectTransition.objects.create(
        project=project, action="start", from_status="approved", to_status="started",
        actor=user, at=moment, reason="开工",
    )  # fmt: skip
    if completed:
        ProjectTransition.objects.create(
            project=project, action="complete", from_status="in_progress",
            to_status="completed", actor=user,
            at=timezone.make_aware(dt.datetime.combine(completed, dt.time(9))), reason="完工",
        )  # fmt: skip


def complaint(project, user, *, status="open", **fields):
    """A wage complaint in the one register (projects.Complaint); anonymous by default is not
    allowed for wages any more, so the old default name is used."""
    fields.pop("channel", None)
    fields.pop("anonymous", None)
    return make_complaint(project, user, status=status, **fields)


def finding(user, *, kind=FindingKind.FALSE_HIRING, project=None, organisation=None, **fields):
    values = {
        "source": FindingSource.SPECIAL,
        "found_on": dt.date(2026, 7, 1),
        "deadline": dt.date(2026, 8, 1),
        "description": "台账中3人未实际出勤",
        **fields,
    }
    return Finding.objects.create(
        kind=kind,
        project=project,
        organisation=organisation or project.owner,
        recorded_by=user,
        **values,
    )


def forecast(organisation, user, year=2026, *, projects=1, beneficiaries=10, wages="100000",
             explanation="", submitted=None, **last):  # fmt: skip
    return Forecast.objects.create(
        year=year, organisation=organisation, projects=projects, beneficiaries=beneficiaries,
        wage_total=D(wages), explanation=explanation, submitted_by=user,
        submitted_at=submitted or timezone.make_aware(dt.datetime(year, 1, 20, 10)), **last,
    )  # fmt: skip


def rule(year=2026, **fields):
    values = {"indicator": "指标", "weight": D("10"), "points": D("2"), "applies_to": AppliesTo.ALL}
    values.update(fields)
    return ScoringRule.objects.create(year=year, **values)
