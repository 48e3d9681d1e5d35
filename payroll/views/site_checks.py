"""Suspicions about phone entries (issue 16 item 2) for the township and the district office,
and the district's thresholds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from payroll import capabilities as caps
from payroll.choices import SuspicionStatus
from payroll.forms import SiteRulesForm
from payroll.models import SiteRules
from payroll.models.site import SiteCheck
from payroll.selectors.site import site_suspicion_detail, site_suspicions_for
from payroll.services.site_checks import site_rules_save
from payroll.services.suspicions import site_suspicion_review
from payroll.views.common import add_errors, posted, review_suspicion
from yiguoji import scope
from yiguoji.core import access


def site_suspicions(request):
    access.require(request.user, caps.VIEW_SITE_SUSPICIONS)
    status = request.GET.get("status", SuspicionStatus.OPEN)
    kind = request.GET.get("kind", "")
    rows = site_suspicions_for(request.user)
    if status in SuspicionStatus.values:
        rows = rows.filter(status=status)
    if kind in SiteCheck.values:
        rows = rows.filter(kind=kind)
    context = {
        "page": Paginator(rows, 30).get_page(request.GET.get("page")),
        "status": status,
        "kind": kind,
        "statuses": SuspicionStatus.choices,
        "kinds": SiteCheck.choices,
        "rules": SiteRules.current(),
    }
    return render(request, "payroll/site/suspicions.html", context)


def site_suspicion(request, pk: int):
    access.require(request.user, caps.VIEW_SITE_SUSPICIONS)
    suspicion = scope.get_object_or_404(site_suspicions_for(request.user), request.user, pk=pk)
    form, can_review, done = review_suspicion(
        request, suspicion, capability=caps.REVIEW_SITE_SUSPICIONS, review=site_suspicion_review,
        message="已记录核查结论。", back="payroll:site_suspicions",
    )  # fmt: skip
    if done:
        return done
    context = {
        "suspicion": suspicion,
        "evidence": site_suspicion_detail(request.user, suspicion),
        "form": form,
        "can_review": can_review,
    }
    return render(
        request, "payroll/site/suspicion.html", context, status=400 if form.errors else 200
    )


def site_rules(request):
    access.require(request.user, caps.MANAGE_SITE_RULES)
    current = SiteRules.current()
    form = SiteRulesForm(
        posted(request),
        initial={"max_distance_m": current.max_distance_m, "late_days": current.late_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            site_rules_save(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "现场考勤核查参数已保存。")
            return redirect("payroll:site_suspicions")
    return render(
        request,
        "payroll/form_page.html",
        {"form": form, "title": "现场考勤核查参数", "submit": "保存"},
        status=400 if form.errors else 200,
    )
