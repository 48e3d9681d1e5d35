"""The project list, detail, create and edit pages."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from projects import capabilities as caps
from projects import hooks
from projects.choices import ProjectStatus
from projects.duplicates import possible_duplicates
from projects.exporters import project_list_workbook
from projects.filters import ProjectFilter
from projects.forms import (
    DocumentForm,
    FundingFormSet,
    NewFundingFormSet,
    NewPositionFormSet,
    NoticeForm,
    PositionFormSet,
    ProjectForm,
    funding_initial,
    funding_inputs,
    position_initial,
    position_inputs,
)
from projects.models import Project, Publication
from projects.selectors import project_facts, project_list_queryset
from projects.services.changes import CHANGEABLE_STATES
from projects.services.documents import kinds_for
from projects.services.lifecycle import next_stage, transition_options
from projects.services.notices import printable_notices
from projects.services.projects import edit_scope, project_save
from projects.services.publication import PUBLISHABLE
from projects.tables import ProjectTable
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access, once
from yiguoji.core.views.mixins import ScopedTableView, xlsx_response

DUPLICATE_STATES = (ProjectStatus.RESERVE, ProjectStatus.REVIEWED, ProjectStatus.LISTED)
DETAIL_RELATED = ("owner", "department", "contractor", "collective", "created_by")


class ProjectListView(ScopedTableView):
    capability = caps.VIEW
    queryset = project_list_queryset()
    filterset_class = ProjectFilter
    table_class = ProjectTable
    export_name = "项目库"
    page_title = "项目库"
    template_name = "projects/project_list.html"

    def export(self, request):
        rows = self.filterset_class(**self.get_filterset_kwargs(self.filterset_class)).qs
        rows = rows.prefetch_related("funding_lines", "villages").order_by("-year", "code")
        stamp = timezone.localtime()
        content = project_list_workbook(
            rows, title="以工代赈项目库（筛选结果）", exported_by=request.user.get_full_name()
        )
        return xlsx_response(content, f"项目库-{stamp:%Y%m%d}.xlsx")


def _can_edit(user, project, can_change: bool) -> bool:
    try:
        edit_scope(user, project, can_change=can_change)
    except PermissionDenied:
        return False
    return True


@dataclass
class Event:
    at: datetime.datetime
    kind: str  # transition / change / notice
    title: str
    who: str
    text: str
    org: str = ""
    status: str = ""


def _timeline(facts) -> list[Event]:
    """Transitions, change requests and notices, oldest first."""
    events = [
        Event(t.at, "transition", f"{t.get_from_status_display()} → {t.get_to_status_display()}",
              t.actor.get_full_name(), t.reason, t.actor_organisation, t.to_status)
        for t in facts.transitions
    ]  # fmt: skip
    for change in facts.change_requests:
        who = change.requested_by.get_full_name()
        events.append(Event(change.requested_at, "change", "提交变更申请", who, change.reason))
        if change.decided_at and change.decided_by_id:
            title = f"变更申请{change.get_status_display()}"
            who = change.decided_by.get_full_name()
            events.append(Event(change.decided_at, "change", title, who, change.decision_note))
    for notice in facts.notices:
        title = f"登记{notice.get_kind_display()}"
        text = f"{notice.posted_on:%Y-%m-%d} 起在{notice.location}公示"
        events.append(
            Event(notice.recorded_at, "notice", title, notice.recorded_by.get_full_name(), text)
        )
    return sorted(events, key=lambda e: e.at)


def _notice_initial(project, facts) -> dict:
    """The notice form starts at the first notice this state calls for that is not posted."""
    due = [kind for kind in printable_notices(project.status) if facts.notice(kind) is None]
    return {"posted_on": timezone.localdate(), "kind": due[0] if due else None}


def project_detail(request, pk: int):
    access.require(request.user, caps.VIEW)
    user = request.user
    project = scope.get_object_or_404(Project.objects.select_related(*DETAIL_RELATED), user, pk=pk)
    facts = project_facts(project)
    can_change = scope.can(user, scope.CHANGE, project)
    stage = next_stage(project.status)
    required = [
        {"kind": kind, "documents": facts.documents_of(kind)}
        for kind in (facts.required_for(stage) if stage else [])
    ]
    options = transition_options(user, facts, can_change=can_change)
    # art. 18: while the project is prepared, reviewed and listed, the works it may duplicate
    duplicates = possible_duplicates(project) if project.status in DUPLICATE_STATES else []
    context = {
        "project": project,
        "facts": facts,
        "can_change": can_change,
        "can_edit": _can_edit(user, project, can_change),
        "options": options,
        "forward": [o for o in options if o.transition.forward],
        "side": [o for o in options if not o.transition.forward],
        "next_stage": stage,
        "next_stage_label": ProjectStatus(stage).label if stage else "",
        "can_request_change": can_change
        and access.has(user, caps.REQUEST_CHANGE)
        and project.status in CHANGEABLE_STATES
        and facts.pending_change is None,
        "required": required,
        "figures": hooks.wage_figures(project),
        "printable": printable_notices(project.status),
        "can_upload": can_change
        and access.has(user, caps.UPLOAD_DOCUMENTS)
        and bool(kinds_for(user))
        and project.status != "withdrawn",
        "document_form": DocumentForm(user=user)
        if access.has(user, caps.UPLOAD_DOCUMENTS)
        else None,
        "notice_form": NoticeForm(initial=_notice_initial(project, facts)),
        "can_record_notice": can_change
        and access.has(user, caps.RECORD_NOTICE)
        and bool(printable_notices(project.status)),
        "timeline": _timeline(facts),
        "duplicates": duplicates,
        "page_title": project.name,
        "publication": Publication.objects.filter(project=project).first(),
        "can_publish": can_change and access.has(user, caps.PUBLISH),
        "publishable": project.status in PUBLISHABLE,
    }
    return render(request, "projects/project_detail.html", context)


def _form_page(request, project: Project | None):
    user = request.user
    allowed = edit_scope(user, project)  # PermissionDenied -> 403 with the reason
    instance = project or Project(year=timezone.localdate().year)
    funding_class = FundingFormSet if project else NewFundingFormSet
    positions_class = PositionFormSet if project else NewPositionFormSet
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=instance, user=user, scope=allowed)
        funding = funding_class(request.POST, prefix="funding") if allowed.funding else None
        positions = positions_class(request.POST, prefix="positions") if allowed.positions else None
        valid = [form.is_valid()] + [fs.is_valid() for fs in (funding, positions) if fs is not None]
        seen = once.claim(request) if all(valid) and project is None else None
        if seen is not None:  # the new project's form sent twice: one project
            messages.info(request, once.REPEATED)
            return redirect(seen or "projects:list")
        if all(valid):
            try:
                saved = project_save(
                    acting_user=user,
                    project=project,
                    fields=form.project_fields(),
                    townships=form.cleaned_data.get("townships") if allowed.places else None,
                    villages=form.cleaned_data.get("villages") if allowed.places else None,
                    funding=funding_inputs(funding) if funding is not None else None,
                    positions=position_inputs(positions) if positions is not None else None,
                )
            except ValidationError as error:
                once.release(request)
                show_errors(form, error)
            else:
                messages.success(request, f"已保存项目“{saved.name}”（{saved.code}）")
                once.remember(request, reverse("projects:detail", args=[saved.pk]))
                return redirect("projects:detail", pk=saved.pk)
    else:
        form = ProjectForm(instance=instance, user=user, scope=allowed)
        funding = positions = None
        if allowed.funding:
            initial = funding_initial(project.funding_lines.all()) if project else None
            funding = funding_class(prefix="funding", initial=initial)
        if allowed.positions:
            initial = position_initial(project.positions.all()) if project else None
            positions = positions_class(prefix="positions", initial=initial)
    context = {
        "form": form,
        "funding": funding,
        "positions": positions,
        "project": project,
        "page_title": f"编辑项目：{project.name}" if project else "申报储备项目",
        "restricted": allowed.fields != frozenset(form.Meta.fields) - {"townships", "villages"}
        and project is not None,
    }
    return render(request, "projects/project_form.html", context)


def project_create(request):
    access.require(request.user, caps.PROPOSE)
    return _form_page(request, None)


def project_edit(request, pk: int):
    user = request.user
    if not (access.has(user, caps.PROPOSE) or access.has(user, caps.IMPLEMENT)):
        access.require(user, caps.PROPOSE)  # 403 with the reason
    project = scope.get_object_or_404(
        Project.objects.select_related(*DETAIL_RELATED), request.user, scope.CHANGE, pk=pk
    )
    return _form_page(request, project)
