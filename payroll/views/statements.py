"""The dedicated wage account's statement (流水, issue 13 item 6): the accounts and their
imported statements, the upload, and one statement's result (matched, flagged, balance)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.choices import STATEMENT_FLAGS
from payroll.forms import StatementUploadForm
from payroll.importers import kinds
from payroll.models import AccountStatement, WageAccount
from payroll.services.statements import wages_due
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.jobs import announce
from yiguoji.imports import uploads


def statements(request):
    """The dedicated wage accounts in the user's scope, each with its statements."""
    access.require(request.user, caps.VIEW_PAYMENTS)
    accounts = list(
        scope.restrict(WageAccount.objects.all(), request.user, scope.VIEW)
        .select_related("project")
        .order_by("project__code", "-opened_on")[:300]
    )
    recent = scope.restrict(AccountStatement.objects.all(), request.user, scope.VIEW).filter(
        wage_account__in=[a.pk for a in accounts]
    )
    by_account: dict[int, list] = {}
    for statement in recent.order_by("-imported_at", "-pk"):
        by_account.setdefault(statement.wage_account_id, []).append(statement)
    can_import = access.has(request.user, caps.PAY_WAGES)
    for account in accounts:
        account.recent = by_account.get(account.pk, [])[:5]
        account.can_import = can_import and scope.can(request.user, scope.CHANGE, account)
    context = {"accounts": accounts, "form": StatementUploadForm()}
    return render(request, "payroll/statements.html", context)


@require_POST
def statement_upload(request, pk: int):
    access.require(request.user, caps.PAY_WAGES)
    account = scope.get_object_or_404(WageAccount, request.user, scope.CHANGE, pk=pk)
    form = StatementUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择专用账户的流水文件")
        return redirect("payroll:statements")
    upload = form.cleaned_data["file"]
    outcome = uploads.receive(
        key=kinds.STATEMENT,
        upload=upload,
        acting_user=request.user,
        params={"account_id": account.pk, "filename": upload.name[:200]},
    )
    if outcome.job is not None:
        announce(request, outcome.job, f"文件较大，已转入后台导入：“{outcome.job.title}”。")
        return redirect("core:jobs")
    if not outcome.result.ok:
        shown = outcome.result.messages()[:20]
        messages.error(request, "流水文件有错误，未导入：" + "；".join(shown))
        return redirect("payroll:statements")
    statement = (
        AccountStatement.objects.filter(wage_account=account, imported_by=request.user)
        .order_by("-pk")
        .first()
    )
    messages.success(request, f"专户流水已导入：{outcome.result.summary}")
    return redirect("payroll:statement", statement.pk)


def statement(request, pk: int):
    access.require(request.user, caps.VIEW_PAYMENTS)
    found = scope.get_object_or_404(
        AccountStatement.objects.select_related("wage_account__project", "imported_by"),
        request.user,
        scope.VIEW,
        pk=pk,
    )
    lines = list(
        found.lines.select_related("instruction__batch", "worker")
        .defer(
            "counterparty_encrypted", "worker__id_number_encrypted", "worker__bank_card_encrypted"
        )
        .order_by("booked_on", "row")
    )
    flagged = [line for line in lines if line.outcome in STATEMENT_FLAGS]
    context = {
        "statement": found,
        "lines": lines,
        "flagged": flagged,
        "due_now": wages_due(found.wage_account.project),
    }
    return render(request, "payroll/statement.html", context)
