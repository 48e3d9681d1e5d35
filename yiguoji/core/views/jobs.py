"""The user's background jobs with live progress, and their result downloads."""

from django.http import FileResponse, Http404
from django.shortcuts import render

from yiguoji import scope
from yiguoji.core.models import Job


def _jobs_for(user):
    return scope.restrict(Job.objects.all(), user).order_by("-created_at")[:50]


def job_list(request):
    jobs = list(_jobs_for(request.user))
    return render(
        request, "core/jobs.html", {"jobs": jobs, "polling": any(j.is_active for j in jobs)}
    )


def job_progress(request):
    """The table body alone, fetched every second by htmx while any job is still running."""
    jobs = list(_jobs_for(request.user))
    return render(
        request, "core/_job_rows.html", {"jobs": jobs, "polling": any(j.is_active for j in jobs)}
    )


def job_download(request, pk: int):
    job = scope.get_object_or_404(Job.objects.all(), request.user, pk=pk)
    if not job.result_file:
        raise Http404("该任务没有结果文件")
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
