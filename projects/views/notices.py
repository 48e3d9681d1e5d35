"""Public notices (art. 31): the printable PDFs, and recording that one was posted."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects.choices import NoticeKind
from projects.forms import NoticeForm
from projects.models import Project
from projects.pdf import notice_filename, notice_pdf
from projects.services.notices import notice_record
from yiguoji import scope
from yiguoji.core import access
from yiguoji.pdf import PDF_CONTENT_TYPE


def notice(request, pk: int, kind: str):
    access.require(request.user, caps.VIEW)
    if kind not in NoticeKind.values:
        raise Http404
    project = scope.get_object_or_404(
        Project.objects.select_related("owner", "contractor", "department"), request.user, pk=pk
    )
    response = HttpResponse(notice_pdf(project, kind), content_type=PDF_CONTENT_TYPE)
    name = escape_uri_path(notice_filename(project, kind))
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{name}"
    return response


@require_POST
def notice_post(request, pk: int):
    user = request.user
    access.require(user, caps.RECORD_NOTICE)
    project = scope.get_object_or_404(Project.objects.all(), user, scope.CHANGE, pk=pk)
    form = NoticeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("projects:detail", pk=pk)
    try:
        posted = notice_record(acting_user=user, project=project, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已登记{posted.get_kind_display()}")
    return redirect("projects:detail", pk=pk)
