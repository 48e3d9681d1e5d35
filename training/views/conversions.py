"""Long-term conversions (零工变长工): list, record, detail, evidence download, delete."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects.models import Project
from training import capabilities as caps
from training.filters import ConversionFilter
from training.forms import ConversionForm, ConversionProjectForm
from training.models import Conversion
from training.services.conversions import conversion_create, conversion_delete
from training.tables import ConversionTable
from training.views import form_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class ConversionListView(ScopedTableView):
    capability = caps.VIEW_PEOPLE
    queryset = Conversion.objects.select_related(
        "worker", "worker__township", "project", "employer"
    )
    filterset_class = ConversionFilter
    table_class = ConversionTable
    export_name = "零工变长工台账"
    page_title = "零工变长工"
    template_name = "training/conversion_list.html"


def conversion_create_view(request):
    """Step 1 picks the project (the worker must have built it); step 2 records the post."""
    access.require(request.user, caps.RECORD_CONVERSIONS)
    project_id = request.POST.get("project") or request.GET.get("project")
    if not project_id:
        form = ConversionProjectForm(user=request.user)
        return render(request, "training/conversion_project.html", {"form": form})
    project = scope.get_object_or_404(Project.objects.all(), request.user, pk=project_id)
    initial = {
        key: request.GET[key] for key in ("worker", "position", "kind") if key in request.GET
    }
    form = ConversionForm(
        request.POST or None, request.FILES or None, project=project, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            conversion = conversion_create(
                acting_user=request.user,
                project=project,
                worker=data["worker"],
                kind=data["kind"],
                position=data["position"],
                converted_on=data["converted_on"],
                employer=data["employer"],
                employer_name=data["employer_name"],
                post=data["post"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"已登记{conversion.worker.name}转为长期岗位。")
            return redirect("training:conversion", conversion.pk)
    return render(request, "training/conversion_form.html", {"form": form, "project": project})


def _conversion(request, pk: int, action: str = scope.VIEW) -> Conversion:
    queryset = Conversion.objects.select_related(
        "worker", "worker__township", "worker__village", "project", "position", "employer"
    )
    return scope.get_object_or_404(queryset, request.user, action, pk=pk)


def conversion_detail(request, pk: int):
    access.require(request.user, caps.VIEW_PEOPLE)
    conversion = _conversion(request, pk)
    can_delete = access.has(request.user, caps.RECORD_CONVERSIONS) and scope.can(
        request.user, scope.CHANGE, conversion
    )
    return render(
        request,
        "training/conversion_detail.html",
        {"conversion": conversion, "can_delete": can_delete},
    )


def conversion_evidence(request, pk: int):
    """The evidence file, served only to users who may see the conversion."""
    access.require(request.user, caps.VIEW_PEOPLE)
    conversion = _conversion(request, pk)
    return FileResponse(conversion.evidence.open("rb"), filename=conversion.evidence_name)


@require_POST
def conversion_delete_view(request, pk: int):
    access.require(request.user, caps.RECORD_CONVERSIONS)
    conversion = _conversion(request, pk, scope.CHANGE)
    conversion_delete(acting_user=request.user, conversion=conversion)
    messages.success(request, f"已删除{conversion.worker.name}的零工变长工记录。")
    return redirect("training:conversions")
