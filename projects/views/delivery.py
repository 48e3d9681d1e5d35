"""A finished project's archives and handover (plan task 8, art. 32), and the district's
archive rules (retention years)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone

from projects import capabilities as caps
from projects.forms import ArchiveItemForm, ArchiveRulesForm, HandoverForm
from projects.models import ArchiveRule, Project
from projects.selectors import delivery
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
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("您不能登记该项目的工程移交和档案")
        what = request.POST.get("what")
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
