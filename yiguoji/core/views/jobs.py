"""The user's background jobs with live progress, and their result downloads."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render

from yiguoji import scope
from yiguoji.core.models import Job


def announce(request, job: Job, started: str) -> None:
    """Tell the user a job was started, or that it is kept until the broker is back."""
    if getattr(job, "sent", True):
        messages.info(request, started)
    else:
        messages.warning(request, f"{started.rstrip('。')}。{job.stalled_reason}。")


def _jobs_for(user):
    return scope.restrict(Job.objects.all(), user).order_by("-created_at")[:50]


def _context(user) -> dict:
    jobs = list(_jobs_for(user))
    # Poll only while a job can move: a job waiting for the broker or for the sweeper would keep
    # the page asking every second for nothing (issue 10, item 8).
    return {
        "jobs": jobs,
        "polling": any(job.is_moving for job in jobs),
        "stalled": any(job.is_active and not job.is_moving for job in jobs),
    }


def job_list(request):
    return render(request, "core/jobs.html", _context(request.user))


def job_progress(request):
    """The table body alone, fetched every second by htmx while any job is still moving."""
    return render(request, "core/_job_rows.html", _context(request.user))


def job_download(request, pk: int):
    job = scope.get_object_or_404(Job.objects.all(), request.user, pk=pk)
    if not job.result_file:
        raise Http404("该任务没有结果文件")
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
