"""Wage payments through the bank (issue 13): batches, a batch's page (reconciliation, the
file, sent, the bank's reply), the failures to fix and their re-issue."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.bankfiles.layouts import layout_choices
from payroll.filters import PaymentBatchFilterSet
from payroll.forms import PaymentBatchForm, PaymentRulesForm, ReissueForm, ReplyUploadForm
from payroll.importers import kinds
from payroll.models import PaymentInstruction, WageAccount, WageLedger
from payroll.selectors.account_checks import unpayable_cards
from payroll.selectors.payments import batch_page, batches_for, failures_for
from payroll.services import payments as service
from payroll.tables import PaymentBatchTable
from payroll.views.common import add_errors, posted
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.jobs import announce
from yiguoji.core.views.mixins import ScopedTableView
from yiguoji.imports import uploads

CONTENT_TYPES = {
    "csv": "text/csv",
    "txt": "text/plain",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class PaymentBatchListView(ScopedTableView):
    capability = caps.VIEW_PAYMENTS
    filterset_class = PaymentBatchFilterSet
    table_class = PaymentBatchTable
    template_name = "payroll/payment_list.html"
    page_title = "工资代发批次"

    def get_queryset(self):
        return batches_for(self.request.user)


def _can_pay(user, obj) -> bool:
    return access.has(user, caps.PAY_WAGES) and scope.can(user, scope.CHANGE, obj)


def payment_batch(request, pk: int):
    access.require(request.user, caps.VIEW_PAYMENTS)
    page = batch_page(request.user, pk, can_pay=False)
    page.can_pay = _can_pay(request.user, page.batch)
    context = {
        "page": page,
        "batch": page.batch,
        "reply_form": ReplyUploadForm(),
        "reissue_form": ReissueForm(),
        "failed": [i for i in page.instructions if i.status == "failed" and not _reissued(i)],
    }
    return render(request, "payroll/payment_batch.html", context)


def _reissued(instruction) -> bool:
    try:
        return instruction.reissue is not None
    except PaymentInstruction.DoesNotExist:
        return False


def payment_batch_new(request, pk: int):
    """From the ledger's page: choose the bank's layout (and the paying account)."""
    access.require(request.user, caps.PAY_WAGES)
    ledger = scope.get_object_or_404(
        WageLedger.objects.select_related("project"), request.user, scope.VIEW, pk=pk
    )
    has_account = WageAccount.objects.filter(project=ledger.project, closed_on__isnull=True)
    account = has_account.first()
    form = PaymentBatchForm(posted(request), layouts=layout_choices(), needs_account=not account)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payer = None
        if account is None:
            payer = service.PayerAccount(
                data["payer_bank"], data["payer_account_name"], data["payer_account_number"]
            )
        try:
            batch = service.batch_create(
                acting_user=request.user,
                ledger=ledger,
                layout_code=data["layout"],
                payer_account=payer,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, f"已生成{batch}（{batch.count}笔）。请下载银行文件交付款银行。"
            )
            return redirect("payroll:payment_batch", batch.pk)
    to_pay = ledger.lines.filter(
        method="bank_card", payable__gt=0, payment_instructions__isnull=True
    ).values_list("worker_id", flat=True)
    context = {
        "form": form,
        "ledger": ledger,
        "account": account,
        "unchecked": unpayable_cards(list(to_pay)),
    }
    return render(request, "payroll/payment_batch_new.html", context)


@require_POST
def payment_batch_file(request, pk: int):
    """The bank file: full card numbers, so POST only, and each download a logged reveal."""
    access.require(request.user, caps.PAY_WAGES)
    batch = scope.get_object_or_404(
        service.PaymentBatch.objects.select_related("ledger__project"),
        request.user,
        scope.CHANGE,
        pk=pk,
    )
    name, data = service.batch_file(
        acting_user=request.user, batch=batch, ip=request.META.get("REMOTE_ADDR")
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[batch.layout["format"]])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def payment_batch_sent(request, pk: int):
    access.require(request.user, caps.PAY_WAGES)
    batch = scope.get_object_or_404(service.PaymentBatch, request.user, scope.CHANGE, pk=pk)
    try:
        service.batch_mark_sent(acting_user=request.user, batch=batch)
        messages.success(request, "已标记为发送银行。收到银行回盘文件后请在本页导入。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("payroll:payment_batch", batch.pk)


@require_POST
def payment_batch_reply(request, pk: int):
    """The bank's reply through the shared upload flow (a big file becomes a job)."""
    access.require(request.user, caps.PAY_WAGES)
    batch = scope.get_object_or_404(service.PaymentBatch, request.user, scope.CHANGE, pk=pk)
    form = ReplyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择银行回盘文件")
        return redirect("payroll:payment_batch", batch.pk)
    outcome = uploads.receive(
        key=kinds.BANK_REPLY,
        upload=form.cleaned_data["file"],
        acting_user=request.user,
        params={"batch_id": batch.pk},
    )
    if outcome.job is not None:
        announce(request, outcome.job, f"文件较大，已转入后台导入：“{outcome.job.title}”。")
        return redirect("core:jobs")
    if outcome.result.ok:
        messages.success(request, f"银行回盘已导入：{outcome.result.summary}")
    else:
        shown = outcome.result.messages()[:20]
        messages.error(request, "回盘文件有错误，未导入：" + "；".join(shown))
    return redirect("payroll:payment_batch", batch.pk)


def payment_failures(request):
    access.require(request.user, caps.VIEW_PAYMENTS)
    failures = list(failures_for(request.user)[:500])
    payable = access.has(request.user, caps.PAY_WAGES)
    context = {"failures": failures, "reissue_form": ReissueForm(), "can_pay": payable}
    return render(request, "payroll/payment_failures.html", context)


@require_POST
def payment_reissue(request):
    access.require(request.user, caps.PAY_WAGES)
    ids = [int(i) for i in request.POST.getlist("instruction") if i.isdigit()]
    chosen = list(
        scope.restrict(PaymentInstruction.objects.all(), request.user, scope.CHANGE)
        .filter(pk__in=ids)
        .select_related("batch__ledger")
    )
    form = ReissueForm(request.POST)
    form.is_valid()
    try:
        batch = service.instructions_reissue(
            acting_user=request.user,
            instructions=chosen,
            same_card_reason=form.cleaned_data.get("same_card_reason", ""),
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("payroll:payment_failures")
    messages.success(request, f"已生成重新发放批次{batch.number}（{batch.count}笔）。")
    return redirect("payroll:payment_batch", batch.pk)


def wage_clock(request):
    """The district's view (issue 13, item 5): per project and per payer, the median and worst
    days each stage held the money, from the end of the work month to the bank's credit."""
    from payroll.selectors.wage_clock import STAGES, line_clocks, summarise

    access.require(request.user, caps.VIEW_WAGE_CLOCK)
    clocks = line_clocks(request.user)
    by = "payer" if request.GET.get("by") == "payer" else "project"
    context = {"rows": summarise(clocks, by=by), "stages": STAGES, "by": by, "lines": len(clocks)}
    return render(request, "payroll/wage_clock.html", context)


def unreconciled(request):
    """The district office's view (issue 13 item 9): batches sent to the bank and not yet fully
    answered, with how long each has waited; each party sees those of its own projects."""
    from django.utils import timezone

    from payroll.models import PaymentRules
    from payroll.selectors.payments import unreconciled_for, with_age

    access.require(request.user, caps.VIEW_PAYMENTS)
    days = PaymentRules.current().reply_overdue_days  # the district's number (issue 13)
    batches = with_age(unreconciled_for(request.user)[:500], timezone.localdate())
    overdue = sum(1 for batch in batches if batch.age > days)
    context = {"batches": batches, "overdue": overdue, "overdue_days": days}
    return render(request, "payroll/unreconciled.html", context)


def payment_rules(request):
    """The district office sets its numbers for payments through the bank (issue 13): when a
    reply is overdue, the statement's matching window, how long a card's check stays valid."""
    from payroll.models import PaymentRules
    from payroll.services.payment_rules import payment_rules_save

    access.require(request.user, caps.MANAGE_WAGE_SETTINGS)
    current = PaymentRules.current()
    names = ("reply_overdue_days", "statement_match_days", "card_check_valid_days")
    form = PaymentRulesForm(
        posted(request), initial={name: getattr(current, name) for name in names}
    )
    if request.method == "POST" and form.is_valid():
        try:
            payment_rules_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "银行代发参数已保存。")
            return redirect("payroll:payment_rules")
    return render(
        request,
        "payroll/form_page.html",
        {"form": form, "title": "银行代发参数", "back": reverse("payroll:unreconciled")},
        status=400 if form.errors else 200,
    )
