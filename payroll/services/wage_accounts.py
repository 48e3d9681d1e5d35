"""Recording a project's dedicated wage account (农民工工资专用账户, plan task 9).

Projects at or above the year's scale threshold (``ProgrammeYear.wage_account_threshold``) pay
wages through a dedicated account; the project unit or its contractor records it here (the
bank's proof of opening is uploaded among the project's documents). Recording a new account
closes the one in use (a project has at most one open account).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from payroll import capabilities as caps
from payroll.models import WageAccount
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as


def wage_account_record(
    *,
    acting_user,
    project,
    bank: str,
    account_name: str,
    account_number: str,
    opened_on: dt.date,
    note: str = "",
) -> WageAccount:
    if acting_user is not None:  # None: the system (demo data)
        access.require(acting_user, caps.RECORD_WAGE_ACCOUNTS)
        if not scope.can(acting_user, scope.CHANGE, project):
            raise PermissionDenied("您不能登记该项目的工资专用账户")
    number = "".join(account_number.split())
    if not number.replace("-", "").isdigit():
        raise ValidationError({"account_number": "账号应为数字"})
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": "开户日期不能晚于今天"})
    with transaction.atomic(), acting_as(acting_user):
        current = (
            WageAccount.objects.select_for_update()
            .filter(project=project, closed_on__isnull=True)
            .first()
        )
        if current is not None:
            if opened_on < current.opened_on:
                raise ValidationError(
                    {"opened_on": f"新账户的开户日期不能早于在用账户的开户日期{current.opened_on}"}
                )
            current.closed_on = opened_on
            current.save(update_fields=["closed_on"])
        return WageAccount.objects.create(
            project=project,
            bank=bank.strip(),
            account_name=account_name.strip(),
            account_number=number,
            opened_on=opened_on,
            note=note.strip(),
            recorded_by=acting_user,
        )
