"""Acceptance (art. 32): the records, the completed projects waiting, and the working group's
form, which shows what still stands in the way before anything is typed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from assessment import capabilities as caps
from assessment.filters import AcceptanceFilter
from assessment.forms import AcceptanceForm
from assessment.models import Acceptance, AcceptanceDocument
from assessment.services.acceptance import acceptance_blockers, acceptance_record
from assessment.tables import AcceptanceTable
from assessment.views.common import form_errors, serve
from payroll import capabilities as payroll_caps
from payroll.selectors.confirmations import rounds_of
from projects import capabilities as project_caps
from projects.choices import NoticeKind, ProjectStatus
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class AcceptanceListView(ScopedTableView):
    capability = caps.VIEW_ACCEPTANCE
    queryset = Acceptance.objects.select_related("project")
    filterset_class = AcceptanceFilter
    table_class = AcceptanceTable
    export_name = "项目验收"
    page_title = "项目验收"
    template_name = "assessment/acceptance_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if access.has(user, project_caps.ACCEPT):
            waiting = scope.restrict(
                Project.objects.filter(status=ProjectStatus.COMPLETED), user, scope.CHANGE
            )
            context["waiting"] = list(waiting.select_related("owner").order_by("code"))
        return context


def acceptance_form(request, project_pk: int):
    user = request.user
    access.require(user, project_caps.ACCEPT)
    project = scope.get_object_or_404(
        Project.objects.select_related("owner", "department", "contractor"),
        user,
        scope.CHANGE,
        pk=project_pk,
    )
    form = AcceptanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            acceptance = acceptance_record(acting_user=user, project=project, **data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            if acceptance.passed:
                messages.success(
                    request, f"{project.name}验收合格，项目已转为“{project.get_status_display()}”"
                )
            else:
                messages.warning(request, "已登记验收不合格，项目整改后请重新组织验收")
            return redirect("assessment:acceptance", acceptance.pk)
    context = {
        "project": project,
        "form": form,
        "blockers": acceptance_blockers(project)
        if project.status == ProjectStatus.COMPLETED
        else [],
        "permanent_posted": project.notices.filter(kind=NoticeKind.PERMANENT).exists(),
        "earlier": list(project.acceptances.order_by("-accepted_on")),
        # Plan task 9 / art. 32: what the workers themselves said when asked (payroll).
        "rounds": rounds_of(project),
        "can_run_rounds": access.has(user, payroll_caps.RUN_CONFIRMATIONS),
        "page_title": f"项目验收：{project.name}",
    }
    return render(
        request, "assessment/acceptance_form.html", context, status=400 if form.errors else 200
    )


def acceptance_detail(request, pk: int):
    access.require(request.user, caps.VIEW_ACCEPTANCE)
    acceptance = scope.get_object_or_404(
        Acceptance.objects.select_related("project", "project__owner", "recorded_by"),
        request.user,
        pk=pk,
    )
    project = acceptance.project
    context = {
        "acceptance": acceptance,
        "documents": list(acceptance.documents.all()),
        "permanent_url": None,
        "page_title": str(acceptance),
    }
    if acceptance.passed and project.status in (ProjectStatus.ACCEPTED, ProjectStatus.MAINTENANCE):
        from django.urls import reverse

        context["permanent_url"] = reverse(
            "projects:notice", args=[project.pk, NoticeKind.PERMANENT]
        )
    return render(request, "assessment/acceptance_detail.html", context)


def acceptance_document(request, pk: int):
    access.require(request.user, caps.VIEW_ACCEPTANCE)
    document = scope.get_object_or_404(AcceptanceDocument.objects.all(), request.user, pk=pk)
    return serve(document.file, document.name, document.content_type)
