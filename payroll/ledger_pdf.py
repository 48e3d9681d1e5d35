"""The wage ledger printed for the workers' signatures (plan task 9: 经务工人员签字确认).

Landscape A4: a caption (project, units, month), one row per worker with the masked ID and card
numbers, days, rate, payable, paid, pay date and an empty 本人签字 cell, the totals, and lines
for the project unit, the contractor and the supervising department. A ledger of more than
:data:`SYNC_MAX_LINES` lines (about ten pages; WeasyPrint takes about 0.2 s a page) is rendered
by the ``payroll.ledger_pdf`` job, whose progress the user watches on 后台任务.
"""

from __future__ import annotations

from payroll.models import WageLedger
from yiguoji import queues, scope
from yiguoji.core.services.jobs import JobError, JobResult, job_enqueue, job_kind
from yiguoji.pdf import render_pdf

JOB_KIND = "payroll.ledger_pdf"
SYNC_MAX_LINES = 200
TEMPLATE = "payroll/ledger_pdf.html"


def ledger_lines(ledger: WageLedger) -> list:
    return list(ledger.lines.select_related("worker").order_by("seq", "pk"))


def ledger_pdf(ledger: WageLedger, lines: list | None = None) -> bytes:
    lines = ledger_lines(ledger) if lines is None else lines
    return render_pdf(TEMPLATE, {"ledger": ledger, "lines": lines})


def ledger_pdf_enqueue(*, acting_user, ledger: WageLedger):
    return job_enqueue(
        kind=JOB_KIND,
        acting_user=acting_user,
        params={"ledger_id": ledger.pk},
        title=f"打印{ledger}（{ledger.workers}人）",
    )


@job_kind(JOB_KIND, "打印劳务报酬发放台账", queue=queues.PDFS)
def ledger_pdf_job(job, progress) -> JobResult:
    """Render a long ledger; only a ledger the job's creator may see (the same scope rule)."""
    queryset = WageLedger.objects.select_related("project", "project__owner", "project__contractor")
    ledger = scope.restrict(queryset, job.created_by).filter(pk=job.params.get("ledger_id")).first()
    if ledger is None:
        raise JobError("台账不存在，或您无权查看")
    progress(10, "正在读取台账")
    lines = ledger_lines(ledger)
    pages = len(lines) // 20 + 1
    progress(25, f"正在排版：{len(lines)}人，约{pages}页")
    content = ledger_pdf(ledger, lines)
    progress(95, "正在保存")
    return JobResult(
        summary=f"共{len(lines)}人，约{pages}页",
        filename=f"{ledger.file_stem}.pdf",
        content=content,
    )
