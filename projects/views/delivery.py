"""A finished project's archives and handover (plan task 8, art. 32), and the district's
archive rules (retention years)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from projects import capabilities as caps
from projects.forms import (
    ArchiveItemForm,
    ArchiveRulesForm,
    AssetShareForm,
    DividendForm,
    HandoverForm,
)
from projects.models import ArchiveRule, Project
from projects.selectors import delivery
from projects.services.assets import COLLECTIVE_KINDS, asset_share_record, dividend_record
from projects.services.delivery import (
    RECEIVER_KINDS,
    archive_item_file,
    archive_rules_save,
    handover_check,
    handover_record,
)
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.models import Organisation


def _receivers(project):
    return Organisation.objects.filter(
        Q(pk=project.owner_id) | Q(pk=project.collective_id) | Q(kind__in=RECEIVER_KINDS)
    ).order_by("kind", "name")


def _collectives(project):
    return Organisation.objects.filter(kind__in=COLLECTIVE_KINDS).order_by("name")


def _shares_form(request, user, project, shares):
    """art. 17: the asset-share and dividend forms (None when the user may not record)."""
    if not access.has(user, caps.RECORD_ASSET_SHARES) or not scope.can(user, scope.CHANGE, project):
        return None, None
    share_form = AssetShareForm(collectives=_collectives(project),
                                initial={"collective": project.collective_id})  # fmt: skip
    dividend_form = DividendForm(shares=shares, initial={"year": timezone.localdate().year})
    return share_form, dividend_form


def delivery_page(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW)
    project = scope.get_object_or_404(
        Project.objects.select_related("owner", "collective"), user, pk=pk
    )
    can_record = handover_check(user, project)
    archive_form = ArchiveItemForm(
        initial={"filed_on": timezone.localdate(), "keeper": project.owner.name}
    )
    handover_form = HandoverForm(
        receivers=_receivers(project),
        initial={"receiver": project.collective_id or project.owner_id,
                 "handed_by": project.contractor.name if project.contractor_id else ""},
    )  # fmt: skip
    shares = list(project.asset_shares.select_related("collective").prefetch_related("dividends"))
    share_form, dividend_form = _shares_form(request, user, project, shares)
    what = request.POST.get("what") if request.method == "POST" else None
    if what in ("share", "dividend"):
        if share_form is None:
            raise PermissionDenied("您不能登记该项目的资产折股量化和分红")
        try:
            if what == "share":
                share_form = AssetShareForm(request.POST, collectives=_collectives(project))
                if share_form.is_valid():
                    asset_share_record(acting_user=user, project=project,
                                       **share_form.cleaned_data)  # fmt: skip
                    messages.success(request, "已登记资产折股量化")
                    return redirect("projects:delivery", pk=project.pk)
            else:
                dividend_form = DividendForm(request.POST, shares=shares)
                if dividend_form.is_valid():
                    data = dividend_form.cleaned_data
                    share = next(s for s in shares if s.pk == data.pop("asset_share"))
                    dividend_record(acting_user=user, asset_share=share, **data)
                    messages.success(request, "已登记分红")
                    return redirect("projects:delivery", pk=project.pk)
        except ValidationError as error:
            show_errors(share_form if what == "share" else dividend_form, error)
    elif request.method == "POST":
        if not can_record:
            raise PermissionDenied("您不能登记该项目的工程移交和档案")
        try:
            if what == "handover":
                handover_form = HandoverForm(request.POST, receivers=_receivers(project))
                if handover_form.is_valid():
                    handover_record(acting_user=user, project=project, **handover_form.cleaned_data)
                    messages.success(request, "已登记工程移交")
                    return redirect("projects:delivery", pk=project.pk)
            else:
                archive_form = ArchiveItemForm(request.POST)
                if archive_form.is_valid():
                    item = archive_item_file(
                        acting_user=user, project=project, **archive_form.cleaned_data
                    )
                    messages.success(
                        request,
                        f"已登记{item.get_kind_display()}，保存至 {item.keep_until:%Y-%m-%d}",
                    )
                    return redirect("projects:delivery", pk=project.pk)
        except ValidationError as error:
            show_errors(handover_form if what == "handover" else archive_form, error)
    context = {
        "project": project,
        "delivery": delivery(project),
        "can_record": can_record,
        "archive_form": archive_form,
        "handover_form": handover_form,
        "shares": shares,
        "share_form": share_form,
        "dividend_form": dividend_form,
        "can_hand_over": can_record and project.status in ("completed", "accepted"),
        "page_title": f"工程移交和项目档案：{project.name}",
    }
    return render(request, "projects/delivery.html", context)


def archive_rules_page(request):
    user = request.user
    access.require(user, caps.MANAGE_SETTINGS)
    rules = {rule.kind: rule for rule in scope.restrict(ArchiveRule.objects.all(), user)}
    initial = {}
    for kind, rule in rules.items():
        initial[f"years_{kind}"] = rule.retention_years
        initial[f"required_{kind}"] = rule.required_for_acceptance
    form = ArchiveRulesForm(initial=initial)
    if request.method == "POST":
        form = ArchiveRulesForm(request.POST)
        if form.is_valid():
            try:
                archive_rules_save(acting_user=user, rules=form.rules())
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for kind, errors in error.message_dict.items():
                        for message in errors:
                            form.add_error(f"years_{kind}" if f"years_{kind}" in form.fields
                                           else None, message)  # fmt: skip
                else:
                    show_errors(form, error)
            else:
                messages.success(request, "已保存档案保存期限")
                return redirect("projects:archive_rules")
    return render(
        request,
        "projects/archive_rules.html",
        {"form": form, "page_title": "项目档案保存期限"},
    )
