"""Hiring: projects' positions, ranked candidates (art. 28), hiring, labour contracts, roster."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.exporters.roster import roster_response
from payroll.filters import ContractFilterSet
from payroll.forms import (
    ContractEndForm,
    ContractSignForm,
    HireForm,
    IdLookupForm,
    RevealPurposeForm,
)
from payroll.models import LabourContract, Worker
from payroll.selectors.hiring import (
    LOCALITY_LABELS,
    explain,
    hiring_projects_for,
    positions_of,
    ranked_candidates,
)
from payroll.services.contracts import (
    contract_end,
    contract_hire,
    contract_sign,
    default_employer,
    employer_choices,
)
from payroll.services.workers import worker_find
from payroll.tables import ContractTable
from payroll.views.common import add_errors, scan_response
from projects.models import Position, Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView

CANDIDATES_PER_PAGE = 30


def hiring_projects(request):
    access.require(request.user, caps.VIEW_HIRING)
    projects = hiring_projects_for(request.user)
    page = Paginator(projects, 25).get_page(request.GET.get("page"))
    return render(request, "payroll/hiring_projects.html", {"page": page})


def _project(request, pk: int, action: str = scope.VIEW) -> Project:
    return scope.get_object_or_404(
        Project.objects.select_related("owner", "contractor", "collective"),
        request.user,
        action,
        pk=pk,
    )


def project_hiring(request, pk: int):
    access.require(request.user, caps.VIEW_HIRING)
    project = _project(request, pk)
    contracts = (
        scope.restrict(LabourContract.objects.filter(project=project), request.user)
        .select_related("worker", "worker__township", "worker__village", "position", "employer")
        .order_by("status", "position__segment", "position_id", "worker__name")
    )
    can_hire = access.has(request.user, caps.HIRE) and scope.can(
        request.user, scope.CHANGE, project
    )
    context = {
        "project": project,
        "positions": list(positions_of(project)),
        "contracts": list(contracts),
        "can_hire": can_hire,
        "employers": employer_choices(project),
    }
    return render(request, "payroll/project_hiring.html", context)


def _position(request, pk: int) -> Position:
    access.require(request.user, caps.HIRE)
    return scope.get_object_or_404(
        Position.objects.select_related(
            "project", "project__owner", "project__contractor", "project__collective"
        ),
        request.user,
        scope.CHANGE,
        pk=pk,
    )


def _hire_form(position, data=None):
    project = position.project
    return HireForm(
        data,
        position=position,
        employers=employer_choices(project),
        default_employer=default_employer(project),
    )


def position_candidates(request, pk: int):
    """The ranked list (art. 28), and looking a person up by ID number to hire them."""
    position = _position(request, pk)
    page = Paginator(ranked_candidates(position), CANDIDATES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    candidates = [(worker, explain(worker, position)) for worker in page]
    # Looking a person up by ID number is a POST: the number never goes into a URL (item 2).
    lookup = IdLookupForm(request.POST if request.method == "POST" else None)
    found = None
    if lookup.is_bound and lookup.is_valid():
        found = worker_find(id_number=lookup.cleaned_data["id_number"])
        if found is None:
            lookup.add_error("id_number", "名册中没有此人，请先登记务工人员")
        else:
            found.locality_label = _locality(found, position.project)
    context = {
        "position": position,
        "project": position.project,
        "page": page,
        "candidates": candidates,
        "offset": page.start_index() - 1 if page.paginator.count else 0,
        "form": _hire_form(position),
        "lookup": lookup,
        "found": found,
    }
    return render(request, "payroll/candidates.html", context)


def _locality(worker, project) -> str:
    if worker.village_id and project.villages.filter(pk=worker.village_id).exists():
        return LOCALITY_LABELS[0]
    if project.townships.filter(pk=worker.township_id).exists():
        return LOCALITY_LABELS[1]
    return str(LOCALITY_LABELS[2])


@require_POST
def position_hire(request, pk: int):
    position = _position(request, pk)
    form = _hire_form(position, request.POST)
    back = reverse("payroll:position_candidates", args=[pk])
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect(back)
    worker = Worker.objects.filter(pk=form.cleaned_data["worker"]).first()
    if worker is None:
        raise Http404
    try:
        contract = contract_hire(
            acting_user=request.user,
            project=position.project,
            position=position,
            worker=worker,
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            employer=form.cleaned_data["employer"],
            ranking=form.cleaned_data.get("ranking") or "",
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect(back)
    messages.success(
        request, f"已招用{worker.name}为“{position.title}”，请签订劳务合同后上传扫描件。"
    )
    return redirect("payroll:contract_detail", contract.pk)


class ContractListView(ScopedTableView):
    capability = caps.VIEW_HIRING
    filterset_class = ContractFilterSet
    table_class = ContractTable
    export_name = "劳务合同台账"
    queryset = LabourContract.objects.select_related("worker", "project", "position", "employer")

    def get_queryset(self):
        return super().get_queryset().order_by("-created_at", "pk")


def _contract(request, pk: int, action: str = scope.VIEW) -> LabourContract:
    return scope.get_object_or_404(
        LabourContract.objects.select_related(
            "worker", "worker__township", "worker__village", "project", "position", "employer"
        ),
        request.user,
        action,
        pk=pk,
    )


def contract_detail(request, pk: int):
    access.require(request.user, caps.VIEW_HIRING)
    contract = _contract(request, pk)
    can_change = access.has(request.user, caps.HIRE) and scope.can(
        request.user, scope.CHANGE, contract
    )
    context = {
        "contract": contract,
        "can_change": can_change,
        "sign_form": ContractSignForm(initial={"signed_on": contract.signed_on}),
        "end_form": ContractEndForm(),
    }
    return render(request, "payroll/contract_detail.html", context)


@require_POST
def contract_sign_view(request, pk: int):
    access.require(request.user, caps.HIRE)
    contract = _contract(request, pk, scope.CHANGE)
    form = ContractSignForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            contract_sign(
                acting_user=request.user,
                contract=contract,
                signed_on=form.cleaned_data["signed_on"],
                scan=form.cleaned_data.get("scan"),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "已登记劳务合同签订情况。")
            return redirect("payroll:contract_detail", pk)
    context = {"contract": contract, "can_change": True, "sign_form": form}
    context["end_form"] = ContractEndForm()
    return render(request, "payroll/contract_detail.html", context, status=400)


@require_POST
def contract_end_view(request, pk: int):
    access.require(request.user, caps.HIRE)
    contract = _contract(request, pk, scope.CHANGE)
    form = ContractEndForm(request.POST)
    if form.is_valid():
        try:
            contract_end(
                acting_user=request.user, contract=contract, ended_on=form.cleaned_data["ended_on"]
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{contract.worker.name}的劳务合同已解除。")
            return redirect("payroll:contract_detail", pk)
    context = {"contract": contract, "can_change": True, "end_form": form}
    context["sign_form"] = ContractSignForm(initial={"signed_on": contract.signed_on})
    return render(request, "payroll/contract_detail.html", context, status=400)


def contract_scan(request, pk: int):
    """The signed contract, only to those who may see the contract."""
    access.require(request.user, caps.VIEW_HIRING)
    contract = _contract(request, pk)
    return scan_response(
        contract.scan, contract.scan_name, "劳务合同", "该劳务合同还没有上传扫描件"
    )


def roster_export(request, pk: int):
    """用工名册 of a project (Excel), ID and card numbers masked."""
    access.require(request.user, caps.VIEW_HIRING)
    project = _project(request, pk)
    return roster_response(request, project)


@never_cache
@require_POST
def roster_export_full(request, pk: int):
    """用工名册 with full ID and card numbers: a POST with the purpose stated, each number a
    logged reveal (issue 10 item 4; a link or a crawler never reveals)."""
    access.require(request.user, caps.HIRE)
    project = _project(request, pk)
    form = RevealPurposeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
        return redirect("payroll:project_hiring", pk)
    return roster_response(request, project, purpose=form.cleaned_data["purpose"])
