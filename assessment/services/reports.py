"""Monthly reports (月度反馈, plan task 5; art. 12 定期调度、动态监测).

``monthly_reports_compute`` writes one report per project and month from the wage ledgers
(``assessment.selectors.wages``). It is idempotent: the same ledgers give the same rows, and a
second run writes nothing (rows are compared before anything is updated).

Freshness (issue 12 item 3): every ledger step that changes what counts (submit, sign, file,
return, correct, a new draft, a discarded one) and every payment batch or bank credit sends
``payroll.signals.wage_figures_changed`` on commit; ``assessment.tasks.project_reports`` then
runs ``project_reports_refresh`` for that project from that month on, on the Celery worker,
seconds later. The nightly job (``monthly_reports_refresh``) builds again only the reports whose
sources changed after they were built (``changed_reports``), and logs every difference it had to
fix (one the refresh on commit missed). ``computed_at`` says when each report was last built
from the ledgers; the dashboard shows it.

Which projects have a report for a month: those in works during the month (registered started
before its end and not completed before its start, from the project's transitions), and those the
ledgers say something about (a ledger of the month, money paid in it, arrears at its end).

``monthly_report_confirm``: the project unit confirms the figures, or answers with an
explanation, and adds what the ledgers cannot know (funds in place, investment completed,
progress), by the due day of the following month that the district office sets per year.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import ReportStatus
from assessment.models import MonthlyReport
from assessment.periods import (
    current_month,
    local_midnight,
    month_label,
    months_of_year,
    next_month,
    previous_month,
)
from assessment.selectors.wages import MonthFigures, month_figures
from assessment.services.common import clean_text
from assessment.services.settings import DEFAULT_REPORT_DUE_DAY, year_settings
from payroll.choices import LedgerStatus
from payroll.models import WageLedger
from projects.choices import ProjectStatus
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as

log = logging.getLogger(__name__)
LOCK_NAMESPACE = 7_202_601  # pg_advisory_xact_lock(namespace, yyyymm): one computation a month


def due_on(month: dt.date) -> dt.date:
    """The day by which the report of ``month`` must be answered (the month's year's setting)."""
    settings = year_settings(month.year)
    day = settings.report_due_day if settings else DEFAULT_REPORT_DUE_DAY
    return next_month(month).replace(day=day)


def projects_in_works(month: dt.date, project_ids: Collection[int] | None = None) -> set[int]:
    """Projects registered started before the end of ``month`` and not completed before its
    start (Beijing time), from their transitions (of ``project_ids`` only, when given). One
    query."""
    start, end = local_midnight(month), local_midnight(next_month(month))
    S = ProjectStatus
    projects = Project.objects.all()
    if project_ids is not None:
        projects = projects.filter(pk__in=list(project_ids))
    rows = (
        projects.exclude(status=S.WITHDRAWN)
        .annotate(
            started=Min("transitions__at", filter=Q(transitions__to_status=S.STARTED)),
            completed=Min("transitions__at", filter=Q(transitions__to_status=S.COMPLETED)),
        )
        .filter(started__lt=end)
        .filter(Q(completed__isnull=True) | Q(completed__gte=start))
        .values_list("pk", flat=True)
    )
    return set(rows)


@dataclass
class ComputeResult:
    month: dt.date
    created: int = 0
    updated: int = 0
    flagged: int = 0  # answered reports whose ledgers have changed since
    checked: int | None = None  # reports recomputed because their sources changed (nightly)
    fixed: list[str] = field(default_factory=list)  # what a refresh on commit should have done

    def __str__(self) -> str:
        done = (
            f"新生成 {self.created} 份，更新 {self.updated} 份，确认后台账有变化 {self.flagged} 份"
        )
        if self.checked is None:
            return f"{month_label(self.month)}：{done}"
        fixed = f"，其中须补正 {len(self.fixed)} 份" if self.fixed else ""
        return f"{month_label(self.month)}：台账有变化的 {self.checked} 份重新核对，{done}{fixed}"


def _differs(report: MonthlyReport, fields: dict) -> bool:
    return any(getattr(report, name) != value for name, value in fields.items())


def monthly_reports_compute(
    *,
    month: dt.date,
    acting_user=None,
    project_ids: Collection[int] | None = None,
    touch: bool = False,
) -> ComputeResult:
    """Write ``month``'s reports from the ledgers; a second run with the same ledgers writes
    nothing. Runs as the system (scheduled job, refresh on commit) or for the district office
    (on request).

    ``project_ids``: only these projects' reports (a refresh on commit, the nightly job's
    changed reports). ``touch``: a pending report found right gets ``computed_at`` = now as
    well, so that it says when it was last built from the ledgers and the nightly job does not
    check it again until its sources change."""
    if acting_user is not None:
        access.require(acting_user, caps.COMPUTE_REPORTS)
    month = month.replace(day=1)
    if month > current_month():
        raise ValidationError(f"{month_label(month)}尚未开始，不能生成月度反馈")
    result = ComputeResult(month)
    only = None if project_ids is None else sorted(set(project_ids))
    with transaction.atomic(), acting_as(acting_user, via="assessment.monthly_reports"):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [LOCK_NAMESPACE, month.year * 100 + month.month],
            )
        figures = month_figures(month, only)
        existing_rows = MonthlyReport.objects.select_for_update().filter(month=month)
        if only is not None:
            existing_rows = existing_rows.filter(project_id__in=only)
        existing = {report.project_id: report for report in existing_rows.order_by("pk")}
        in_works = projects_in_works(month, only)
        due = due_on(month)
        now = timezone.now()
        create, update, flag, touched = [], [], [], []
        for project_id in sorted(in_works | set(figures) | set(existing)):
            fields = figures.get(project_id, MonthFigures()).as_fields()
            report = existing.get(project_id)
            if report is None:
                create.append(
                    MonthlyReport(
                        project_id=project_id, month=month, due_on=due, computed_at=now, **fields
                    )
                )
                if project_id in figures and _differs(MonthlyReport(), fields):
                    result.fixed.append(project_id)
            elif report.status == ReportStatus.PENDING:
                if _differs(report, fields) or report.due_on != due:
                    if _differs(report, fields):
                        result.fixed.append(project_id)
                    for name, value in fields.items():
                        setattr(report, name, value)
                    report.due_on, report.computed_at = due, now
                    update.append(report)
                elif touch:
                    report.computed_at = now
                    touched.append(report)
            else:
                changed = _differs(report, fields)
                if changed != report.ledgers_changed:
                    report.ledgers_changed = changed
                    flag.append(report)
                    result.fixed.append(project_id)
        MonthlyReport.objects.bulk_create(create)
        if update:
            names = [*MonthlyReport.COMPUTED, "due_on", "computed_at"]
            MonthlyReport.objects.bulk_update(update, names)
        if flag:
            MonthlyReport.objects.bulk_update(flag, ["ledgers_changed"])
        if touched:
            MonthlyReport.objects.bulk_update(touched, ["computed_at"])
    result.created, result.updated = len(create), len(update)
    result.flagged = sum(1 for report in flag if report.ledgers_changed)
    return result


def project_reports_refresh(*, project_id: int, month: dt.date) -> list[ComputeResult]:
    """What a change to ``project_id``'s ledger of ``month`` (or to its payments) may have
    changed, brought up to date at once: that project's reports of ``month`` and of every later
    month so far (money paid later and arrears at later month ends read the same lines). A few
    grouped queries per month over one project's lines; safe to run twice (issue 12 item 3)."""
    results = []
    month = month.replace(day=1)
    last = current_month()
    while month <= last:
        results.append(monthly_reports_compute(month=month, project_ids=[project_id], touch=True))
        month = next_month(month)
    return results


def months_to_refresh(today: dt.date) -> list[dt.date]:
    """Every month of the year so far; in January, last year's months too (December's report
    is answered in January)."""
    this = today.replace(day=1)
    months = months_of_year(this.year, until=this)
    if this.month == 1:
        months = months_of_year(this.year - 1) + months
    return months


def _latest_per_project(rows) -> dict[int, list[tuple[dt.date, dt.datetime]]]:
    """(project, month, moment) rows -> per project, (month, latest moment up to that month)
    sorted by month."""
    per: dict[int, dict[dt.date, dt.datetime]] = {}
    for project_id, month, moment in rows:
        if moment is None:
            continue
        months = per.setdefault(project_id, {})
        months[month] = max(moment, months.get(month, moment))
    running: dict[int, list[tuple[dt.date, dt.datetime]]] = {}
    for project_id, months in per.items():
        latest, steps = None, []
        for month in sorted(months):
            latest = max(filter(None, [latest, months[month]]))
            steps.append((month, latest))
        running[project_id] = steps
    return running


def _changed_by(steps: list[tuple[dt.date, dt.datetime]], month: dt.date) -> dt.datetime | None:
    """The latest change to the project's ledgers of months up to ``month``."""
    latest = None
    for step_month, moment in steps:
        if step_month > month:
            break
        latest = moment
    return latest


def changed_reports(months: Sequence[dt.date]) -> dict[dt.date, set[int] | None]:
    """Per month, the projects whose report must be built again because what it is built from
    changed after it was built (``computed_at``), or which have none yet (``None``: the month
    has no report at all, build it whole). What counts as a change (a fixed number of queries):

    * a ledger of the project of that month or earlier (its ``updated_at``: every workflow step
      touches it; lines change only with it);
    * a payment batch of such a ledger made or answered by the bank (``created_at``,
      ``replied_at``);
    * a person on the project's ledger of that month whose register entry changed
      (``Worker.updated_at``: priority groups, from elsewhere);
    * a project's transitions (started, completed: in works or not), and projects in works
      without a report.
    A deleted draft leaves no trace here: its refresh on commit is the only one."""
    from payroll.models import PaymentBatch, WageLine
    from projects.models import ProjectTransition

    months = sorted(months)
    built = {
        (project_id, month): at
        for project_id, month, at in MonthlyReport.objects.filter(month__in=months).values_list(
            "project_id", "month", "computed_at"
        )
    }
    ledgers = _latest_per_project(
        WageLedger.objects.filter(month__lte=months[-1])
        .values("project_id", "month")
        .annotate(at=Max("updated_at"))
        .values_list("project_id", "month", "at")
        .order_by()
    )
    batches = _latest_per_project(
        PaymentBatch.objects.filter(ledger__month__lte=months[-1])
        .values("ledger__project_id", "ledger__month")
        .annotate(at=Max(Greatest("created_at", Coalesce("replied_at", "created_at"))))
        .values_list("ledger__project_id", "ledger__month", "at")
        .order_by()
    )
    transitions = dict(
        ProjectTransition.objects.values("project_id")
        .annotate(at=Max("at"))
        .values_list("project_id", "at")
        .order_by()
    )
    since = min(built.values()) if built else None
    people: dict[tuple[int, dt.date], dt.datetime] = {}
    if since is not None:
        for project_id, month, at in (
            WageLine.objects.filter(worker__updated_at__gt=since, ledger__month__in=months)
            .values_list("ledger__project_id", "ledger__month", "worker__updated_at")
            .order_by()
        ):
            people[(project_id, month)] = max(at, people.get((project_id, month), at))
    stale: dict[dt.date, set[int] | None] = {}
    for month in months:
        if not any(key[1] == month for key in built):
            stale[month] = None
            continue
        ids = set()
        for project_id in projects_in_works(month):
            if (project_id, month) not in built:
                ids.add(project_id)
        for sources in (ledgers, batches):
            for project_id, steps in sources.items():
                changed = _changed_by(steps, month)
                if changed is None:
                    continue
                at = built.get((project_id, month))
                if at is None or changed > at:
                    ids.add(project_id)
        for (project_id, ledger_month), changed in people.items():
            at = built.get((project_id, ledger_month))
            if ledger_month == month and (at is None or changed > at):
                ids.add(project_id)
        for project_id, changed in transitions.items():
            at = built.get((project_id, month))
            if at is not None and changed > at:
                ids.add(project_id)
        stale[month] = ids
    return stale


def monthly_reports_refresh(*, today: dt.date | None = None) -> list[ComputeResult]:
    """What the nightly job runs: every month of the year so far (see the module's docstring),
    each report built again only if what it is built from changed since it was built
    (``changed_reports``). Reports are refreshed on commit of every ledger step and bank
    credit, so a difference found here is one that refresh missed (a task lost while the
    worker was down, a person's register entry edited): each is logged and counted."""
    today = today or timezone.localdate()
    results = []
    for month, project_ids in changed_reports(months_to_refresh(today)).items():
        if project_ids is not None and not project_ids:
            results.append(ComputeResult(month, checked=0))
            continue
        result = monthly_reports_compute(month=month, project_ids=project_ids, touch=True)
        if project_ids is None:  # the month's first reports: nothing to have been fixed
            result.checked, result.fixed = result.created, []
        else:
            result.checked = len(project_ids)
        if result.fixed:
            codes = dict(Project.objects.filter(pk__in=result.fixed).values_list("pk", "code"))
            result.fixed = [codes.get(pk, str(pk)) for pk in result.fixed]
            log.warning(
                "monthly reports %s: %d differed from the ledgers and were fixed by the nightly "
                "job (not refreshed on commit): %s",
                month.isoformat(),
                len(result.fixed),
                ", ".join(result.fixed[:50]),
            )
        results.append(result)
    return results


# --- the project unit's answer -------------------------------------------------------------


CUMULATIVE = (
    ("funds_in_place", "累计到位资金"),
    ("investment_completed", "累计完成投资"),
    ("progress", "形象进度"),
)


def _previous_answer(report: MonthlyReport) -> MonthlyReport | None:
    return (
        MonthlyReport.objects.filter(
            project_id=report.project_id, month__lt=report.month, status__in=ANSWERED
        )
        .order_by("-month")
        .first()
    )


ANSWERED = (ReportStatus.CONFIRMED, ReportStatus.ANNOTATED)


def monthly_report_confirm(
    *,
    acting_user,
    report: MonthlyReport,
    annotated: bool,
    funds_in_place: Decimal,
    investment_completed: Decimal,
    progress: int,
    annotation: str = "",
) -> MonthlyReport:
    """Confirm ``report`` (or answer it with an explanation). The figures are computed afresh
    from the ledgers at this moment, so what the unit confirms is what the ledgers say now."""
    access.require(acting_user, caps.CONFIRM_REPORTS)
    annotation = clean_text(annotation)
    if annotated and not annotation:
        raise ValidationError(
            {"annotation": "请写明情况说明（如本月停工原因、数据与台账不一致的原因）"}
        )
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "形象进度应在0至100之间"})
    with transaction.atomic(), acting_as(acting_user):
        locked = (
            MonthlyReport.objects.select_for_update(of=("self",))
            .select_related("project")
            .get(pk=report.pk)
        )
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("该项目不在您的权限范围内")
        if locked.month >= current_month():
            raise ValidationError(f"{month_label(locked.month)}尚未结束，月底后再确认本月反馈")
        if locked.answered and not locked.ledgers_changed:
            raise ValidationError(
                f"{month_label(locked.month)}月度反馈已于"
                f"{timezone.localtime(locked.confirmed_at):%Y-%m-%d %H:%M}确认"
            )
        pending = (
            WageLedger.objects.latest()
            .filter(project_id=locked.project_id, month=locked.month)
            .filter(status__in=(LedgerStatus.DRAFT, LedgerStatus.RETURNED))
            .first()
        )
        if pending is not None:
            raise ValidationError(
                f"{month_label(locked.month)}劳务报酬发放台账尚未提交（{pending.get_status_display()}），"
                "请先提交台账，再确认月度反馈"
            )
        values = {
            "funds_in_place": funds_in_place,
            "investment_completed": investment_completed,
            "progress": progress,
        }
        previous = _previous_answer(locked)
        if previous is not None and not annotated:
            dropped = [
                f"{label}不能小于{month_label(previous.month)}已确认的"
                f"{getattr(previous, name)}{'%' if name == 'progress' else ' 元'}"
                for name, label in CUMULATIVE
                if getattr(previous, name) is not None and values[name] < getattr(previous, name)
            ]
            if dropped:
                raise ValidationError(
                    "；".join(dropped) + "。如确需更正以前月份的数据，请选择“有情况说明”并写明原因"
                )
        fresh = month_figures(locked.month, [locked.project_id]).get(
            locked.project_id, MonthFigures()
        )
        for name, value in {**fresh.as_fields(), **values}.items():
            setattr(locked, name, value)
        locked.status = ReportStatus.ANNOTATED if annotated else ReportStatus.CONFIRMED
        locked.annotation = annotation
        locked.ledgers_changed = False
        locked.computed_at = timezone.now()
        locked.confirmed_by = acting_user
        locked.confirmed_at = timezone.now()
        locked.full_clean()
        locked.save()
    return locked


def previous_month_of(today: dt.date) -> dt.date:
    return previous_month(today.replace(day=1))
