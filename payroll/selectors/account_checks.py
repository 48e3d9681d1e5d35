"""Reading name-account checks (户名校验, issue 13 item 1) and the state of workers' cards.

A worker's card state is the bank's latest answer for the card *and* name the register holds
now: ``match``, a mismatch (``name``, ``closed``, ``frozen``, ``not_found``), ``pending`` (in a
check the bank has not answered yet) or ``unchecked``. A corrected card or name starts again at
``unchecked``: it must be checked before it is paid. A matching answer older than the district's
validity (``PaymentRules.card_check_valid_days``, 180 days unless the district sets otherwise)
is ``expired``: the card is checked again before it is paid. A payment batch's reply failing a
line with "户名与账号不符" is an answer too (``payroll.services.account_checks``).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from payroll.choices import (
    CARD_EXPIRED,
    CARD_MISMATCH,
    CARD_STATE_LABELS,
    CARD_UNCHECKED,
    CheckResult,
    ContractStatus,
)
from payroll.models import AccountCheck, AccountCheckLine, LabourContract, PaymentRules, Worker
from yiguoji import scope
from yiguoji.core.roles import Role


def _same_card(prefix: str = ""):
    return AccountCheckLine.objects.filter(
        worker=OuterRef(f"{prefix}pk"),
        card_index=OuterRef(f"{prefix}bank_card_index"),
        account_name=OuterRef(f"{prefix}name"),
    )


def with_card_state(workers):
    """``workers`` annotated with ``card_state`` (see the module docstring), ``card_reason``
    (the bank's words for a mismatch), ``card_check_id`` (the check that answered) and
    ``card_checked_at``. A matching answer older than the district's validity
    (``PaymentRules.card_check_valid_days``) is ``expired`` (or ``pending`` while a new check
    is with the bank); the rule is a subquery of the same query, not a query of its own."""
    answered = _same_card().exclude(result=CheckResult.PENDING).order_by("-answered_at", "-pk")
    pending = _same_card().filter(result=CheckResult.PENDING)
    expired = Q(card_answer=CheckResult.MATCH, card_checked_at__lt=valid_since())
    return workers.annotate(
        card_answer=Subquery(answered.values("result")[:1]),
        card_pending=Subquery(pending.values("result")[:1]),
        card_reason=Subquery(answered.values("bank_reason")[:1]),
        card_check_id=Subquery(answered.values("account_check_id")[:1]),
        card_checked_at=Subquery(answered.values("answered_at")[:1]),
    ).annotate(
        card_state=Case(
            When(expired & Q(card_pending__isnull=False), then=Value(CheckResult.PENDING)),
            When(expired, then=Value(CARD_EXPIRED)),
            default=Coalesce(F("card_answer"), F("card_pending")),
            output_field=CharField(),
        )
    )


def valid_since():
    """The oldest answer time a matching check may have and still count (issue 13: the district
    sets how long a check stays valid)."""
    from payroll.services.payment_rules import days_before_now

    return days_before_now("card_check_valid_days")


def state_label(state: str | None) -> str:
    return CARD_STATE_LABELS[state or CARD_UNCHECKED]


def unpayable_cards(worker_ids) -> list[tuple[str, str]]:
    """(name, why) of the workers among ``worker_ids`` whose card has not been checked and
    found matching (issue 13 item 1): these lines cannot go into a payment batch.

    Two flat queries and a pass in Python (the same rule as :func:`with_card_state`): a batch
    of 10,000 lines asks this once, and correlated subqueries per worker cost seconds there."""
    ids = list(worker_ids)
    if not ids:
        return []
    by_id = RawSQL('"payroll_worker"."id" = ANY(%s)', (ids,), output_field=BooleanField())
    people = Worker.objects.filter(by_id).order_by().values_list("pk", "name", "bank_card_index")
    answers = (
        AccountCheckLine.objects.filter(
            RawSQL(
                '"payroll_accountcheckline"."worker_id" = ANY(%s)',
                (ids,),
                output_field=BooleanField(),
            )
        )
        .order_by("worker_id", "answered_at", "pk")
        .values_list("worker_id", "card_index", "account_name", "result", "answered_at")
    )
    latest: dict[tuple, tuple] = {}
    for worker_id, index, name, result, answered_at in answers.iterator(chunk_size=5000):
        key = (worker_id, bytes(index), name)
        if result != CheckResult.PENDING or key not in latest:
            latest[key] = (result, answered_at)  # ordered by answer time: the last answer wins
    valid_days = PaymentRules.current().card_check_valid_days
    oldest = timezone.now() - dt.timedelta(days=valid_days)
    found = []
    for pk, name, index in people:
        state, answered_at = (
            latest.get((pk, bytes(index or b""), name), (None, None))
            if index is not None
            else (None, None)
        )
        if state == CheckResult.MATCH and answered_at < oldest:
            state = CARD_EXPIRED  # issue 13: a check older than the district's validity
        if state != CheckResult.MATCH:
            found.append((name, state_label(state)))
    return sorted(found)


def checks_for(user):
    return scope.restrict(
        AccountCheck.objects.select_related("project", "created_by"), user, scope.VIEW
    ).order_by("-created_at", "-pk")


def check_lines(check: AccountCheck):
    """The lines of a check, each with whether it still describes the register's card."""
    current = Worker.objects.filter(
        pk=OuterRef("worker_id"),
        bank_card_index=OuterRef("card_index"),
        name=OuterRef("account_name"),
    )
    return (
        check.lines.select_related("worker__township", "worker__village")
        .defer("card_encrypted", "worker__id_number_encrypted", "worker__bank_card_encrypted")
        .annotate(is_current=Exists(current))
        .order_by("seq")
    )


#: The states on the to-do of cards: mismatched ones to correct, expired ones to check again.
CARD_TODO = (*CARD_MISMATCH, CARD_EXPIRED)


def card_mismatches_for(user):
    """The to-do (issue 13 items 1 and 9): workers whose card the bank answered as mismatched,
    or whose matching check is older than the district's validity (to be checked again), for
    the township of the person (its people only), the payer's side (people hired on its
    projects) and the district-wide roles that see the register."""
    workers = scope.restrict(Worker.objects.all(), user, scope.VIEW)
    if user.role == Role.TOWNSHIP:
        workers = workers.filter(township_id=user.township_id)
    return (
        with_card_state(workers)
        .filter(card_state__in=CARD_TODO)
        .select_related("township", "village")
        .defer("id_number_encrypted", "bank_card_encrypted")
        .order_by("township__code", "village__name", "name", "pk")
    )


def mismatch_projects(worker_ids) -> dict[int, list[str]]:
    """Per worker, the codes of the projects whose checks found the mismatch."""
    rows = (
        AccountCheckLine.objects.filter(worker_id__in=list(worker_ids))
        .filter(Q(result__in=CARD_MISMATCH))
        .values_list("worker_id", "account_check__project__code")
        .distinct()
    )
    found: dict[int, list[str]] = {}
    for worker_id, code in rows:
        found.setdefault(worker_id, []).append(code)
    return found


def hired_workers(project):
    """The people hired on ``project`` now (active labour contracts)."""
    hired = LabourContract.objects.filter(project=project, status=ContractStatus.ACTIVE)
    return Worker.objects.filter(pk__in=hired.values("worker_id"))


def projects_to_check(user):
    """Projects the user's organisation pays wages on (unit, contractor or collective) that
    have people hired now."""
    from projects.scopes import visible_projects

    org = user.organisation_id
    hired = LabourContract.objects.filter(status=ContractStatus.ACTIVE).values("project_id")
    return (
        visible_projects(user)
        .filter(Q(owner_id=org) | Q(contractor_id=org) | Q(collective_id=org), pk__in=hired)
        .order_by("-year", "code")
        .only("pk", "code", "name")
    )


def project_card_rows(project) -> list:
    """The hired workers of ``project`` with their card's state, mismatches first."""
    workers = list(
        with_card_state(hired_workers(project))
        .select_related("township", "village")
        .defer("id_number_encrypted", "bank_card_encrypted")
        .order_by("township__code", "village__name", "name", "pk")
    )
    order = {state: n for n, state in enumerate(CARD_MISMATCH)}
    workers.sort(key=lambda w: order.get(w.card_state, 10 if w.card_state else 5))
    for worker in workers:
        worker.card_state_label = state_label(worker.card_state) if worker.bank_card_masked else ""
        worker.is_mismatch = worker.card_state in CARD_MISMATCH
    return workers


def state_counts(workers) -> dict:
    counts = {"match": 0, "mismatch": 0, "pending": 0, "unchecked": 0, "no_card": 0}
    for worker in workers:
        if not worker.bank_card_masked:
            counts["no_card"] += 1
        elif worker.card_state == CheckResult.MATCH:
            counts["match"] += 1
        elif worker.card_state in CARD_MISMATCH:
            counts["mismatch"] += 1
        elif worker.card_state == CheckResult.PENDING:
            counts["pending"] += 1
        else:
            counts["unchecked"] += 1
    return counts


def line_counts(lines) -> dict:
    counts = {"match": 0, "mismatch": 0, "pending": 0}
    for line in lines:
        if line.result == CheckResult.MATCH:
            counts["match"] += 1
        elif line.result == CheckResult.PENDING:
            counts["pending"] += 1
        else:
            counts["mismatch"] += 1
    return counts
