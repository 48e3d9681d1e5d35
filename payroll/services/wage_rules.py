"""The district's wage-payment rules per year (plan task 9): when a month's wages must be paid,
when its ledger must be submitted, how early project units are reminded.

The rules of the month's own year apply (December's wages, paid in January, follow December's
year). A year the district office has not set yet uses :data:`DEFAULTS`. The scale above which a
project needs a dedicated wage account is ``projects.ProgrammeYear.wage_account_threshold``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from payroll import capabilities as caps
from payroll.models import PayrollYear
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.months import next_month


@dataclass(frozen=True)
class WageRules:
    year: int
    pay_deadline_day: int = 15
    ledger_deadline_day: int = 20
    reminder_lead_days: int = 5
    is_default: bool = False

    def pay_deadline(self, month: dt.date) -> dt.date:
        """The last day the wages of ``month`` may be paid without being late."""
        return next_month(month).replace(day=self.pay_deadline_day)

    def ledger_deadline(self, month: dt.date) -> dt.date:
        """The last day the ledger of ``month`` may be submitted."""
        return next_month(month).replace(day=self.ledger_deadline_day)

    def reminders_start(self, month: dt.date) -> dt.date:
        return self.ledger_deadline(month) - dt.timedelta(days=self.reminder_lead_days)


DEFAULTS = WageRules(year=0, is_default=True)


def rules_for(year: int) -> WageRules:
    """The rules of ``year`` (one query), the defaults when the year is not set."""
    row = PayrollYear.objects.filter(year=year).first()
    if row is None:
        return WageRules(
            year=year,
            pay_deadline_day=DEFAULTS.pay_deadline_day,
            ledger_deadline_day=DEFAULTS.ledger_deadline_day,
            reminder_lead_days=DEFAULTS.reminder_lead_days,
            is_default=True,
        )
    return WageRules(
        year=year,
        pay_deadline_day=row.pay_deadline_day,
        ledger_deadline_day=row.ledger_deadline_day,
        reminder_lead_days=row.reminder_lead_days,
    )


def payroll_year_save(
    *,
    acting_user,
    year: int,
    pay_deadline_day: int,
    ledger_deadline_day: int,
    reminder_lead_days: int,
) -> PayrollYear:
    """Set the year's rules. Ledgers already created keep the pay deadline they were made with
    (``WageLedger.pay_deadline``)."""
    access.require(acting_user, caps.MANAGE_WAGE_SETTINGS)
    for field, value in (
        ("pay_deadline_day", pay_deadline_day),
        ("ledger_deadline_day", ledger_deadline_day),
    ):
        if not 1 <= value <= 28:
            raise ValidationError({field: "期限应为次月1日至28日之间的某一天"})
    if not 0 <= reminder_lead_days <= 27:
        raise ValidationError({"reminder_lead_days": "提前提醒天数应在0至27天之间"})
    with transaction.atomic(), acting_as(acting_user):
        row, _ = PayrollYear.objects.select_for_update().update_or_create(
            year=year,
            defaults={
                "pay_deadline_day": pay_deadline_day,
                "ledger_deadline_day": ledger_deadline_day,
                "reminder_lead_days": reminder_lead_days,
                "updated_by": acting_user,
            },
        )
    return row
