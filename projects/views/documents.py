"""Uploading, downloading (only through scope) and voiding project documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects.forms import DocumentForm, ReasonForm
from projects.models import Project, ProjectDocument
from projects.services.documents import INLINE_TYPES, document_upload, document_void
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.terms import terms


def upload(request, pk: int):
    user = request.user
    access.require(user, caps.UPLOAD_DOCUMENTS)
    project = scope.get_object_or_404(Project.objects.all(), user, scope.CHANGE, pk=pk)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, user=user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                document = document_upload(
                    acting_user=user,
                    project=project,
                    kind=data["kind"],
                    upload=data["file"],
                    title=data["title"],
                    number=data["number"],
                    issued_on=data["issued_on"],
                    key_terms=data["key_terms"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(
                    request, f"已上传“{document.get_kind_display()}”：{document.title}"
                )
                return redirect("projects:detail", pk=project.pk)
    else:
        form = DocumentForm(user=user, initial={"kind": request.GET.get("kind")})
    return render(
        request,
        "projects/document_form.html",
        {"form": form, "project": project, "page_title": f"上传文件：{project.name}"},
    )


def download(request, pk: int, document_pk: int):
    access.require(request.user, caps.VIEW)
    document = scope.get_object_or_404(
        ProjectDocument.objects.all(), request.user, pk=document_pk, project_id=pk
    )
    if not document.file or not document.file.storage.exists(document.file.name):
        raise Http404(f"文件已不存在，请联系{terms().office}")
    inline = document.content_type in INLINE_TYPES
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=not inline,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def void(request, pk: int, document_pk: int):
    user = request.user
    access.require(user, caps.UPLOAD_DOCUMENTS)
    document = scope.get_object_or_404(
        ProjectDocument.objects.select_related("project"),
        user,
        scope.CHANGE,
        pk=document_pk,
        project_id=pk,
    )
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写作废原因")
    else:
        try:
            document_void(acting_user=user, document=document, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已作废“{document.title}”")
    return redirect("projects:detail", pk=pk)
