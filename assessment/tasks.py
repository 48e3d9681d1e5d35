"""Celery tasks of monitoring and assessment: thin wrappers that call one service.

Each is safe to run twice: monthly reports compare before writing, the dispatch is built once per
quarter, scores are written only where they changed.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.utils import timezone

from assessment.periods import previous_quarter

log = logging.getLogger(__name__)


@shared_task(name="assessment.monthly_reports", acks_late=True)
def monthly_reports(month: str | None = None) -> str:
    """Every night: the reports of the year so far (early each month that includes the month
    before). With ``month`` ("2026-11-01"): that month only."""
    from assessment.services.reports import monthly_reports_compute, monthly_reports_refresh

    if month:
        return str(monthly_reports_compute(month=dt.date.fromisoformat(month)))
    return "；".join(str(result) for result in monthly_reports_refresh())


@shared_task(name="assessment.project_reports", acks_late=True)
def project_reports(project_id: int, month: str) -> str:
    """On commit of a ledger step or a bank credit (``payroll.signals``): that project's
    reports of that month and later, at once (issue 12 item 3). Safe to run twice."""
    from assessment.services.reports import project_reports_refresh

    results = project_reports_refresh(project_id=project_id, month=dt.date.fromisoformat(month))
    return "；".join(str(result) for result in results)


def wage_figures_changed(sender, *, project_id: int, month: dt.date, **kwargs) -> None:
    """``payroll.signals.wage_figures_changed`` (sent after the commit) -> the task above. If
    the broker cannot be reached the step stays done and the nightly job catches up."""
    try:
        project_reports.delay(project_id, month.isoformat())
    except Exception as error:  # kombu's OperationalError, a refused connection, ...
        log.warning(
            "monthly reports of project %s from %s not queued (%r): the nightly job will",
            project_id,
            month,
            error,
        )


@shared_task(name="assessment.quarterly_dispatch", acks_late=True)
def quarterly_dispatch(year: int | None = None, quarter: int | None = None) -> str:
    """Early in a quarter: the workbook of the quarter before, unless it was built already."""
    from assessment.services.dispatch import quarterly_dispatch_build

    if year is None or quarter is None:
        year, quarter = previous_quarter(timezone.localdate())
    dispatch, built = quarterly_dispatch_build(year=year, quarter=quarter)
    return f"{dispatch}：{'已生成' if built else '已存在，未重复生成'}"


@shared_task(name="assessment.year_scores", acks_late=True)
def year_scores(year: int | None = None) -> str:
    """Early in January: last year's scores (unless published, which freezes them)."""
    from assessment.services.scoring import ScoresFrozen, scores_compute

    year = year or timezone.localdate().year - 1
    try:
        return str(scores_compute(year=year))
    except ScoresFrozen as frozen:
        return str(frozen)
