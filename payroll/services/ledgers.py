"""Writing wage ledgers (劳务报酬发放台账, plan task 9): drafting, the workflow, corrections.

Workflow (each step a ``WageLedgerStep`` and, through the audit triggers, a history event):

* the project unit (or its contractor) drafts the month's ledger from attendance x the contract
  rate (:func:`ledger_create`) or uploads it (:func:`ledger_replace_lines`), corrects lines
  (:func:`line_update`) and submits it (:func:`ledger_submit`): no error of the checks
  (``payroll.services.ledger_checks``) and every warning explained;
* the workers confirm what was submitted: line by line (:func:`ledger_confirm_lines`) or on the
  printed ledger, whose signed scan is uploaded (:func:`ledger_sign`);
* the project's department files it (:func:`ledger_file`) or returns it with comments
  (:func:`ledger_return`); a returned ledger is corrected and submitted again.

A filed ledger is never edited: :func:`ledger_correct` opens a new version linked to it, and both
are kept. Concurrency: every step locks the ledger row (``select_for_update``) and checks its
state (and, from a form, its ``revision``) under the lock, so of two people acting at once one
succeeds and the other is told who did what when ("该台账已由张三于…提交，请刷新后查看").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import PurePath

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, DecimalField, F, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from payroll import capabilities as caps
from payroll.api import events
from payroll.choices import LedgerStatus, PayMethod, SignatureMode
from payroll.models import AttendanceMonth, LabourContract, Worker
from payroll.models.ledgers import EDITABLE, ZERO, WageLedger, WageLedgerStep, WageLine
from payroll.services import suspicions
from payroll.services.contracts import check_scan
from payroll.services.ledger_checks import (
    ERROR,
    Facts,
    Finding,
    LineInput,
    check_lines,
    gather_facts,
    payable_for,
    run_rules,
    unexplained,
)
from payroll.services.sheets import sheet_refusals
from payroll.services.wage_rules import rules_for
from payroll.signals import figures_changed
from yiguoji import scope
from yiguoji.core import access, locks
from yiguoji.core.audit import acting_as
from yiguoji.imports import copy_rows
from yiguoji.months import first_of, last_of, month_label

S = LedgerStatus
VERBS = {
    S.SUBMITTED: ("submitted_by", "submitted_at", "提交"),
    S.SIGNED: ("signed_by", "signed_at", "登记签字确认"),
    S.FILED: ("filed_by", "filed_at", "备案"),
    S.RETURNED: ("returned_by", "returned_at", "退回"),
}
ACTIONS = {
    "create": "按考勤生成台账",
    "upload": "导入台账",
    "edit": "修改明细",
    "submit": "提交",
    "confirm": "登记签字确认",
    "sign": "签字确认完成",
    "file": "备案",
    "return": "退回",
    "correct": "发起更正",
}


class LedgerRefused(ValidationError):
    """The checks refused: every finding that blocks, each naming the person and the rule."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        super().__init__([finding.message for finding in findings])


class StepRepeated(ValidationError):
    """The step was already taken by the same person from the same page (a double click, a
    form sent twice): nothing changed, and the message says so (issue 10, item 17)."""


# --- Who may, and in which state ----------------------------------------------------------------


def ledger_authorise(acting_user, project) -> None:
    """May ``acting_user`` draft, upload, submit and sign ``project``'s ledgers? Raises if not.

    ``None`` is the system (``manage.py import_wage_ledger`` without ``--user``)."""
    if acting_user is None:
        return
    access.require(acting_user, caps.PREPARE_LEDGERS)
    if not scope.can(acting_user, scope.CHANGE, project):
        raise PermissionDenied("您不能编制该项目的劳务报酬发放台账")


def _authorise_ledger(acting_user, ledger: WageLedger, capability: str) -> None:
    if acting_user is None:  # the system (demo data, management commands)
        return
    access.require(acting_user, capability)
    if not scope.can(acting_user, scope.CHANGE, ledger):
        if capability == caps.FILE_LEDGERS:
            raise PermissionDenied("该项目不由您单位主管，不能办理其台账备案")
        raise PermissionDenied("您不能办理该项目的劳务报酬发放台账")


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else ""


def _require_state(ledger: WageLedger, allowed: Sequence[str]) -> None:
    """Refuse plainly when someone else has moved the ledger on (or it was never there)."""
    if ledger.status in allowed:
        return
    if ledger.status in VERBS:
        by_field, at_field, verb = VERBS[ledger.status]
        by = getattr(ledger, by_field)
        who = by.get_full_name() if by else "系统"
        raise ValidationError(
            f"该台账已由{who}于{_when(getattr(ledger, at_field))}{verb}，请刷新后查看"
        )
    raise ValidationError("该台账目前为草稿，尚未提交，请刷新后查看")


def _require_revision(ledger: WageLedger, revision: int | None) -> None:
    if revision is not None and int(revision) != ledger.revision:
        who = ledger.updated_by.get_full_name() if ledger.updated_by else "系统"
        raise ValidationError(
            f"该台账已由{who}于{_when(ledger.updated_at)}修改，您看到的不是最新内容，请刷新后再操作"
        )


def _lock(ledger: WageLedger) -> WageLedger:
    """The ledger row, locked until the transaction ends, as it is now. No join: after waiting
    for another transaction's lock, PostgreSQL re-reads the locked row, not the joined ones, so
    who did what is read afterwards (a new snapshot) for the message to the one who waited."""
    locked = WageLedger.objects.select_for_update().get(pk=ledger.pk)
    if ledger.project_id == locked.project_id and "project" in ledger._state.fields_cache:
        locked.project = ledger.project
    return locked


# Steps after which what the ledgers say for the project and month may have changed (which
# version counts, or the latest version's state): the monthly reports are refreshed on commit.
REFRESHING = {"create", "upload", "submit", "sign", "file", "return", "correct"}


def _step(ledger: WageLedger, action: str, from_status: str, user, comment: str = "") -> None:
    if action in REFRESHING:
        figures_changed(ledger.project_id, ledger.month)
    WageLedgerStep.objects.create(
        ledger=ledger,
        action=action,
        from_status=from_status,
        to_status=ledger.status,
        by=user,
        comment=comment,
    )


def _touch(ledger: WageLedger, user) -> None:
    ledger.revision += 1
    ledger.updated_by = user
    ledger.updated_at = timezone.now()


def _recount(ledger: WageLedger) -> None:
    """The ledger's totals from its lines (one query)."""
    money = DecimalField(max_digits=14, decimal_places=2)
    totals = ledger.lines.aggregate(
        n=Count("pk"),
        sum_days=Coalesce(Sum("days"), Value(ZERO)),
        sum_payable=Coalesce(Sum("payable"), Value(ZERO), output_field=money),
        sum_paid=Coalesce(Sum("paid"), Value(ZERO), output_field=money),
        sum_arrears=Coalesce(
            Sum(
                Case(
                    When(paid__lt=F("payable"), then=F("payable") - F("paid")),
                    default=Value(ZERO),
                    output_field=money,
                )
            ),
            Value(ZERO),
            output_field=money,
        ),
    )
    ledger.workers = totals["n"]
    ledger.total_days = totals["sum_days"]
    ledger.total_payable = totals["sum_payable"]
    ledger.total_paid = totals["sum_paid"]
    ledger.total_arrears = totals["sum_arrears"]


def _check_month(month: dt.date) -> None:
    """A month's ledger pays the days of a month that has ended (or ends today): the running
    month's attendance is still being kept (plan task 9: 按月发放; issue 11 item 4)."""
    today = timezone.localdate()
    if month > first_of(today):
        raise ValidationError(f"{month_label(month)}尚未开始，不能编制该月的劳务报酬发放台账")
    if last_of(month) > today:
        raise ValidationError(
            f"{month_label(month)}尚未结束（至{last_of(month):%m月%d日}），月末（含当天）"
            "方可编制该月的劳务报酬发放台账"
        )


# --- Drafting -------------------------------------------------------------------------------------


def _card_columns(cards: dict, worker_id: int, method: str) -> tuple:
    """(ciphertext token, blind index, masked) of the worker's own card for a bank-card line;
    empty for another method. The card paid into is always the one the register holds: a
    different card is refused by the checks (paid_to_own_card)."""
    token, index, masked = cards.get(worker_id, (None, None, ""))
    if method != PayMethod.BANK_CARD or token is None:
        return None, None, ""
    return token, index, masked


def lines_from_attendance(project, month: dt.date) -> list[LineInput]:
    """One line per person with attendance on ``project`` in ``month``: days x the rate of
    their labour contract (the position's daily wage when hired); nothing paid yet."""
    month = first_of(month)
    days = dict(
        AttendanceMonth.objects.filter(project=project, month=month, days__gt=0).values_list(
            "worker_id", "days"
        )
    )
    contracts = (
        LabourContract.objects.filter(project=project, worker_id__in=list(days))
        .order_by("worker_id", "starts_on", "pk")
        .values_list("worker_id", "daily_wage", "position_id")
    )
    rate = {worker_id: (wage, position_id) for worker_id, wage, position_id in contracts}
    names = dict(Worker.objects.filter(pk__in=list(days)).values_list("pk", "name"))
    lines = []
    for worker_id in sorted(days, key=lambda pk: (names.get(pk, ""), pk)):
        wage, position_id = rate.get(worker_id, (ZERO, None))
        lines.append(
            LineInput(
                worker_id=worker_id,
                days=days[worker_id],
                daily_rate=wage,
                payable=payable_for(days[worker_id], wage),
                paid=ZERO,
                position_id=position_id,
            )
        )
    return lines


def _new_ledger(acting_user, project, month: dt.date, **fields) -> WageLedger:
    now = timezone.now()
    try:
        with transaction.atomic():
            return WageLedger.objects.create(
                project=project,
                month=month,
                pay_deadline=rules_for(month.year).pay_deadline(month),
                created_by=acting_user,
                created_at=now,
                updated_by=acting_user,
                updated_at=now,
                **fields,
            )
    except IntegrityError:
        raise ValidationError(
            f"{project.code} {month_label(month)}已有劳务报酬发放台账，请刷新后查看"
        ) from None


def _write_lines(ledger: WageLedger, lines: Sequence[LineInput], facts: Facts) -> None:
    """Replace the ledger's lines with ``lines`` (one DELETE, one COPY), each bank-card line
    with the worker's card from ``facts``."""
    ledger.lines.all().delete()
    rows = []
    for seq, line in enumerate(lines, start=1):
        token, index, masked = _card_columns(facts.cards, line.worker_id, line.method)
        rows.append(
            (
                ledger.pk, seq, line.worker_id, line.position_id, line.days, line.daily_rate,
                line.payable, line.paid, line.pay_date, line.method, line.method_reason or "",
                token, index, masked, False, None, line.remarks or "", line.explanation or "",
            )
        )  # fmt: skip
    copy_rows(WageLine, LINE_COLUMNS, rows)
    _recount(ledger)


def _facts(ledger: WageLedger, lines: Sequence[LineInput]) -> Facts:
    return gather_facts(
        ledger.project,
        ledger.month,
        [line.worker_id for line in lines],
        pay_deadline=ledger.pay_deadline,
    )


LINE_COLUMNS = (
    "ledger", "seq", "worker", "position", "days", "daily_rate", "payable", "paid", "pay_date",
    "method", "method_reason", "card_encrypted", "card_index", "card_masked", "signed",
    "signed_at", "remarks", "explanation",
)  # fmt: skip


def ledger_create(*, acting_user, project, month: dt.date) -> WageLedger:
    """The month's draft, one line per person with attendance (:func:`lines_from_attendance`).
    The project unit then enters what was paid, when and how."""
    month = first_of(month)
    ledger_authorise(acting_user, project)
    _check_month(month)
    with transaction.atomic(), acting_as(acting_user):
        ledger = _new_ledger(acting_user, project, month)
        lines = lines_from_attendance(project, month)
        _write_lines(ledger, lines, _facts(ledger, lines))
        ledger.save()
        _step(ledger, "create", "", acting_user, f"{ledger.workers}人")
    return ledger


def latest_ledger(project, month: dt.date) -> WageLedger | None:
    return (
        WageLedger.objects.latest()
        .filter(project=project, month=first_of(month))
        .select_related("project")
        .first()
    )


def upload_refusal(acting_user, project, month: dt.date) -> str | None:
    """Why an upload of ``project``'s ledger of ``month`` cannot be taken, or None."""
    try:
        ledger_authorise(acting_user, project)
        _check_month(first_of(month))
    except (PermissionDenied, ValidationError) as error:
        return "；".join(error.messages) if isinstance(error, ValidationError) else str(error)
    ledger = latest_ledger(project, month)
    if ledger is None or ledger.is_editable:
        return None
    if ledger.status == S.FILED:
        return f"{ledger}已备案，不能覆盖；如需更正，请在台账页面发起更正后再导入"
    return f"{ledger}{ledger.get_status_display()}，不能覆盖；如需修改，请联系主管部门退回"


def ledger_replace_lines(
    *,
    acting_user,
    project,
    month: dt.date,
    lines: Sequence[LineInput],
    revision: int | None = None,
) -> WageLedger:
    """The month's draft (created if there is none) with exactly ``lines`` (an upload).

    The checks run under the ledger's lock (once: an upload leaves them to this function);
    any error refuses everything (:class:`LedgerRefused`), warnings are kept for the project
    unit to explain and set on the returned ledger as ``findings``."""
    month = first_of(month)
    refusal = upload_refusal(acting_user, project, month)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic(), acting_as(acting_user, via="ledger upload"):
        # Two uploads of a month that has no ledger yet: the second waits for the first and
        # then replaces its draft, instead of failing on the unique version (issue 12 item 4;
        # keyed by district and project-month, nobody else waits).
        locks.hold("ledger", project.pk, month)
        ledger = latest_ledger(project, month) or _new_ledger(acting_user, project, month)
        ledger = _lock(ledger)
        _require_state(ledger, EDITABLE)
        _require_revision(ledger, revision)
        facts = _facts(ledger, lines)
        findings = run_rules(lines, facts)
        errors = [finding for finding in findings if finding.is_error]
        if errors:
            raise LedgerRefused(errors)
        from_status = ledger.status
        _write_lines(ledger, lines, facts)
        _touch(ledger, acting_user)
        ledger.save()
        _step(ledger, "upload", from_status, acting_user, f"{ledger.workers}人")
    ledger.findings = findings
    return ledger


def line_update(
    *,
    acting_user,
    line: WageLine,
    revision: int | None,
    days,
    daily_rate,
    paid,
    pay_date: dt.date | None,
    method: str,
    method_reason: str = "",
    remarks: str = "",
    explanation: str = "",
) -> WageLine:
    """Change one line of a draft or returned ledger; payable follows days x rate. Refused when
    the line would break a rule (the same checks as an upload); warnings are shown, not
    refused."""
    ledger_authorise(acting_user, line.ledger.project)
    with transaction.atomic(), acting_as(acting_user):
        ledger = _lock(line.ledger)
        if not scope.can(acting_user, scope.CHANGE, ledger):
            raise PermissionDenied("您不能修改该项目的劳务报酬发放台账")
        _require_state(ledger, EDITABLE)
        _require_revision(ledger, revision)
        locked = WageLine.objects.select_for_update().select_related("worker").get(pk=line.pk)
        locked.days, locked.daily_rate, locked.paid = days, daily_rate, paid
        locked.payable = payable_for(days, daily_rate)
        locked.pay_date, locked.method = pay_date, method
        locked.method_reason = (method_reason or "").strip()[:200]
        locked.remarks = (remarks or "").strip()[:200]
        locked.explanation = (explanation or "").strip()
        inputs = [
            LineInput.of(locked) if other.pk == locked.pk else LineInput.of(other)
            for other in ledger.lines.all()
        ]
        facts = _facts(ledger, inputs)
        findings = run_rules(inputs, facts)
        errors = [f for f in findings if f.is_error and f.worker_id == locked.worker_id]
        if errors:
            raise LedgerRefused(errors)
        token, index, masked = _card_columns(facts.cards, locked.worker_id, method)
        locked.card_encrypted, locked.card_index, locked.card_masked = token, index, masked
        locked.save()
        _recount(ledger)
        _touch(ledger, acting_user)
        ledger.save()
        _step(ledger, "edit", ledger.status, acting_user, locked.worker.name)
    return locked


def ledger_fill_paid(
    *, acting_user, ledger: WageLedger, pay_date: dt.date, revision: int | None = None
) -> int:
    """Record that the lines not filled in yet (nothing paid, no pay date) were paid in full on
    ``pay_date``: the usual case, entered in one step; exceptions are then edited line by line.
    Refused if the date breaks a rule (before the month, after today)."""
    ledger_authorise(acting_user, ledger.project)
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, EDITABLE)
        _require_revision(locked, revision)
        lines = list(locked.lines.all())
        blank = {line.pk for line in lines if line.paid == ZERO and line.pay_date is None}
        inputs = []
        for line in lines:
            if line.pk in blank:
                line.paid, line.pay_date = line.payable, pay_date
            inputs.append(LineInput.of(line))
        facts = _facts(locked, inputs)
        filled = {line.worker_id for line in lines if line.pk in blank}
        errors = [
            f
            for f in run_rules(inputs, facts)
            if f.is_error and f.worker_id in filled and f.rule == "pay_date"
        ]
        if errors:
            raise LedgerRefused(errors[:1])
        count = locked.lines.filter(pk__in=blank).update(paid=F("payable"), pay_date=pay_date)
        _recount(locked)
        _touch(locked, acting_user)
        locked.save()
        _step(locked, "edit", locked.status, acting_user, f"按应发足额填写实发 {count} 人")
    return count


# --- The workflow ---------------------------------------------------------------------------------


def submission_refusals(ledger: WageLedger, lines: Sequence[WageLine]) -> list[Finding]:
    """What stops ``ledger`` from being submitted: errors, and warnings not yet explained."""
    if not lines:
        return [Finding(ERROR, "empty", None, "台账中没有任何人员，不能提交")]
    inputs = [LineInput.of(line) for line in lines]
    findings = check_lines(ledger.project, ledger.month, inputs, pay_deadline=ledger.pay_deadline)
    blocking = [finding for finding in findings if finding.is_error]
    blocking += [
        Finding(
            ERROR,
            "explain",
            finding.worker_id,
            f"{finding.message}。提交前须在该行“情况说明”中写明情况",
            "explanation",
            finding.ref,
        )
        for finding in unexplained(findings, inputs)
    ]
    blocking += sheet_refusals(ledger.project, ledger.month)  # issue 16 item 3: the paper sheet
    return blocking


def ledger_submit(*, acting_user, ledger: WageLedger, revision: int | None = None) -> WageLedger:
    """Submit a draft or returned ledger (project unit): nothing refused by the checks, every
    warning explained. People paid elsewhere beyond the month go to the suspicion list.
    Idempotent for its submitter: the same page sent again (same revision, or none) raises
    ``StepRepeated`` and changes nothing; anyone else is told who submitted it."""
    ledger_authorise(acting_user, ledger.project)
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        if (
            locked.status == S.SUBMITTED
            and locked.submitted_by_id == acting_user.pk
            and (revision is None or int(revision) == locked.revision - 1)
        ):  # the same page sent twice: the first one submitted it, the second changes nothing
            raise StepRepeated(
                f"该台账已于{_when(locked.submitted_at)}提交，本次重复提交未作任何改动"
            )
        _require_state(locked, EDITABLE)
        _require_revision(locked, revision)
        lines = list(locked.lines.all())
        refusals = submission_refusals(locked, lines)
        if refusals:
            raise LedgerRefused(refusals)
        from_status = locked.status
        locked.status = S.SUBMITTED
        locked.submitted_by, locked.submitted_at = acting_user, timezone.now()
        locked.return_comments = ""
        _touch(locked, acting_user)
        locked.save()
        _step(locked, "submit", from_status, acting_user, f"{locked.workers}人")
        suspicions.suspicions_refresh(
            worker_ids=[line.worker_id for line in lines], month=locked.month
        )
    return locked


def ledger_confirm_lines(
    *,
    acting_user,
    ledger: WageLedger,
    line_ids: Sequence[int],
    signed: bool = True,
    revision: int | None = None,
) -> int:
    """Record (or withdraw) the workers' signature confirmation of submitted lines: exactly the
    lines named, never "everyone" by default (plan task 9: 经务工人员签字确认)."""
    _authorise_ledger(acting_user, ledger, caps.PREPARE_LEDGERS)
    if not line_ids:
        raise ValidationError("请勾选已在签字表上签字的务工人员，再登记签字确认")
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, (S.SUBMITTED,))
        _require_revision(locked, revision)
        changed = locked.lines.filter(pk__in=list(line_ids)).exclude(signed=signed)
        count = changed.update(signed=signed, signed_at=timezone.now() if signed else None)
        if count:
            _touch(locked, acting_user)
            locked.save()
            verb = "签字确认" if signed else "撤销签字确认"
            _step(locked, "confirm", locked.status, acting_user, f"{verb} {count} 人")
    return count


def ledger_sign(
    *, acting_user, ledger: WageLedger, scan=None, revision: int | None = None
) -> WageLedger:
    """Submitted -> signed: every line confirmed, or the scan of the printed ledger with the
    workers' signatures uploaded (plan task 9: 经务工人员签字确认)."""
    _authorise_ledger(acting_user, ledger, caps.PREPARE_LEDGERS)
    if scan is not None:
        check_scan(scan, label="签字台账扫描件")
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, (S.SUBMITTED,))
        _require_revision(locked, revision)
        if scan is None:
            unsigned = list(
                locked.lines.filter(signed=False)
                .order_by("seq")
                .values_list("worker__name", flat=True)[:6]
            )
            if unsigned:
                more = locked.lines.filter(signed=False).count()
                names = "、".join(unsigned[:5]) + ("等" if more > 5 else "")
                raise ValidationError(
                    f"尚有{more}人未签字确认（{names}）：请逐人登记签字确认，"
                    "或上传务工人员签字后的台账扫描件"
                )
            locked.signature_mode = SignatureMode.LINES
        else:
            locked.signed_scan.save(scan.name, scan, save=False)
            locked.signed_scan_name = PurePath(scan.name).name[:200]
            locked.signature_mode = SignatureMode.SCAN
        locked.status = S.SIGNED
        locked.signed_by, locked.signed_at = acting_user, timezone.now()
        _touch(locked, acting_user)
        locked.save()
        how = SignatureMode(locked.signature_mode).label
        _step(locked, "sign", S.SUBMITTED, acting_user, how)
    return locked


def signature_refusal(ledger: WageLedger) -> str | None:
    """Why ``ledger`` does not carry the workers' signatures (plan task 9: every line's
    confirmation, or the scan of the signed ledger), or None."""
    if ledger.signature_mode == SignatureMode.SCAN:
        return None if ledger.signed_scan else f"{ledger}没有务工人员签字的台账扫描件"
    if ledger.signature_mode != SignatureMode.LINES:
        return f"{ledger}尚未完成务工人员签字确认"
    unsigned = ledger.lines.filter(signed=False).count()
    if unsigned:
        return f"{ledger}尚有{unsigned}人未签字确认，且没有签字台账扫描件"
    return None


def ledger_file(
    *, acting_user, ledger: WageLedger, comment: str = "", revision: int | None = None
) -> WageLedger:
    """The department accepts a signed ledger for filing (plan task 9: 送项目主管部门备案).
    From now on it is never edited; the month's attendance is locked."""
    _authorise_ledger(acting_user, ledger, caps.FILE_LEDGERS)
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, (S.SIGNED,))
        _require_revision(locked, revision)
        refusal = signature_refusal(locked)
        if refusal:
            raise ValidationError(refusal)
        locked.status = S.FILED
        locked.filed_by, locked.filed_at = acting_user, timezone.now()
        _touch(locked, acting_user)
        locked.save()
        _step(locked, "file", S.SIGNED, acting_user, comment.strip())
        events.ledger_filed(locked)  # webhooks, on commit (issue 15 item 5)
    return locked


def ledger_return(
    *, acting_user, ledger: WageLedger, comments: str, revision: int | None = None
) -> WageLedger:
    """The department returns a submitted or signed ledger with its comments. The workers'
    confirmations go with it: they confirm what is submitted again."""
    _authorise_ledger(acting_user, ledger, caps.FILE_LEDGERS)
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError({"comments": "请写明退回意见，说明需要项目单位修改什么"})
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, (S.SUBMITTED, S.SIGNED))
        _require_revision(locked, revision)
        from_status = locked.status
        locked.status = S.RETURNED
        locked.returned_by, locked.returned_at = acting_user, timezone.now()
        locked.return_comments = comments
        locked.signature_mode, locked.signed_by, locked.signed_at = "", None, None
        if locked.signed_scan:
            old = locked.signed_scan.name
            transaction.on_commit(lambda: locked.signed_scan.storage.delete(old))
            locked.signed_scan, locked.signed_scan_name = "", ""
        locked.lines.filter(signed=True).update(signed=False, signed_at=None)
        _touch(locked, acting_user)
        locked.save()
        _step(locked, "return", from_status, acting_user, comments)
        worker_ids = list(locked.lines.values_list("worker_id", flat=True))
        suspicions.suspicions_refresh(worker_ids=worker_ids, month=locked.month)
    return locked


def ledger_correct(*, acting_user, ledger: WageLedger, reason: str) -> WageLedger:
    """A new version of a filed ledger, for a correction (the filed one is kept unchanged).
    Its lines start as a copy; it goes through submission, signatures and filing again."""
    ledger_authorise(acting_user, ledger.project)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明更正原因"})
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, (S.FILED,))
        if WageLedger.objects.filter(previous=locked).exists():
            raise ValidationError(f"{locked}已有更正版本，请在最新版本上修改")
        try:
            with transaction.atomic():
                new = WageLedger.objects.create(
                    project=locked.project,
                    month=locked.month,
                    version=locked.version + 1,
                    previous=locked,
                    correction_reason=reason,
                    pay_deadline=locked.pay_deadline,
                    note=locked.note,
                    created_by=acting_user,
                    updated_by=acting_user,
                )
        except IntegrityError:
            raise ValidationError(f"{locked}已有更正版本，请刷新后查看") from None
        lines = [LineInput.of(line) for line in locked.lines.all()]
        _write_lines(new, lines, _facts(new, lines))
        new.save()
        _step(new, "correct", "", acting_user, reason)
        _step(locked, "correct", S.FILED, acting_user, f"发起第{new.version}版更正：{reason}")
    return new


def ledger_discard(*, acting_user, ledger: WageLedger) -> WageLedger | None:
    """Delete a draft that was never submitted (a first draft made by mistake, or a correction
    given up); returns the version it corrected, if any."""
    ledger_authorise(acting_user, ledger.project)
    with transaction.atomic(), acting_as(acting_user):
        locked = _lock(ledger)
        _require_state(locked, (S.DRAFT,))
        if locked.submitted_at is not None:
            raise ValidationError("该台账已提交过，不能删除")
        previous = locked.previous
        figures_changed(locked.project_id, locked.month)
        locked.delete()
    return previous
