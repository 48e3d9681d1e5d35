"""Name-account checks before the first pay day (户名校验, issue 13 item 1): a project's cards
and their state, the check file for the bank, the bank's answer, and the to-do of mismatched
cards for the township and the project unit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.encoding import escape_uri_path
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll.bankfiles.layouts import verify_layout_choices
from payroll.forms import AccountCheckForm, CheckReplyUploadForm
from payroll.importers import kinds
from payroll.models import AccountCheck
from payroll.selectors import account_checks as selectors
from payroll.services import account_checks as service
from payroll.views.common import add_errors, posted
from payroll.views.payments import CONTENT_TYPES
from projects.models import Project
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.jobs import announce
from yiguoji.imports import uploads


def account_checks(request):
    """Checks in the user's scope; the payer picks a project to check."""
    access.require(request.user, caps.VIEW_PAYMENTS)
    checks = list(selectors.checks_for(request.user)[:200])
    projects = []
    if access.has(request.user, caps.PAY_WAGES):
        projects = list(selectors.projects_to_check(request.user))
    context = {"checks": checks, "projects": projects}
    return render(request, "payroll/account_checks.html", context)


def project_cards(request, pk: int):
    """A project's hired workers and the state of each card; the payer starts a check here."""
    access.require(request.user, caps.VIEW_PAYMENTS)
    project = scope.get_object_or_404(Project.objects.all(), request.user, scope.VIEW, pk=pk)
    can_check = access.has(request.user, caps.PAY_WAGES) and service.runs(request.user, project)
    form = AccountCheckForm(posted(request), layouts=verify_layout_choices())
    if request.method == "POST":
        access.require(request.user, caps.PAY_WAGES)
        if form.is_valid():
            try:
                check = service.account_check_create(
                    acting_user=request.user,
                    project=project,
                    layout_code=form.cleaned_data["layout"],
                    only_unchecked=form.cleaned_data["only_unchecked"],
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, f"已生成{check}（{check.count}人）。请下载校验文件交银行。"
                )
                return redirect("payroll:account_check", check.pk)
    workers = selectors.project_card_rows(project)
    context = {
        "project": project,
        "workers": workers,
        "counts": selectors.state_counts(workers),
        "form": form,
        "can_check": can_check,
        "checks": list(selectors.checks_for(request.user).filter(project=project)[:20]),
    }
    return render(request, "payroll/project_cards.html", context)


def account_check(request, pk: int):
    access.require(request.user, caps.VIEW_PAYMENTS)
    check = scope.get_object_or_404(
        AccountCheck.objects.select_related("project", "created_by", "batch"),
        request.user,
        scope.VIEW,
        pk=pk,
    )
    # A check answered through a payment batch's reply has no file to download or answer.
    can_check = (
        check.batch_id is None
        and access.has(request.user, caps.PAY_WAGES)
        and scope.can(request.user, scope.CHANGE, check)
    )
    lines = list(selectors.check_lines(check))
    context = {
        "check": check,
        "lines": lines,
        "counts": selectors.line_counts(lines),
        "can_check": can_check,
        "reply_form": CheckReplyUploadForm(),
        "can_fix": access.has(request.user, caps.REGISTER_WORKERS),
        "wants_id": any(
            c.get("field") == "id_number" for c in check.layout.get("verify", {}).get("columns", ())
        ),
    }
    return render(request, "payroll/account_check.html", context)


@require_POST
def account_check_file(request, pk: int):
    """The check file: full card numbers, so POST only, and each download a logged reveal."""
    access.require(request.user, caps.PAY_WAGES)
    check = scope.get_object_or_404(
        AccountCheck.objects.select_related("project"), request.user, scope.CHANGE, pk=pk
    )
    name, data = service.account_check_file(
        acting_user=request.user, account_check=check, ip=request.META.get("REMOTE_ADDR")
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[check.layout["verify"]["format"]])
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{escape_uri_path(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def account_check_reply(request, pk: int):
    """The bank's answer through the shared upload flow (a big file becomes a job)."""
    access.require(request.user, caps.PAY_WAGES)
    check = scope.get_object_or_404(AccountCheck, request.user, scope.CHANGE, pk=pk)
    form = CheckReplyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "请选择银行户名校验结果文件")
        return redirect("payroll:account_check", check.pk)
    outcome = uploads.receive(
        key=kinds.ACCOUNT_CHECK_REPLY,
        upload=form.cleaned_data["file"],
        acting_user=request.user,
        params={"check_id": check.pk},
    )
    if outcome.job is not None:
        announce(request, outcome.job, f"文件较大，已转入后台导入：“{outcome.job.title}”。")
        return redirect("core:jobs")
    if outcome.result.ok:
        messages.success(request, f"户名校验结果已导入：{outcome.result.summary}")
    else:
        shown = outcome.result.messages()[:20]
        messages.error(request, "校验结果文件有错误，未导入：" + "；".join(shown))
    return redirect("payroll:account_check", check.pk)


def card_mismatches(request):
    """The to-do of cards the bank answered as mismatched (the township: its people; the
    project unit and contractor: people hired on their projects)."""
    access.require(request.user, caps.VIEW_PAYMENTS)
    workers = list(selectors.card_mismatches_for(request.user)[:500])
    projects = selectors.mismatch_projects(w.pk for w in workers)
    for worker in workers:
        worker.check_projects = projects.get(worker.pk, [])
        worker.card_state_label = selectors.state_label(worker.card_state)
    can_fix = access.has(request.user, caps.REGISTER_WORKERS)
    context = {"workers": workers, "can_fix": can_fix}
    return render(request, "payroll/card_mismatches.html", context)
