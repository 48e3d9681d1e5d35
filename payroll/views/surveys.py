"""The labour survey: rounds, the survey ledger (工作台账), entering and importing answers."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from payroll import capabilities as caps
from payroll import identity
from payroll.filters import SurveyResponseFilterSet
from payroll.forms import (
    IdLookupForm,
    SurveyAnswerForm,
    SurveyNewPersonForm,
    SurveyRoundForm,
)
from payroll.importers import kinds
from payroll.models import SurveyResponse, SurveyRound
from payroll.services.surveys import survey_enter, survey_round_close, survey_round_create
from payroll.services.workers import worker_find
from payroll.tables import SurveyResponseTable
from payroll.views.common import add_errors
from payroll.views.imports import township_param, township_upload_form, upload_page
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.roles import Role
from yiguoji.core.views.mixins import ScopedTableView


def survey_rounds(request):
    access.require(request.user, caps.VIEW_SURVEYS)
    counts = dict(
        scope.restrict(SurveyResponse.objects.all(), request.user)
        .values("round")
        .annotate(n=Count("pk"))
        .values_list("round", "n")
    )
    rounds = list(scope.restrict(SurveyRound.objects.all(), request.user))
    for survey_round in rounds:
        survey_round.response_count = counts.get(survey_round.pk, 0)
    return render(
        request,
        "payroll/survey_rounds.html",
        {"rounds": rounds, "can_manage": access.has(request.user, caps.MANAGE_SURVEYS)},
    )


def survey_round_new(request):
    access.require(request.user, caps.MANAGE_SURVEYS)
    form = SurveyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            survey_round = survey_round_create(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"已发起“{survey_round.name}”。")
            return redirect("payroll:survey_ledger", survey_round.pk)
    context = {"form": form, "title": "发起摸底调查", "back": reverse("payroll:survey_rounds")}
    return render(request, "payroll/form_page.html", context)


@require_POST
def survey_round_end(request, pk: int):
    access.require(request.user, caps.MANAGE_SURVEYS)
    survey_round = scope.get_object_or_404(
        SurveyRound.objects.all(), request.user, scope.CHANGE, pk=pk
    )
    survey_round_close(acting_user=request.user, survey_round=survey_round)
    messages.success(request, f"“{survey_round.name}”已结束登记。")
    return redirect("payroll:survey_ledger", pk)


class SurveyLedgerView(ScopedTableView):
    """工作台账: every answer of one round that the user may see, filtered and exportable."""

    capability = caps.VIEW_SURVEYS
    filterset_class = SurveyResponseFilterSet
    table_class = SurveyResponseTable
    template_name = "payroll/survey_ledger.html"

    @cached_property
    def survey_round(self):
        return scope.get_object_or_404(
            SurveyRound.objects.all(), self.request.user, pk=self.kwargs["pk"]
        )

    @property
    def export_name(self) -> str:
        return f"{self.survey_round.name}工作台账"

    def get_queryset(self):
        return (
            scope.restrict(SurveyResponse.objects.all(), self.request.user)
            .filter(round=self.survey_round)
            .select_related("worker", "worker__village", "township")
            .order_by("township__code", "worker__village__name", "worker__name", "pk")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["survey_round"] = self.survey_round
        context["can_enter"] = self.survey_round.is_open and access.has(user, caps.ENTER_SURVEY)
        context["can_manage"] = access.has(user, caps.MANAGE_SURVEYS)
        return context


def survey_entry(request, pk: int):
    """Step 1: the ID number. Step 2: the answer (and, for a new person, their details). Both
    are POSTs: the number is never in a URL (issue 10 item 2); step 2 carries it encrypted."""
    access.require(request.user, caps.ENTER_SURVEY)
    survey_round = scope.get_object_or_404(SurveyRound.objects.all(), request.user, pk=pk)
    lookup = IdLookupForm(request.POST if request.method == "POST" else None)
    step_one = {"survey_round": survey_round, "lookup": lookup}
    if not lookup.is_valid():
        return render(request, "payroll/survey_entry.html", step_one)
    id_number = lookup.cleaned_data["id_number"]
    worker = worker_find(id_number=id_number)
    if worker is not None and not _may_answer_for(request.user, worker):
        lookup.add_error(
            "id_number", f"该人员登记在{worker.township.name}，请由该乡镇（街道）登记调查"
        )
        return render(request, "payroll/survey_entry.html", step_one)
    data = request.POST if "answer" in request.POST else None
    if worker is None:
        form = SurveyNewPersonForm(data, user=request.user)
    else:
        existing = worker.survey_responses.filter(round=survey_round).first()
        form = SurveyAnswerForm(data, initial=_answer_initial(existing))
    if data is not None and form.is_valid():
        try:
            survey_enter(
                acting_user=request.user,
                survey_round=survey_round,
                id_number=id_number,
                answer=form.answer(),
                details=form.details() if worker is None else None,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "已登记。可以继续登记下一人。")
            return redirect(reverse("payroll:survey_entry", args=[pk]))
    context = {
        **step_one,
        "form": form,
        "worker": worker,
        "token": lookup.sealed_number(),
        "masked": identity.id_masked(id_number),
    }
    return render(request, "payroll/survey_entry.html", context)


def _may_answer_for(user, worker) -> bool:
    return user.role != Role.TOWNSHIP or worker.township_id == user.township_id


def _answer_initial(response) -> dict:
    if response is None:
        return {}
    return {
        "willing": "1" if response.willing else "0",
        "available_months": response.available_months,
        "answer_skills": response.skills,
        "skill_level": response.skill_level,
        "preferred_work": response.preferred_work,
        "surveyed_on": response.surveyed_on,
        "answer_note": response.note,
    }


def survey_import(request, pk: int):
    survey_round = scope.get_object_or_404(SurveyRound.objects.all(), request.user, pk=pk)
    return upload_page(
        request,
        key=kinds.SURVEY,
        params={"round_id": survey_round.pk},
        title=f"导入摸底调查登记表：{survey_round.name}",
        back=reverse("payroll:survey_ledger", args=[pk]),
        form_class=township_upload_form(request.user),
        form_params=township_param,
    )
