"""The training ledger: the district-wide list of rows (drill-down target), entering rows in the
browser, importing and exporting a session's ledger."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from payroll.capabilities import REGISTER_WORKERS
from payroll.forms import RevealPurposeForm
from training import capabilities as caps
from training.exporters.ledger import ledger_filename, ledger_workbook
from training.filters import RecordFilter
from training.forms import LedgerUploadForm, RecordEditForm, RecordForm, RegisterForm
from training.importers.ledger import LedgerImport
from training.models import TrainingRecord
from training.selectors import with_session_link
from training.services.ledger import LEDGER_UPLOAD, ledger_import
from training.services.records import (
    record_add,
    record_add_registering,
    record_delete,
    record_update,
)
from training.tables import RecordTable
from training.views import form_errors
from training.views.sessions import _session, render_session
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.jobs import announce
from yiguoji.core.views.mixins import ScopedTableView, xlsx_response


class RecordListView(ScopedTableView):
    """Every ledger row the user may see; the figures link here with their filters."""

    capability = caps.VIEW_PEOPLE
    queryset = TrainingRecord.objects.select_related(
        "worker", "worker__township", "worker__village", "session"
    )
    filterset_class = RecordFilter
    table_class = RecordTable
    export_name = "培训记录"
    page_title = "培训台账（全部记录）"

    def get_queryset(self):
        return with_session_link(super().get_queryset(), self.request.user)


@require_POST
def record_add_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    session = _session(request, pk, scope.CHANGE)
    form = RecordForm(request.POST, session=session)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = record_add(
                acting_user=request.user,
                session=session,
                worker=data["person"],
                hours=data["hours"],
                passed=data["passed"],
                certificate_no=data["certificate_no"],
                note=data["note"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"已将{record.worker.name}登记到培训台账。")
            return redirect(f"{session_url(session.pk)}#ledger")
    return render_session(request, session, status=400, record_form=form)


@require_POST
def record_register_view(request, pk: int):
    """A person not yet registered: into the register (payroll's rules) and the ledger."""
    access.require(request.user, caps.MANAGE_SESSIONS)
    access.require(request.user, REGISTER_WORKERS)
    session = _session(request, pk, scope.CHANGE)
    form = RegisterForm(request.POST, user=request.user, session=session)
    if form.is_valid():
        data = form.cleaned_data
        try:
            record = record_add_registering(
                acting_user=request.user,
                session=session,
                id_number=data["id_number"],
                details=form.details(),
                hours=data["hours"],
                passed=data["passed"],
                certificate_no=data["certificate_no"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"已登记{record.worker.name}并加入培训台账。")
            return redirect(f"{session_url(session.pk)}#ledger")
    return render_session(request, session, status=400, register_form=form)


def session_url(pk: int) -> str:
    return reverse("training:session", args=[pk])


def _record(request, pk: int, action: str = scope.VIEW) -> TrainingRecord:
    queryset = TrainingRecord.objects.select_related("session", "worker")
    return scope.get_object_or_404(queryset, request.user, action, pk=pk)


def record_edit_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    record = _record(request, pk, scope.CHANGE)
    initial = {
        "hours": record.hours,
        "passed": "1" if record.passed else "0",
        "certificate_no": record.certificate_no,
        "note": record.note,
    }
    form = RecordEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            record_update(acting_user=request.user, record=record, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"已修改{record.worker.name}的培训记录。")
            return redirect(f"{session_url(record.session_id)}#ledger")
    return render(
        request,
        "training/record_form.html",
        {"form": form, "record": record, "page_title": "修改培训记录"},
    )


@require_POST
def record_delete_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    record = _record(request, pk, scope.CHANGE)
    record_delete(acting_user=request.user, record=record)
    messages.success(request, f"已从培训台账中删除{record.worker.name}。")
    return redirect(f"{session_url(record.session_id)}#ledger")


def ledger_import_view(request, pk: int):
    """The ledger upload page (the shared import panel); a clean file lands in the ledger."""
    access.require(request.user, caps.MANAGE_SESSIONS)
    session = _session(request, pk, scope.CHANGE)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        try:
            outcome = ledger_import(
                acting_user=request.user, session=session, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            if outcome.job is not None:
                announce(request, outcome.job, f"文件较大，已转为后台任务“{outcome.job.title}”。")
                return redirect("core:jobs")
            if outcome.result.ok:
                messages.success(request, f"培训台账导入成功：{outcome.result.summary}")
                return redirect(f"{session_url(session.pk)}#ledger")
    context = {
        "session": session,
        "form": form,
        "outcome": outcome,
        "spec": LedgerImport,
        "template_url": reverse("core:import_template", args=[LEDGER_UPLOAD]),
    }
    return render(request, "training/ledger_import.html", context, status=400 if outcome else 200)


def ledger_export(request, pk: int):
    """The session's ledger in the paper layout; POST with ``full_ids`` and a stated purpose for
    the full numbers (roles that file the ledger; each number written is logged)."""
    access.require(request.user, caps.VIEW_PEOPLE)
    session = _session(request, pk)
    purpose = ""
    if request.method == "POST" and request.POST.get("full_ids") == "1":
        form = RevealPurposeForm(request.POST)  # a reveal states its purpose (issue 10 item 4)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, "；".join(errors))
            return redirect("training:session", pk)
        purpose = form.cleaned_data["purpose"]
    content = ledger_workbook(acting_user=request.user, session=session, purpose=purpose)
    return xlsx_response(content, ledger_filename(session))
