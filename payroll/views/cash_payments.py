"""Cash or another method instead of the worker's own card (art. 30's exception, issue 13
item 4): recorded per line with the reason and the signed receipt's scan; the district sees
every such exception."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from payroll import capabilities as caps
from payroll.forms import CashPaymentForm
from payroll.models import CashPayment, WageLedger
from payroll.services import payments as service
from payroll.views.common import add_errors, posted, scan_response
from yiguoji import scope
from yiguoji.core import access


def ledger_cash(request, pk: int):
    """The payer records a line of a signed or filed ledger as paid by cash (or another way)."""
    access.require(request.user, caps.PAY_WAGES)
    ledger = scope.get_object_or_404(
        WageLedger.objects.select_related("project"), request.user, scope.CHANGE, pk=pk
    )
    lines = list(service.cash_lines(ledger))
    files = request.FILES if request.method == "POST" else None
    form = CashPaymentForm(posted(request), files, lines=lines)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        line = next(line for line in lines if line.pk == data["line"])
        try:
            payment = service.line_pay_by_cash(
                acting_user=request.user,
                line=line,
                method=data["method"],
                amount=data["amount"],
                paid_on=data["paid_on"],
                reason=data["reason"],
                receipt=data["receipt"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                f"已登记{payment.worker.name}以{payment.get_method_display()}发放"
                f"{payment.amount}元（凭本人签字的领款凭证计入实发）。",
            )
            return redirect("payroll:ledger_cash", ledger.pk)
    recorded = list(
        CashPayment.objects.filter(line__ledger=ledger)
        .select_related("worker", "recorded_by")
        .order_by("line__seq")
    )
    context = {"ledger": ledger, "form": form, "recorded": recorded, "lines": lines}
    return render(request, "payroll/ledger_cash.html", context)


def cash_payments(request):
    """Every line paid other than by the worker's own card, in the user's scope: the district
    office, finance and the auditor see them all (art. 30's exceptions)."""
    access.require(request.user, caps.VIEW_PAYMENTS)
    payments = list(
        scope.restrict(CashPayment.objects.all(), request.user, scope.VIEW)
        .select_related("worker__township", "line__ledger__project", "recorded_by")
        .order_by("-paid_on", "-pk")[:500]
    )
    return render(request, "payroll/cash_payments.html", {"payments": payments})


def cash_receipt(request, pk: int):
    access.require(request.user, caps.VIEW_PAYMENTS)
    payment = scope.get_object_or_404(CashPayment.objects.all(), request.user, scope.VIEW, pk=pk)
    return scan_response(payment.receipt, payment.receipt_name, "领款凭证", "没有领款凭证")
