"""Training sessions: list, detail (with its ledger and photos), create, edit, delete, photos."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from payroll.capabilities import REGISTER_WORKERS
from training import capabilities as caps
from training.exporters.ledger import may_reveal
from training.filters import SessionFilter
from training.forms import LedgerUploadForm, PhotoForm, RecordForm, RegisterForm, SessionForm
from training.models import TrainingPhoto, TrainingSession
from training.selectors import session_records, sessions_for
from training.services.sessions import (
    photo_add,
    photo_delete,
    session_create,
    session_delete,
    session_update,
)
from training.tables import SessionTable
from training.views import form_errors
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.views.mixins import ScopedTableView


class SessionListView(ScopedTableView):
    capability = caps.VIEW
    filterset_class = SessionFilter
    table_class = SessionTable
    export_name = "培训清单"
    page_title = "培训"
    template_name = "training/session_list.html"

    def get_queryset(self):
        return sessions_for(self.request.user)  # scoped, with the ledger counts


def _session(request, pk: int, action: str = scope.VIEW) -> TrainingSession:
    queryset = TrainingSession.objects.select_related("organiser", "partner", "township", "project")
    return scope.get_object_or_404(queryset, request.user, action, pk=pk)


def may_change(user, session: TrainingSession) -> bool:
    return access.has(user, caps.MANAGE_SESSIONS) and scope.can(user, scope.CHANGE, session)


def render_session(request, session: TrainingSession, *, status: int = 200, **forms):
    """The session page; ``forms`` replaces a blank form with a bound one that has errors."""
    user = request.user
    see_people = access.has(user, caps.VIEW_PEOPLE)
    records = list(session_records(user, session))
    changeable = may_change(user, session)
    context = {
        "see_people": see_people,
        "session": session,
        "records": records,
        "people": len(records),
        "passed": sum(1 for r in records if r.passed),
        "hours": sum((r.hours for r in records), start=0),
        "photos": list(scope.restrict(session.photos.all(), user)),
        "can_change": changeable,
        "can_reveal": see_people and may_reveal(user),
    }
    if changeable:
        context["record_form"] = forms.get("record_form") or RecordForm(session=session)
        if access.has(user, REGISTER_WORKERS):
            context["register_form"] = forms.get("register_form") or RegisterForm(
                user=user, session=session
            )
        context["active_tab"] = next(iter(forms), "record_form")
        context["record_add_url"] = reverse("training:record_add", args=[session.pk])
        context["register_url"] = reverse("training:record_register", args=[session.pk])
        context["upload_form"] = forms.get("upload_form") or LedgerUploadForm()
        context["photo_form"] = forms.get("photo_form") or PhotoForm()
    return render(request, "training/session_detail.html", context, status=status)


def session_detail(request, pk: int):
    access.require(request.user, caps.VIEW)
    return render_session(request, _session(request, pk))


def _session_form_page(request, form, session=None):
    return render(
        request,
        "training/session_form.html",
        {"form": form, "session": session, "page_title": "修改培训" if session else "登记培训"},
    )


def session_create_view(request):
    access.require(request.user, caps.MANAGE_SESSIONS)
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session = session_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"已登记培训“{session.title}”，请登记参训人员。")
            return redirect("training:session", session.pk)
    return _session_form_page(request, form)


def session_edit_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    session = _session(request, pk, scope.CHANGE)
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            session_update(acting_user=request.user, session=session, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "培训信息已保存。")
            return redirect("training:session", session.pk)
    return _session_form_page(request, form, session)


@require_POST
def session_delete_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    session = _session(request, pk, scope.CHANGE)
    try:
        session_delete(acting_user=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("training:session", session.pk)
    messages.success(request, f"已删除培训“{session.title}”。")
    return redirect("training:sessions")


@require_POST
def photo_upload(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    session = _session(request, pk, scope.CHANGE)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            photo_add(
                acting_user=request.user,
                session=session,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "照片已上传。")
            return redirect("training:session", session.pk)
    return render_session(request, session, status=400, photo_form=form)


def photo_file(request, pk: int):
    """A session photo, served only to users who may see its session."""
    access.require(request.user, caps.VIEW)
    photo = scope.get_object_or_404(TrainingPhoto.objects.all(), request.user, pk=pk)
    return FileResponse(photo.image.open("rb"), filename=photo.name)


@require_POST
def photo_delete_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SESSIONS)
    photo = scope.get_object_or_404(TrainingPhoto.objects.all(), request.user, scope.CHANGE, pk=pk)
    photo_delete(acting_user=request.user, photo=photo)
    messages.success(request, "照片已删除。")
    return redirect("training:session", photo.session_id)
