"""Wage ledgers (劳务报酬发放台账): the list, starting a month, one ledger's page, its lines,
the workflow steps, the printout, the Excel export, the signed scan and the upload."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.exporters.ledger import ledger_workbook
from payroll.filters import LedgerFilterSet
from payroll.forms import (
    LedgerConfirmForm,
    LedgerCorrectForm,
    LedgerFileForm,
    LedgerFillForm,
    LedgerNewForm,
    LedgerReturnForm,
    LedgerSignForm,
    RevisionForm,
    WageLineForm,
)
from payroll.importers import kinds
from payroll.importers.ledger import prefilled_template
from payroll.ledger_pdf import SYNC_MAX_LINES, ledger_pdf, ledger_pdf_enqueue
from payroll.models import WageLedger
from payroll.selectors.ledgers import LEDGER_RELATED, ledger_page, ledgers_for
from payroll.services import ledgers as service
from payroll.services.contracts import HIRING_STATUSES
from payroll.tables import LedgerTable
from payroll.views.common import add_errors, month_or_404, posted, scan_response
from payroll.views.imports import upload_page
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.jobs import announce
from yiguoji.core.views.mixins import ScopedTableView, xlsx_response
from yiguoji.months import month_label
from yiguoji.pdf import PDF_CONTENT_TYPE

SHOWN_REFUSALS = 20


class LedgerListView(ScopedTableView):
    capability = caps.VIEW_LEDGERS
    filterset_class = LedgerFilterSet
    table_class = LedgerTable
    export_name = "劳务报酬发放台账"
    template_name = "payroll/ledger_list.html"

    def get_queryset(self):
        return ledgers_for(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_prepare"] = access.has(self.request.user, caps.PREPARE_LEDGERS)
        return context


def _ledger(request, pk: int, action: str = scope.VIEW) -> WageLedger:
    queryset = WageLedger.objects.select_related(*LEDGER_RELATED)
    return scope.get_object_or_404(queryset, request.user, action, pk=pk)


def _preparable_projects(user):
    return scope.restrict(
        Project.objects.filter(status__in=HIRING_STATUSES), user, scope.CHANGE
    ).order_by("-year", "code")


def ledger_new(request):
    """Start a month's ledger: from attendance (then fill in what was paid) or by upload."""
    access.require(request.user, caps.PREPARE_LEDGERS)
    form = LedgerNewForm(posted(request), projects=_preparable_projects(request.user))
    if request.method == "POST" and form.is_valid():
        project, month = form.cleaned_data["project"], form.cleaned_data["month"]
        existing = service.latest_ledger(project, month)
        if existing is not None:
            messages.info(request, f"{existing}已经存在，已为您打开。")
            return redirect("payroll:ledger_detail", existing.pk)
        if form.cleaned_data["how"] == "upload":
            return redirect("payroll:ledger_import", project.pk, f"{month:%Y-%m}")
        try:
            ledger = service.ledger_create(acting_user=request.user, project=project, month=month)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"已按考勤生成{ledger}（{ledger.workers}人），请逐人填写实发金额和发放日期。",
            )
            return redirect("payroll:ledger_detail", ledger.pk)
    status = 400 if form.errors else 200
    return render(request, "payroll/ledger_new.html", {"form": form}, status=status)


def ledger_detail(request, pk: int):
    access.require(request.user, caps.VIEW_LEDGERS)
    page = ledger_page(request.user, pk)
    ledger, user = page.ledger, request.user
    can_prepare = access.has(user, caps.PREPARE_LEDGERS) and scope.can(user, scope.CHANGE, ledger)
    can_file = access.has(user, caps.FILE_LEDGERS) and scope.can(user, scope.CHANGE, ledger)
    is_latest = page.versions[-1].pk == ledger.pk
    can_correct = can_prepare and ledger.status == "filed" and is_latest
    context = {
        "page": page,
        "ledger": ledger,
        "can_prepare": can_prepare,
        "can_edit": can_prepare and ledger.is_editable,
        "can_file": can_file,
        "next_step": _next_step(
            ledger, can_prepare=can_prepare, can_file=can_file, can_correct=can_correct
        ),
        "can_discard": can_prepare and ledger.status == "draft" and not ledger.submitted_at,
        "is_latest": is_latest,
        "sign_form": LedgerSignForm(initial={"revision": ledger.revision}),
        "unfilled": sum(1 for line in page.lines if not line.paid and not line.pay_date),
        "return_form": LedgerReturnForm(initial={"revision": ledger.revision}),
        "file_form": LedgerFileForm(initial={"revision": ledger.revision}),
        "correct_form": LedgerCorrectForm(),
        "pdf_in_background": ledger.workers > SYNC_MAX_LINES,
        # Wage payments through the bank (issue 13): this ledger's batches, and who may pay.
        "batches": list(ledger.payment_batches.order_by("created_at", "pk")),
        "can_pay": ledger.status in ("signed", "filed")
        and access.has(user, caps.PAY_WAGES)
        and scope.can(user, scope.CHANGE, ledger),
    }
    return render(request, "payroll/ledger_detail.html", context)


def _next_step(ledger, *, can_prepare: bool, can_file: bool, can_correct: bool) -> str:
    """Which action panel the ledger page shows this user ("" for none)."""
    if can_prepare and ledger.is_editable:
        return "edit"
    if can_prepare and ledger.status == "submitted":
        return "sign"
    if can_file and ledger.status in ("submitted", "signed"):
        return "file"
    return "correct" if can_correct else ""


def ledger_line_edit(request, pk: int, line_pk: int):
    access.require(request.user, caps.PREPARE_LEDGERS)
    ledger = _ledger(request, pk, scope.CHANGE)
    line = get_object_or_404(ledger.lines.select_related("worker"), pk=line_pk)
    initial = {
        "revision": ledger.revision,
        **{
            name: getattr(line, name)
            for name in ("days", "daily_rate", "paid", "pay_date", "method", "method_reason",
                         "remarks", "explanation")
        },
    }  # fmt: skip
    form = WageLineForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.line_update(acting_user=request.user, line=line, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已保存{line.worker.name}的发放记录。")
            return redirect(reverse("payroll:ledger_detail", args=[pk]) + f"#line-{line.pk}")
    context = {"ledger": ledger, "line": line, "form": form}
    status = 400 if form.errors else 200
    return render(request, "payroll/ledger_line_form.html", context, status=status)


def _refused(request, error: ValidationError) -> None:
    shown = error.messages[:SHOWN_REFUSALS]
    more = len(error.messages) - len(shown)
    text = "；".join(shown) + (f"；……另有{more}处，详见台账页面的提示" if more else "")
    messages.error(request, text)


@dataclass(frozen=True)
class Step:
    """A workflow step posted from the ledger page: who may (capability), what it posts (form),
    the one service call ``act(user, ledger, data)``, and what to tell the user (``done``,
    formatted with the ledger and the call's result)."""

    capability: str
    form: type
    act: Callable
    done: str
    form_kwargs: Callable = lambda ledger: {}


def _all_line_ids(ledger) -> list[int]:
    return list(ledger.lines.values_list("pk", flat=True))


S = service
STEPS = {
    "submit": Step(
        caps.PREPARE_LEDGERS,
        RevisionForm,
        lambda user, ledger, data: S.ledger_submit(
            acting_user=user, ledger=ledger, revision=data["revision"]
        ),
        "{ledger}已提交。请组织务工人员签字确认。",
    ),
    "fill": Step(
        caps.PREPARE_LEDGERS,
        LedgerFillForm,
        lambda user, ledger, data: S.ledger_fill_paid(acting_user=user, ledger=ledger, **data),
        "已为{result}人按应发金额填写实发金额和发放日期；未足额或未按期发放的人员请逐行修改并"
        "写明情况。",
    ),
    "confirm": Step(
        caps.PREPARE_LEDGERS,
        LedgerConfirmForm,
        lambda user, ledger, data: S.ledger_confirm_lines(
            acting_user=user,
            ledger=ledger,
            line_ids=data["lines"],
            signed=data["signed"],
            revision=data["revision"],
        ),
        "已登记{result}人的签字确认。",
        lambda ledger: {"line_ids": _all_line_ids(ledger)},
    ),
    "sign": Step(
        caps.PREPARE_LEDGERS,
        LedgerSignForm,
        lambda user, ledger, data: S.ledger_sign(acting_user=user, ledger=ledger, **data),
        "{ledger}已完成务工人员签字确认，等待主管部门备案。",
    ),
    "file": Step(
        caps.FILE_LEDGERS,
        LedgerFileForm,
        lambda user, ledger, data: S.ledger_file(acting_user=user, ledger=ledger, **data),
        "{ledger}已备案。",
    ),
    "return": Step(
        caps.FILE_LEDGERS,
        LedgerReturnForm,
        lambda user, ledger, data: S.ledger_return(acting_user=user, ledger=ledger, **data),
        "{ledger}已退回项目单位。",
    ),
    "correct": Step(
        caps.PREPARE_LEDGERS,
        LedgerCorrectForm,
        lambda user, ledger, data: S.ledger_correct(acting_user=user, ledger=ledger, **data),
        "已发起更正：{result}。原备案版本保留不变。",
    ),
}


def _step_view(name: str):
    step = STEPS[name]

    @require_POST
    def view(request, pk: int):
        """Capability (403), the ledger in the user's change scope (404), the form, one
        service call; back to the ledger's page with what happened."""
        access.require(request.user, step.capability)
        ledger = _ledger(request, pk, scope.CHANGE)
        form = step.form(request.POST, request.FILES, **step.form_kwargs(ledger))
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return redirect("payroll:ledger_detail", pk)
        try:
            result = step.act(request.user, ledger, form.cleaned_data)
        except service.StepRepeated as repeated:
            messages.info(request, "；".join(repeated.messages))
            return redirect("payroll:ledger_detail", pk)
        except ValidationError as error:
            _refused(request, error)
            return redirect("payroll:ledger_detail", pk)
        messages.success(request, step.done.format(ledger=ledger, result=result))
        target = result.pk if isinstance(result, WageLedger) else pk
        return redirect("payroll:ledger_detail", target)

    view.__name__ = f"ledger_{name}"
    return view


ledger_submit = _step_view("submit")
ledger_fill = _step_view("fill")
ledger_confirm = _step_view("confirm")
ledger_sign = _step_view("sign")
ledger_file = _step_view("file")
ledger_return = _step_view("return")
ledger_correct = _step_view("correct")


@require_POST
def ledger_discard(request, pk: int):
    access.require(request.user, caps.PREPARE_LEDGERS)
    ledger = _ledger(request, pk, scope.CHANGE)
    try:
        previous = service.ledger_discard(acting_user=request.user, ledger=ledger)
    except ValidationError as error:
        _refused(request, error)
        return redirect("payroll:ledger_detail", pk)
    messages.success(request, f"已删除{ledger}的草稿。")
    if previous is not None:
        return redirect("payroll:ledger_detail", previous.pk)
    return redirect("payroll:ledgers")


def ledger_pdf_view(request, pk: int):
    """The ledger for the workers' signatures; a long one becomes a background job."""
    access.require(request.user, caps.VIEW_LEDGERS)
    ledger = _ledger(request, pk)
    if ledger.workers > SYNC_MAX_LINES:
        job = ledger_pdf_enqueue(acting_user=request.user, ledger=ledger)
        announce(request, job, f"台账共{ledger.workers}人，已转入后台生成：“{job.title}”。")
        return redirect("core:jobs")
    response = HttpResponse(ledger_pdf(ledger), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = _disposition(f"{ledger.file_stem}.pdf", inline=True)
    return response


def _disposition(filename: str, *, inline: bool = False) -> str:
    from django.utils.encoding import escape_uri_path

    kind = "inline" if inline else "attachment"
    return f"{kind}; filename*=UTF-8''{escape_uri_path(filename)}"


def ledger_export(request, pk: int):
    access.require(request.user, caps.VIEW_LEDGERS)
    ledger = _ledger(request, pk)
    return xlsx_response(ledger_workbook(ledger), f"{ledger.file_stem}.xlsx")


def ledger_scan(request, pk: int):
    """The signed ledger's scan, only to those who may see the ledger."""
    access.require(request.user, caps.VIEW_LEDGERS)
    ledger = _ledger(request, pk)
    return scan_response(
        ledger.signed_scan, ledger.signed_scan_name, "签字台账", "该台账没有上传签字扫描件"
    )


@require_POST
@never_cache
def ledger_template(request, pk: int, month: str):
    """The month's ledger template prefilled with the people on it (full ID numbers: a POST,
    each number a logged reveal)."""
    access.require(request.user, caps.PREPARE_LEDGERS)
    month = month_or_404(month)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    content = prefilled_template(
        acting_user=request.user, project=project, month=month, ip=request.META.get("REMOTE_ADDR")
    )
    return xlsx_response(
        content, f"{project.code} {month_label(month)}劳务报酬发放台账（预填）.xlsx"
    )


def ledger_import(request, pk: int, month: str):
    """Upload a month's ledger for a project (replaces the draft's lines)."""
    access.require(request.user, caps.PREPARE_LEDGERS)
    month = month_or_404(month)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.CHANGE, pk=pk)
    existing = service.latest_ledger(project, month)
    back = (
        reverse("payroll:ledger_detail", args=[existing.pk])
        if existing
        else reverse("payroll:ledgers")
    )

    def ledger_url() -> str:
        return reverse("payroll:ledger_detail", args=[service.latest_ledger(project, month).pk])

    return upload_page(
        request,
        key=kinds.WAGE_LEDGER,
        params={"project_id": project.pk, "month": month.isoformat()},
        title=f"导入劳务报酬发放台账：{project.name} {month_label(month)}",
        back=back,
        success_url=ledger_url,
        prefill_url=reverse("payroll:ledger_template", args=[project.pk, f"{month:%Y-%m}"]),
    )
