"""The real-name register: list, person, register, edit, and revealing a full number."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.filters import WorkerFilterSet
from payroll.forms import WorkerEditForm, WorkerRegisterForm
from payroll.importers import kinds
from payroll.models import Worker
from payroll.selectors.attendance import months_of_worker
from payroll.selectors.ledgers import worker_wage_lines
from payroll.selectors.workers import worker_detail as select_worker
from payroll.selectors.workers import workers_for
from payroll.services import reveals
from payroll.services.workers import AlreadyRegistered, worker_register, worker_update
from payroll.tables import WorkerTable
from payroll.views.common import add_errors
from payroll.views.imports import township_param, township_upload_form, upload_page
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class WorkerListView(ScopedTableView):
    capability = caps.VIEW_WORKERS
    filterset_class = WorkerFilterSet
    table_class = WorkerTable
    export_name = "务工人员名册"
    template_name = "payroll/worker_list.html"

    def get_queryset(self):
        return workers_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_register"] = access.has(user, caps.REGISTER_WORKERS)
        context["can_import"] = access.has(user, caps.IMPORT_WORKERS)
        return context


def worker_detail(request, pk: int):
    access.require(request.user, caps.VIEW_WORKERS)
    worker = select_worker(request.user, pk)
    user = request.user
    context = {
        "worker": worker,
        "contracts": list(worker.labour_contracts.all()),
        "responses": list(worker.survey_responses.all()),
        "months": months_of_worker(user, worker),
        "wage_lines": worker_wage_lines(user, worker)
        if access.has(user, caps.VIEW_LEDGERS)
        else None,
        "can_reveal_id": reveals.can_reveal(user, "id_number"),
        "can_reveal_card": reveals.can_reveal(user, "bank_card")
        and worker.bank_card_encrypted is not None,
        "can_edit": access.has(user, caps.REGISTER_WORKERS)
        and scope.can(user, scope.CHANGE, worker),
    }
    return render(request, "payroll/worker_detail.html", context)


@never_cache
@require_POST
def worker_reveal(request, pk: int, field: str):
    """The full number for the person on screen (htmx swaps it in); each reveal is logged."""
    if field not in reveals.FIELDS:
        return HttpResponse(status=404)
    access.require(request.user, reveals.FIELDS[field][0])
    worker = scope.get_object_or_404(Worker.objects.all(), request.user, pk=pk)
    number = reveals.worker_reveal(
        acting_user=request.user,
        worker=worker,
        field=field,
        purpose="在务工人员信息页查看",
        ip=request.META.get("REMOTE_ADDR"),
    )
    return HttpResponse(
        format_html('<span class="font-monospace fw-bold" data-revealed>{}</span>', number)
    )


def worker_register_view(request):
    access.require(request.user, caps.REGISTER_WORKERS)
    form = WorkerRegisterForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            worker = worker_register(
                acting_user=request.user,
                id_number=form.cleaned_data["id_number"],
                details=form.details(),
            )
        except AlreadyRegistered as known:
            return _already_registered(request, known.worker)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已登记{worker.name}。")
            return redirect("payroll:worker_detail", worker.pk)
    context = {"form": form, "title": "登记务工人员", "back": reverse("payroll:workers")}
    return render(request, "payroll/worker_form.html", context)


def _already_registered(request, worker: Worker):
    """Re-registering a known ID number points to the existing person (no second record)."""
    if scope.can(request.user, scope.VIEW, worker):
        messages.info(request, f"该公民身份号码已在名册中登记（{worker.name}），已为您打开其信息。")
        return redirect("payroll:worker_detail", worker.pk)
    messages.warning(
        request,
        f"该公民身份号码已在务工人员名册中登记（{worker.township.name}），不能重复登记。"
        "如需招用此人，请在项目岗位的候选人页面按公民身份号码查找后招用。",
    )
    return redirect("payroll:workers")


def worker_edit(request, pk: int):
    access.require(request.user, caps.REGISTER_WORKERS)
    worker = scope.get_object_or_404(
        Worker.objects.select_related("township"), request.user, scope.CHANGE, pk=pk
    )
    form = WorkerEditForm(request.POST or None, user=request.user, worker=worker)
    if request.method == "POST" and form.is_valid():
        try:
            worker_update(
                acting_user=request.user,
                worker=worker,
                details=form.details(),
                new_bank_card=form.cleaned_data.get("new_bank_card") or None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect("payroll:worker_detail", worker.pk)
    return render(
        request,
        "payroll/worker_form.html",
        {
            "form": form,
            "title": f"修改务工人员信息：{worker.name}",
            "worker": worker,
            "back": reverse("payroll:worker_detail", args=[worker.pk]),
        },
    )


def worker_import(request):
    return upload_page(
        request,
        key=kinds.WORKERS,
        params={},
        title="导入务工人员名册",
        back=reverse("payroll:workers"),
        form_class=township_upload_form(request.user),
        form_params=township_param,
    )
