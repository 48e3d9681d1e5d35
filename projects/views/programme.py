"""The district office's per-year settings: wage-share target, documents required per stage."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import DocumentKind, RequirementCondition
from projects.forms import ProgrammeYearForm
from projects.models import ProgrammeYear
from projects.services.programme import (
    DEFAULT_REQUIREMENTS,
    REQUIREMENT_STAGES,
    programme_year_save,
)
from projects.views.common import show_errors
from yiguoji import scope
from yiguoji.core import access

# The condition each kind is required under (a fixed property of the kind).
KIND_CONDITION = {
    DocumentKind.TENDER_CONTRACT: RequirementCondition.NOT_SELF_BUILD,
    DocumentKind.WAGE_ACCOUNT: RequirementCondition.ABOVE_WAGE_ACCOUNT_THRESHOLD,
}


def settings_page(request, year: int | None = None):
    user = request.user
    access.require(user, caps.MANAGE_SETTINGS)
    years = list(
        scope.restrict(ProgrammeYear.objects.prefetch_related("requirements"), user).order_by(
            "-year"
        )
    )
    year = year or timezone.localdate().year
    current = next((p for p in years if p.year == year), None)
    if current is not None:
        requirements = [(r.stage, r.kind, r.condition) for r in current.requirements.all()]
        initial = {
            "year": year,
            "wage_share_target_percent": current.wage_share_target * 100,
            "wage_account_threshold": current.wage_account_threshold,
            "notice_days": current.notice_days,
            "idle_share_percent": None if current.idle_share is None else current.idle_share * 100,
            "idle_days": current.idle_days,
            "lag_points": current.lag_points,
            "ahead_points": current.ahead_points,
            "duplicate_distance_m": current.duplicate_distance_m,
            "at_risk_collectives": [
                row.organisation_id for row in current.at_risk_collectives.all()
            ],
        }
    else:
        requirements = list(DEFAULT_REQUIREMENTS)
        initial = {"year": year, "notice_days": 7}
    for stage in REQUIREMENT_STAGES:
        initial[f"stage_{stage}"] = [kind for s, kind, _ in requirements if s == stage]
    form = ProgrammeYearForm(initial=initial)
    if request.method == "POST":
        form = ProgrammeYearForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            wanted = [
                (stage, kind, KIND_CONDITION.get(kind, RequirementCondition.ALWAYS))
                for stage in REQUIREMENT_STAGES
                for kind in data[f"stage_{stage}"]
            ]
            try:
                saved = programme_year_save(
                    acting_user=user,
                    year=data["year"],
                    wage_share_target=(data["wage_share_target_percent"] / 100).quantize(
                        Decimal("0.0001")
                    ),
                    wage_account_threshold=data["wage_account_threshold"],
                    notice_days=data["notice_days"],
                    requirements=wanted,
                    at_risk_collectives=data["at_risk_collectives"],
                    duplicate_distance_m=data["duplicate_distance_m"],
                    funds_watch={
                        "idle_share": None
                        if data["idle_share_percent"] is None
                        else (data["idle_share_percent"] / 100).quantize(Decimal("0.0001")),
                        "idle_days": data["idle_days"],
                        "lag_points": data["lag_points"],
                        "ahead_points": data["ahead_points"],
                    },
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, f"已保存{saved.year}年度以工代赈参数")
                return redirect("projects:settings_year", year=saved.year)
    context = {
        "form": form,
        "years": years,
        "year": year,
        "current": current,
        "can_manage": True,
        "page_title": "年度以工代赈参数",
    }
    return render(request, "projects/settings.html", context)
