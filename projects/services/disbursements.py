"""The disbursement ledger (资金拨付台账): money actually transferred to each funding line.

Safeguard (二) asks the departments to supervise 资金使用、项目进度 with finance and audit; art. 21
asks that funds be disbursed according to the plan, through a strict procedure, safely, timely,
accurately. The finance bureau (or the district office) records each transfer: amount, date,
from whom to whom, voucher. A transfer is never edited or deleted; a wrong one is reversed by a
negative row naming it, with the reason. Every row is in the audit trail (``@track``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import ProjectStatus
from projects.models import Disbursement, FundingLine, Project
from projects.services.common import OUT_OF_SCOPE
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as

S = ProjectStatus
# Money follows the plan (art. 21: 按照以工代赈计划拨付资金): from approval on.
DISBURSABLE = (S.APPROVED, S.STARTED, S.IN_PROGRESS, S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)


def _check_user(acting_user, project: Project) -> None:
    access.require(acting_user, caps.RECORD_DISBURSEMENT)
    # The finance bureau reads every project but changes none of its planning: it may record
    # transfers on any project it sees.
    if not scope.can(acting_user, scope.VIEW, project):
        raise PermissionDenied(OUT_OF_SCOPE)


def line_disbursed(funding_line: FundingLine) -> Decimal:
    total = Disbursement.objects.filter(funding_line=funding_line).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0")


def disbursement_record(
    *,
    acting_user,
    funding_line: FundingLine,
    amount: Decimal,
    disbursed_on: dt.date,
    payer: str,
    payee: str,
    voucher: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> Disbursement:
    """Record one transfer of ``funding_line``'s money, refusing in words what art. 21 forbids:
    before the project is approved, in the future, or beyond what the line arranges."""
    project = funding_line.project
    _check_user(acting_user, project)
    today = today or timezone.localdate()
    amount = Decimal(amount)
    errors: dict[str, str] = {}
    if amount <= 0:
        errors["amount"] = "拨付金额须大于零"
    if disbursed_on > today:
        errors["disbursed_on"] = f"拨付日期 {disbursed_on:%Y-%m-%d} 晚于今天，请在拨付后登记"
    if not payer.strip():
        errors["payer"] = "请填写拨付单位"
    if not payee.strip():
        errors["payee"] = "请填写收款单位"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user, action="projects.disbursement_record"):
        locked = (
            FundingLine.objects.select_for_update()
            .select_related("project")
            .get(pk=funding_line.pk)
        )
        if locked.project.status not in DISBURSABLE:
            raise ValidationError(
                f"项目当前状态为“{locked.project.get_status_display()}”，批复后方可拨付资金"
                "（第二十一条：按照以工代赈计划拨付资金）"
            )
        already = line_disbursed(locked)
        if already + amount > locked.amount:
            raise ValidationError(
                {
                    "amount": f"“{locked.get_source_display()}”计划 {locked.amount:,.2f} 元，"
                    f"已拨付 {already:,.2f} 元，本次 {amount:,.2f} 元后将超出计划 "
                    f"{already + amount - locked.amount:,.2f} 元（第二十一条）"
                }
            )
        return Disbursement.objects.create(
            project=locked.project,
            funding_line=locked,
            amount=amount,
            disbursed_on=disbursed_on,
            payer=payer.strip(),
            payee=payee.strip(),
            voucher=voucher.strip(),
            note=note.strip(),
            recorded_by=acting_user,
        )


def disbursement_reverse(
    *, acting_user, disbursement: Disbursement, reason: str, on: dt.date | None = None
) -> Disbursement:
    """Reverse a wrongly recorded transfer with a negative row (冲销); the original stays."""
    _check_user(acting_user, disbursement.project)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写冲销原因"})
    if disbursement.reverses_id is not None:
        raise ValidationError("冲销记录不能再冲销")
    with transaction.atomic(), acting_as(acting_user, action="projects.disbursement_reverse"):
        original = Disbursement.objects.select_for_update().get(pk=disbursement.pk)
        if Disbursement.objects.filter(reverses=original).exists():
            raise ValidationError("该笔拨付已冲销")
        return Disbursement.objects.create(
            project=original.project,
            funding_line=original.funding_line,
            amount=-original.amount,
            disbursed_on=on or timezone.localdate(),
            payer=original.payer,
            payee=original.payee,
            voucher=original.voucher,
            note=f"冲销：{reason}",
            reverses=original,
            recorded_by=acting_user,
        )
