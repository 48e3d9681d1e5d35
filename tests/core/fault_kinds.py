"""A job kind for the fault tests, imported by their Celery worker processes (``--include``)."""

import time

from yiguoji.core.services.jobs import JobResult, job_kind

KIND = "test.fault_slow"


@job_kind(KIND, "故障演练任务")
def fault_slow(job, progress) -> JobResult:
    """Works for ``params["seconds"]``, reporting progress, so a test can stop things mid-job."""
    seconds = float(job.params.get("seconds", 3))
    started = time.monotonic()
    while (elapsed := time.monotonic() - started) < seconds:
        progress(max(1, int(elapsed / seconds * 100)), "演练进行中")
        time.sleep(0.05)
    return JobResult(summary=f"第 {job.attempts} 次执行完成")
