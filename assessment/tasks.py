"""Celery tasks of monitoring and assessment: thin wrappers that call one service.

Each is safe to run twice: monthly reports compare before writing, the dispatch is built once per
quarter, scores are written only where they changed.
"""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from assessment.periods import previous_quarter


@shared_task(name="assessment.monthly_reports", acks_late=True)
def monthly_reports(month: str | None = None) -> str:
    """Every night: the reports of the year so far (early each month that includes the month
    before). With ``month`` ("2026-11-01"): that month only."""
    from assessment.services.reports import monthly_reports_compute, monthly_reports_refresh

    if month:
        return str(monthly_reports_compute(month=dt.date.fromisoformat(month)))
    return "；".join(str(result) for result in monthly_reports_refresh())


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
