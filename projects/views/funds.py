"""The expenditure plan of a project: classified lines, art. 19 and art. 30 refusals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects import funds
from projects.choices import FORBIDDEN_FOR_SPECIAL_FUNDS
from projects.forms import ExpenditureForm
from projects.models import ExpenditureLine, Project
from projects.selectors import project_facts
from projects.services.funds import (
    expenditure_line_add,
    expenditure_line_delete,
    expenditure_plan_check,
)
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access


def expenditures(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW)
    project = scope.get_object_or_404(Project.objects.select_related("owner"), user, pk=pk)
    try:
        expenditure_plan_check(user, project)
        can_plan = True
    except PermissionDenied:
        can_plan = False
    form = ExpenditureForm()
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied("您不能修改该项目的支出计划")
        form = ExpenditureForm(request.POST)
        if form.is_valid():
            try:
                expenditure_line_add(acting_user=user, project=project, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, "已添加支出")
                return redirect("projects:expenditures", pk=project.pk)
    facts = project_facts(project)
    context = {
        "project": project,
        "facts": facts,
        "form": form,
        "can_plan": can_plan,
        "forbidden": FORBIDDEN_FOR_SPECIAL_FUNDS,
        "wage_lines_total": facts.wage_lines_total,
        # art. 30: the expenditure plan's wages against the central and the fiscal funds
        "wage_share": funds.wage_share(facts.wage_lines_total, facts.central_funds),
        "fiscal_wage_share": funds.wage_share(facts.wage_lines_total, facts.fiscal_funds),
        "page_title": f"支出计划：{project.name}",
    }
    return render(request, "projects/expenditures.html", context)


@require_POST
def expenditure_delete(request, pk: int, line_pk: int):
    user = request.user
    access.require(user, caps.PLAN_EXPENDITURE)
    line = scope.get_object_or_404(
        ExpenditureLine.objects.select_related("project"), user, scope.CHANGE, pk=line_pk,
        project_id=pk,
    )  # fmt: skip
    expenditure_line_delete(acting_user=user, line=line)
    messages.success(request, f"已删除支出“{line.description}”")
    return redirect("projects:expenditures", pk=pk)
