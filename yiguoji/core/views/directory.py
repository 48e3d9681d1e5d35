"""The organisation and user directory, and starting its Excel export as a background job."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yiguoji.core import access
from yiguoji.core.capabilities import EXPORT_DIRECTORY, MANAGE_USERS, VIEW_DIRECTORY
from yiguoji.core.directory import KIND
from yiguoji.core.selectors import organisations_for, users_for
from yiguoji.core.services.jobs import job_enqueue
from yiguoji.core.services.users import locked_usernames
from yiguoji.core.views.jobs import announce


def directory(request):
    access.require(request.user, VIEW_DIRECTORY)
    context = {
        "organisations": organisations_for(request.user),
        "users": users_for(request.user),
        "can_export": access.has(request.user, EXPORT_DIRECTORY),
        "can_manage": access.has(request.user, MANAGE_USERS),
        "locked": locked_usernames(),
    }
    return render(request, "core/directory.html", context)


@require_POST
def directory_export(request):
    access.require(request.user, EXPORT_DIRECTORY)
    job = job_enqueue(kind=KIND, acting_user=request.user)
    announce(request, job, f"已开始“{job.title}”，完成后可在此下载。")
    return redirect("core:jobs")
