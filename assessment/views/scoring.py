"""Forecasts, scoring rules, scores and appeals (plan task 10)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assessment import capabilities as caps
from assessment import jobs
from assessment.choices import AppealStatus
from assessment.filters import ForecastFilter
from assessment.forms import (
    AppealForm,
    DecideForm,
    ForecastForm,
    RuleForm,
    YearSettingsForm,
)
from assessment.models import Appeal, AssessmentYear, Forecast, ScoreSheet, ScoringRule
from assessment.selectors.actuals import actual_of
from assessment.services.forecasts import forecast_submit
from assessment.services.scoring import appeal_decide, appeal_file, scores_publish
from assessment.services.settings import (
    assessment_year_save,
    full_marks,
    scoring_rule_delete,
    scoring_rule_save,
    scoring_rules_copy,
)
from assessment.tables import ForecastTable
from assessment.views.common import attempt, flash_errors, form_errors, year_param
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.services.jobs import job_enqueue
from yiguoji.core.terms import terms
from yiguoji.core.views.jobs import announce
from yiguoji.core.views.mixins import ScopedTableView


class ForecastListView(ScopedTableView):
    capability = caps.VIEW_FORECASTS
    queryset = Forecast.objects.select_related("organisation")
    filterset_class = ForecastFilter
    table_class = ForecastTable
    export_name = "年初预测"
    page_title = "年初预测"
    template_name = "assessment/forecast_list.html"


def forecast_form(request):
    user = request.user
    access.require(user, caps.SUBMIT_FORECAST)
    if user.organisation is None:
        raise PermissionDenied("您的账号未关联单位")
    year = year_param(request)
    existing = Forecast.objects.filter(year=year, organisation=user.organisation).first()
    initial = (
        {"projects": existing.projects, "beneficiaries": existing.beneficiaries,
         "wage_total": existing.wage_total, "explanation": existing.explanation}
        if existing else {}
    )  # fmt: skip
    form = ForecastForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            forecast_submit(acting_user=user, year=year, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{year}年预测已报送")
            return redirect(reverse("assessment:forecasts") + f"?year={year}")
    context = {
        "form": form,
        "year": year,
        "last": actual_of(year - 1, user.organisation),
        "existing": existing,
        "settings": AssessmentYear.objects.filter(year=year).first(),
        "page_title": f"{year}年初预测",
    }
    return render(
        request, "assessment/forecast_form.html", context, status=400 if form.errors else 200
    )


# --- the district office's settings and rules ---------------------------------------------------


def rules_page(request):
    user = request.user
    access.require(user, caps.MANAGE_SCORING)
    year = year_param(request)
    settings = AssessmentYear.objects.filter(year=year).first()
    form = YearSettingsForm(request.POST or None, instance=settings, prefix="settings")
    if request.method == "POST" and form.is_valid():
        try:
            assessment_year_save(acting_user=user, year=year, **form.cleaned_data)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"{year}年度考核设置已保存")
            return redirect(reverse("assessment:rules") + f"?year={year}")
    rules = list(ScoringRule.objects.filter(year=year))
    context = {
        "year": year,
        "years": range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1),
        "settings": settings,
        "form": form,
        "rules": rules,
        "full_marks": full_marks(rules),
        "sheets": ScoreSheet.objects.filter(year=year).count(),
        "page_title": f"{year}年度考核指标",
    }
    return render(request, "assessment/rules.html", context, status=400 if form.errors else 200)


def rule_form(request, year: int, pk: int | None = None):
    user = request.user
    access.require(user, caps.MANAGE_SCORING)
    rule = (
        scope.get_object_or_404(ScoringRule.objects.all(), user, scope.CHANGE, pk=pk, year=year)
        if pk
        else None
    )
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            scoring_rule_save(acting_user=user, year=year, values=form.cleaned_data, rule=rule)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "考核指标已保存")
            return redirect(reverse("assessment:rules") + f"?year={year}")
    return render(
        request,
        "assessment/form_page.html",
        {"form": form, "page_title": f"{year}年度考核指标", "back": "assessment:rules",
         "intro": "每条指标设分值和一种扣分规则：每发生一次扣“每次扣分”，扣完该指标分值为止。"},
        status=400 if form.errors else 200,
    )  # fmt: skip


@require_POST
def rule_delete(request, pk: int):
    access.require(request.user, caps.MANAGE_SCORING)
    rule = scope.get_object_or_404(ScoringRule.objects.all(), request.user, scope.CHANGE, pk=pk)
    attempt(
        request, lambda: scoring_rule_delete(acting_user=request.user, rule=rule), "考核指标已删除"
    )
    return redirect(reverse("assessment:rules") + f"?year={rule.year}")


@require_POST
def rules_copy(request, year: int):
    access.require(request.user, caps.MANAGE_SCORING)
    try:
        count = scoring_rules_copy(acting_user=request.user, from_year=year - 1, to_year=year)
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, f"已复制{year - 1}年度的 {count} 条考核指标")
    return redirect(reverse("assessment:rules") + f"?year={year}")


@require_POST
def scores_compute_view(request, year: int):
    access.require(request.user, caps.MANAGE_SCORING)
    job = job_enqueue(kind=jobs.SCORES, acting_user=request.user, params={"year": year},
                title=f"计算{year}年度考核得分")  # fmt: skip
    announce(request, job, f"已开始计算{year}年度考核得分，可在“后台任务”查看进度")
    return redirect(reverse("assessment:scores") + f"?year={year}")


@require_POST
def scores_publish_view(request, year: int):
    access.require(request.user, caps.MANAGE_SCORING)
    attempt(
        request,
        lambda: scores_publish(acting_user=request.user, year=year),
        f"{year}年度考核结果已发布，结果已冻结",
    )
    return redirect(reverse("assessment:scores") + f"?year={year}")


# --- scores and appeals -----------------------------------------------------------------------


def scores(request):
    user = request.user
    access.require(user, caps.VIEW_SCORES)
    year = year_param(request, timezone.localdate().year - (timezone.localdate().month < 12))
    sheets = list(
        scope.restrict(ScoreSheet.objects.filter(year=year), user)
        .select_related("organisation")
        .order_by("-is_township", "-total", "organisation__name")
    )
    settings = AssessmentYear.objects.filter(year=year).first()
    return render(
        request,
        "assessment/scores.html",
        {
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
            "townships": [s for s in sheets if s.is_township],
            "units": [s for s in sheets if not s.is_township],
            "settings": settings,
            "manage": access.has(user, caps.MANAGE_SCORING),
            "page_title": f"{year}年度考核结果",
        },
    )


def score_detail(request, pk: int):
    user = request.user
    access.require(user, caps.VIEW_SCORES)
    sheet = scope.get_object_or_404(ScoreSheet.objects.select_related("organisation"), user, pk=pk)
    from assessment.evidence import evidence_links

    lines = list(sheet.lines.select_related("rule"))
    appeals = list(sheet.appeals.select_related("line__rule", "filed_by", "decided_by"))
    form = None
    settings = AssessmentYear.objects.filter(year=sheet.year).first()
    if (
        access.has(user, caps.APPEAL)
        and sheet.organisation_id == user.organisation_id
        and settings is not None
        and settings.is_published
        and not any(a.status == AppealStatus.PENDING for a in appeals)
    ):
        form = AppealForm(request.POST or None, sheet=sheet)
        if request.method == "POST" and form.is_valid():
            try:
                appeal_file(acting_user=user, sheet=sheet, **form.cleaned_data)
            except ValidationError as error:
                form_errors(form, error)
            else:
                messages.success(request, f"申诉已提交，等待{terms().office}处理")
                return redirect("assessment:score", pk)
    elif request.method == "POST":
        access.require(user, caps.APPEAL)
        raise PermissionDenied("不能对该考核结果申诉")
    context = {
        "sheet": sheet,
        "lines": [(line, evidence_links(user, line.evidence)) for line in lines],
        "appeals": appeals,
        "form": form,
        "settings": settings,
        "page_title": str(sheet),
    }
    return render(
        request,
        "assessment/score_detail.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


def appeals(request):
    access.require(request.user, caps.MANAGE_SCORING)
    rows = Appeal.objects.select_related("sheet__organisation", "line__rule", "filed_by").order_by(
        "status", "-filed_at"
    )
    return render(
        request,
        "assessment/appeals.html",
        {"appeals": list(rows), "form": DecideForm(), "page_title": "考核申诉"},
    )


@require_POST
def appeal_decide_view(request, pk: int):
    access.require(request.user, caps.MANAGE_SCORING)
    appeal = scope.get_object_or_404(Appeal.objects.all(), request.user, scope.CHANGE, pk=pk)
    form = DecideForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("请填写处理结果和处理意见")
        data = form.cleaned_data
        appeal_decide(
            acting_user=request.user, appeal=appeal, upheld=data["upheld"],
            decision=data["decision"], points_restored=data["points_restored"] or 0,
        )  # fmt: skip
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(request, "申诉已处理")
    return redirect("assessment:appeals")
