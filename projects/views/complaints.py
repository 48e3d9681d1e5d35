"""Complaints (投诉举报) for staff: the register, entering a call or letter, handling one, and the
district office's deadlines per kind. Every write is one service of
``projects.services.complaints``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render

from projects import capabilities as caps
from projects.choices import ComplaintKind
from projects.filters import ComplaintFilter
from projects.forms import (
    AcknowledgeForm,
    AnswerForm,
    ComplaintCloseForm,
    ComplaintForm,
    ComplaintNoteForm,
    ComplaintReassignForm,
    ComplaintReplyForm,
    ComplaintRuleForm,
)
from projects.models import Complaint, ComplaintStep
from projects.selectors import complainant_shown_to
from projects.services import complaints as services
from projects.tables import ComplaintTable
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class ComplaintListView(ScopedTableView):
    capability = caps.VIEW_COMPLAINTS
    queryset = Complaint.objects.select_related("project", "handler")
    filterset_class = ComplaintFilter
    table_class = ComplaintTable
    export_name = "投诉举报"
    page_title = "投诉举报"
    template_name = "projects/complaint_list.html"


def complaint_create(request):
    user = request.user
    access.require(user, caps.RECORD_COMPLAINTS)
    form = ComplaintForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint, code = services.complaint_submit(acting_user=user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                f"已登记投诉 {complaint.number}，分派{complaint.handler.name}办理。"
                f"请告知投诉人编号和查询码 {code}（只显示这一次），"
                "凭此可查询进度、确认或要求重办。",
            )
            return redirect("projects:complaint", complaint.pk)
    return render(
        request,
        "projects/complaint_form.html",
        {"form": form, "page_title": "登记投诉举报"},
        status=400 if form.errors else 200,
    )


# action -> (capability, form, service call, success message)
ACTIONS = {
    "acknowledge": (
        caps.HANDLE_COMPLAINTS,
        AcknowledgeForm,
        lambda user, c, data: services.complaint_acknowledge(acting_user=user, complaint=c, **data),
        "已受理，投诉人已收到告知",
    ),
    "answer": (
        caps.HANDLE_COMPLAINTS,
        AnswerForm,
        lambda user, c, data: services.complaint_answer(acting_user=user, complaint=c, **data),
        "已答复，等待投诉人确认",
    ),
    "note": (
        caps.HANDLE_COMPLAINTS,
        ComplaintNoteForm,
        lambda user, c, data: services.complaint_note(acting_user=user, complaint=c, **data),
        "已记录",
    ),
    "reply": (
        caps.SUPERVISE_COMPLAINTS,
        ComplaintReplyForm,
        lambda user, c, data: (
            services.complaint_confirm(acting_user=user, complaint=c, note=data["note"])
            if data["satisfied"]
            else services.complaint_reopen(acting_user=user, complaint=c, reason=data["note"])
        ),
        "已登记投诉人意见",
    ),
    "close": (
        caps.SUPERVISE_COMPLAINTS,
        ComplaintCloseForm,
        lambda user, c, data: services.complaint_close(acting_user=user, complaint=c, **data),
        "已办结",
    ),
    "reassign": (
        caps.SUPERVISE_COMPLAINTS,
        ComplaintReassignForm,
        lambda user, c, data: services.complaint_reassign(acting_user=user, complaint=c, **data),
        "已改派",
    ),
}
# Which actions make sense in which state.
OFFERED = {
    "received": ("acknowledge", "answer", "note", "reassign", "close"),
    "processing": ("answer", "note", "reassign", "close"),
    "answered": ("reply", "note", "close"),
    "closed": (),
}


def _offered(user, complaint) -> list[str]:
    if not scope.can(user, scope.CHANGE, complaint):
        return []
    return [a for a in OFFERED[complaint.status] if access.has(user, ACTIONS[a][0])]


def complaint_detail(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW_COMPLAINTS)
    queryset = Complaint.objects.select_related(
        "project", "handler", "recorded_by", "worker"
    ).prefetch_related(
        Prefetch("steps", queryset=ComplaintStep.objects.select_related("by", "organisation"))
    )
    complaint = scope.get_object_or_404(queryset, user, pk=pk)
    offered = _offered(user, complaint)
    posted = request.POST.get("action") if request.method == "POST" else None
    forms = {action: ACTIONS[action][1](prefix=action) for action in offered}
    if posted is not None:
        if posted not in offered:
            if posted not in ACTIONS or not scope.can(user, scope.CHANGE, complaint):
                raise PermissionDenied("该投诉不由您的单位办理")
            access.require(user, ACTIONS[posted][0])
            messages.error(request, f"该投诉{complaint.get_status_display()}，不能进行此项办理")
            return redirect("projects:complaint", pk)
        _, form_class, call, done = ACTIONS[posted]
        form = forms[posted] = form_class(request.POST, prefix=posted)
        if form.is_valid():
            try:
                call(user, complaint, form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("projects:complaint", pk)
    return render(
        request,
        "projects/complaint_detail.html",
        {
            "complaint": complaint,
            "steps": list(complaint.steps.all()),
            "forms": forms,
            "show_complainant": complainant_shown_to(user, complaint),
            "page_title": f"投诉举报 {complaint.number}",
        },
        status=400 if any(f.errors for f in forms.values()) else 200,
    )


def complaint_settings(request):
    """The district office's deadlines and routing per kind (data, not code)."""
    user = request.user
    access.require(user, caps.SUPERVISE_COMPLAINTS)
    rules = {kind: services.rule_for(kind) for kind in ComplaintKind.values}
    forms = [
        (
            kind,
            ComplaintRuleForm(
                request.POST or None,
                prefix=kind,
                initial={f: getattr(rules[kind], f) for f in services.RULE_FIELDS},
            ),
        )
        for kind in ComplaintKind.values
    ]
    if request.method == "POST" and all(form.is_valid() for _, form in forms):
        try:
            services.complaint_rules_update(
                acting_user=user, rules={kind: form.cleaned_data for kind, form in forms}
            )
        except ValidationError as error:
            for key, errors in error.message_dict.items():
                kind, _, field = key.partition("-")
                form = dict(forms)[kind]
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, "投诉办理时限已保存，对此后收到的投诉生效")
            return redirect("projects:complaint_settings")
    return render(
        request,
        "projects/complaint_settings.html",
        {
            "rows": [(ComplaintKind(kind).label, form) for kind, form in forms],
            "page_title": "投诉办理时限",
        },
        status=400 if any(form.errors for _, form in forms) else 200,
    )
