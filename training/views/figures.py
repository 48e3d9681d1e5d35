"""Training figures with drill-down, and a project's training pages (pre-start share and the
candidates for its maintenance posts)."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils import timezone

from projects.models import Project
from training import capabilities as caps
from training import figures
from training.filters import _years
from training.selectors import maintenance_candidates, maintenance_positions, pre_start_rows
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.models import Township


def _year_choices():
    return [("", "全部年度"), *_years()]


class FigureFilter(forms.Form):
    year = forms.TypedChoiceField(
        label="年度", choices=_year_choices, coerce=int, required=False, empty_value=None
    )
    township = forms.ModelChoiceField(
        label="人员所在乡镇",
        queryset=Township.objects.order_by("code"),
        required=False,
        empty_label="全部乡镇",
    )


def figures_page(request):
    access.require(request.user, caps.VIEW)
    user = request.user
    form = FigureFilter(request.GET or {"year": timezone.localdate().year})
    filters = form.cleaned_data if form.is_valid() else {}
    year = filters.get("year") or None
    township = filters.get("township")
    args = {"year": year, "township": township}
    context = {
        "see_people": access.has(user, caps.VIEW_PEOPLE),
        "form": form,
        "year": year,
        "township": township,
        "total": figures.training_total(user, **args),
        "by_kind": figures.training_by(user, "kind", **args),
        "by_mode": figures.training_by(user, "mode", **args),
        "by_township": figures.training_by(user, "township", **args),
        "by_year": figures.training_by(user, "year", township=township),
        "shares": figures.pre_start_shares(user, **args),
        "conversions": figures.conversions_total(user, **args),
        "conversions_by_kind": figures.conversions_by(user, "kind", **args),
        "conversions_by_project": figures.conversions_by(user, "project", **args),
        "conversions_by_township": figures.conversions_by(user, "township", **args),
    }
    context["share_total"] = figures.sum_shares(context["shares"])
    return render(request, "training/figures.html", context)


def _project(request, pk: int) -> Project:
    return scope.get_object_or_404(Project.objects.all(), request.user, pk=pk)


def pre_start(request, pk: int):
    """The people behind a project's pre-start share: who trained before their first day."""
    access.require(request.user, caps.VIEW_PEOPLE)
    project = _project(request, pk)
    rows = pre_start_rows(project)
    share = figures.PreStartShare(
        project.pk, str(project), len(rows), sum(1 for r in rows if r.trained), ""
    )
    return render(
        request,
        "training/pre_start.html",
        {"project": project, "rows": rows, "share": share},
    )


def candidates(request, pk: int):
    """The project's maintenance posts and its own trained workers, best first (plan task 6)."""
    access.require(request.user, caps.VIEW_PEOPLE)
    project = _project(request, pk)
    context = {
        "project": project,
        "positions": list(maintenance_positions(project)),
        "candidates": maintenance_candidates(project),
        "can_record": access.has(request.user, caps.RECORD_CONVERSIONS),
    }
    return render(request, "training/candidates.html", context)
