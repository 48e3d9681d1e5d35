"""The district's numbers for wages paid through the bank (issue 13; every rule that is a number
is the district's data): how many days after a batch is sent its reply counts as overdue, how
many days apart a statement's outflow and the bank's credit date may be and still match, and how
long a name-account check's "matching" answer stays valid (``payroll.models.PaymentRules``).

Readers use the expressions below inside their own query (one subquery, no extra query): a page
with a fixed number of queries keeps it, and the district's change applies at once.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from payroll import capabilities as caps
from payroll.models import PaymentRules
from yiguoji.core import access
from yiguoji.core.audit import acting_as

#: The range each number may take (also a database constraint, ``payment_rules_in_range``).
RANGES = {
    "reply_overdue_days": (1, 30),
    "statement_match_days": (0, 15),
    "card_check_valid_days": (7, 1095),
}


def default(field: str) -> int:
    return PaymentRules._meta.get_field(field).default


def days_before_now(field: str):
    """``now - <the district's number of days in field>`` as a query expression (the default
    when the district has set none); ``now`` is the application's clock."""
    days = Coalesce(
        Subquery(PaymentRules.objects.order_by("pk").values(field)[:1]), Value(default(field))
    )
    return ExpressionWrapper(
        Value(timezone.now()) - days * Value(dt.timedelta(days=1)),
        output_field=DateTimeField(),
    )


def payment_rules_save(
    *,
    acting_user,
    reply_overdue_days: int,
    statement_match_days: int,
    card_check_valid_days: int,
) -> PaymentRules:
    """The district office sets the numbers (one row)."""
    access.require(acting_user, caps.MANAGE_WAGE_SETTINGS)
    values = {
        "reply_overdue_days": reply_overdue_days,
        "statement_match_days": statement_match_days,
        "card_check_valid_days": card_check_valid_days,
    }
    errors = {
        field: f"应在{low}至{high}天之间"
        for field, value in values.items()
        for low, high in [RANGES[field]]
        if not low <= value <= high
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user):
        rules = PaymentRules.objects.select_for_update().order_by("pk").first() or PaymentRules()
        for field, value in values.items():
            setattr(rules, field, value)
        rules.updated_by = acting_user
        rules.save()
    return rules
