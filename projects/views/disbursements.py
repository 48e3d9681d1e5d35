"""The disbursement ledger of a project (资金拨付台账; art. 21, safeguard (二))."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects import capabilities as caps
from projects.forms import DisbursementForm, ReverseDisbursementForm
from projects.models import Disbursement, Project
from projects.selectors import disbursement_ledger
from projects.services.disbursements import disbursement_record, disbursement_reverse
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access, once


def disbursements(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW)
    project = scope.get_object_or_404(Project.objects.select_related("owner"), user, pk=pk)
    ledger = disbursement_ledger(project)
    can_record = access.has(user, caps.RECORD_DISBURSEMENT)
    initial = {"payer": "", "payee": project.owner.name}
    form = DisbursementForm(lines=ledger.lines, initial=initial)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("您不能登记资金拨付")
        form = DisbursementForm(request.POST, lines=ledger.lines)
        if form.is_valid():
            data = form.cleaned_data
            line = next(line for line in ledger.lines if line.pk == data.pop("funding_line"))
            if once.claim(request) is not None:  # the same form sent twice: one transfer
                messages.info(request, once.REPEATED)
                return redirect("projects:disbursements", pk=project.pk)
            try:
                disbursement_record(acting_user=user, funding_line=line, **data)
            except ValidationError as error:
                once.release(request)
                show_errors(form, error)
            else:
                messages.success(request, f"已登记拨付 {data['amount']:,.2f} 元")
                return redirect("projects:disbursements", pk=project.pk)
    context = {
        "project": project,
        "ledger": ledger,
        "form": form,
        "can_record": can_record,
        "page_title": f"资金拨付台账：{project.name}",
    }
    return render(request, "projects/disbursements.html", context)


@require_POST
def disbursement_reverse_view(request, pk: int, row_pk: int):
    user = request.user
    access.require(user, caps.RECORD_DISBURSEMENT)
    row = scope.get_object_or_404(
        Disbursement.objects.select_related("project"), user, pk=row_pk, project_id=pk
    )
    form = ReverseDisbursementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写冲销原因")
        return redirect("projects:disbursements", pk=pk)
    try:
        disbursement_reverse(acting_user=user, disbursement=row, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已冲销 {row.disbursed_on:%Y-%m-%d} 拨付的 {row.amount:,.2f} 元")
    return redirect("projects:disbursements", pk=pk)
