"""Job kinds of the assessment: what the district office asks for on its pages, run on the worker
(yiguoji.core.services.jobs) with the same services the scheduled tasks call."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from assessment.services.dispatch import quarterly_dispatch_build
from assessment.services.reports import monthly_reports_compute
from assessment.services.scoring import scores_compute
from yiguoji import queues
from yiguoji.core.services.jobs import JobError, JobResult, job_kind

MONTHLY = "assessment.monthly_reports"
DISPATCH = "assessment.quarterly_dispatch"
SCORES = "assessment.scores"


def _refused(error: Exception) -> JobError:
    if isinstance(error, ValidationError):
        return JobError("；".join(error.messages))
    return JobError(str(error) or "您没有执行此操作的权限")


@job_kind(MONTHLY, "重新生成月度反馈", queue=queues.REPORTS)
def monthly_reports_job(job, progress) -> JobResult:
    months = [dt.date.fromisoformat(m) for m in job.params["months"]]
    results = []
    for index, month in enumerate(months):
        progress(100 * index // len(months), f"正在生成{month.year}年{month.month}月")
        try:
            results.append(monthly_reports_compute(month=month, acting_user=job.created_by))
        except (ValidationError, PermissionDenied) as error:
            raise _refused(error) from None
    return JobResult(summary="；".join(str(r) for r in results))


@job_kind(DISPATCH, "生成季度调度表", queue=queues.REPORTS)
def dispatch_job(job, progress) -> JobResult:
    progress(10, "正在汇总各项目数据")
    try:
        dispatch, _ = quarterly_dispatch_build(
            year=int(job.params["year"]),
            quarter=int(job.params["quarter"]),
            acting_user=job.created_by,
            rebuild=True,
        )
    except (ValidationError, PermissionDenied) as error:
        raise _refused(error) from None
    return JobResult(summary=f"{dispatch}：共 {dispatch.projects} 个项目，请在“季度调度”页下载")


@job_kind(SCORES, "计算年度考核得分", queue=queues.REPORTS)
def scores_job(job, progress) -> JobResult:
    progress(10, "正在汇总考核数据")
    try:
        result = scores_compute(year=int(job.params["year"]), acting_user=job.created_by)
    except (ValidationError, PermissionDenied) as error:
        raise _refused(error) from None
    return JobResult(summary=str(result))
