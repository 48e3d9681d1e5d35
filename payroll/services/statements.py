"""The dedicated wage account's statement (流水, issue 13 item 6; plan task 9).

The payer imports the account's statement (``payroll.importers.statement``): outflows are
matched to credited payment instructions, the others flagged, and the closing balance compared
with the wages still due by bank (:func:`wages_due`).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import F, Sum
from django.db.models.functions import Greatest

from payroll import capabilities as caps
from payroll.choices import PayMethod
from payroll.models import WageAccount
from yiguoji import scope
from yiguoji.core import access
from yiguoji.imports import run_import


def authorise_statement(acting_user, account: WageAccount) -> None:
    """The payer's side of the project (unit, contractor or collective) imports statements."""
    if acting_user is None:
        return
    access.require(acting_user, caps.PAY_WAGES)
    if not scope.can(acting_user, scope.CHANGE, account):
        raise PermissionDenied("您不是该项目的付款单位，不能导入该专用账户的流水")


def wages_due(project) -> Decimal:
    """Wages of the project's counted ledgers to be paid by card and not yet credited by the
    bank (payable less what counts as paid, ``payroll.selectors.paid``): what the dedicated
    account must still hold."""
    from payroll.selectors.paid import paid_lines

    due = (
        paid_lines()
        .filter(ledger__project=project, method=PayMethod.BANK_CARD)
        .annotate(due=Greatest(F("payable") - F("paid_amount"), Decimal(0)))
        .aggregate(total=Sum("due"))["total"]
    )
    return due or Decimal("0.00")


def statement_import(*, acting_user, account: WageAccount, upload, progress=None):
    """The statement through the one import engine (all or nothing, row errors)."""
    from payroll.importers.statement import StatementImport

    return run_import(
        StatementImport(wage_account=account),
        upload,
        context={"user": acting_user},
        progress=progress,
    )
