"""The county's recognition of a rural-infrastructure project (art. 35-36): read with the
project; recorded by the district office, then the government's approval with its scan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from projects import capabilities as caps
from projects.forms import RecognitionApprovalForm, RecognitionForm
from projects.models import Project, Recognition
from projects.services.recognition import (
    OPEN_STATES,
    needs_recognition,
    recognition_approve,
    recognition_missing,
    recognition_record,
)
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import Organisation


def _departments():
    return Organisation.objects.filter(kind=OrgKind.DEPARTMENT).order_by("name")


def recognition_page(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW)
    project = scope.get_object_or_404(Project.objects.all(), user, pk=pk)
    recognition = (
        Recognition.objects.filter(project=project)
        .select_related("recognised_by", "recorded_by", "approval_document", "approval_recorded_by")
        .prefetch_related("departments")
        .first()
    )
    can_record = (
        needs_recognition(project)
        and project.status in OPEN_STATES
        and access.has(user, caps.RECOGNISE)
        and scope.can(user, scope.CHANGE, project)
        and not (recognition and recognition.approved)
    )
    initial = {"recognised_on": timezone.localdate()}
    if recognition is not None:
        initial = {
            "recognised_on": recognition.recognised_on,
            "departments": list(recognition.departments.all()),
            "opinion": recognition.opinion,
        }
    form = RecognitionForm(departments=_departments(), initial=initial)
    approval_form = RecognitionApprovalForm(initial={"approved_on": timezone.localdate()})
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("您不能登记该项目的认定")
        what = request.POST.get("what")
        try:
            if what == "approve":
                approval_form = RecognitionApprovalForm(request.POST, request.FILES)
                if approval_form.is_valid():
                    recognition_approve(acting_user=user, project=project,
                                        **approval_form.cleaned_data)  # fmt: skip
                    messages.success(request, "已登记审定")
                    return redirect("projects:recognition", pk=project.pk)
            else:
                form = RecognitionForm(request.POST, departments=_departments())
                if form.is_valid():
                    recognition_record(acting_user=user, project=project, **form.cleaned_data)
                    messages.success(request, "已登记认定")
                    return redirect("projects:recognition", pk=project.pk)
        except ValidationError as error:
            show_errors(approval_form if what == "approve" else form, error)
    context = {
        "project": project,
        "recognition": recognition,
        "needed": needs_recognition(project),
        "missing": recognition_missing(project, recognition),
        "can_record": can_record,
        "form": form,
        "approval_form": approval_form,
        "page_title": f"项目认定：{project.name}",
    }
    return render(request, "projects/recognition.html", context)
