"""The leaders' dashboard, its Excel export, and the project-level list behind its figures."""

from __future__ import annotations

from decimal import Decimal

import django_filters as filters
from django import forms
from django.shortcuts import render
from django.utils import timezone

from assessment import capabilities as caps
from assessment.exporters.dashboard import dashboard_workbook
from assessment.filters import years
from assessment.selectors.dashboard import dashboard
from assessment.selectors.drilldown import SHOWS, project_figures
from assessment.tables import ProjectFiguresTable
from payroll.choices import PriorityGroup
from projects.choices import ProjectStatus
from projects.models import Project
from yiguoji.core import access
from yiguoji.core.models import Township
from yiguoji.core.terms import term
from yiguoji.core.views.mixins import ScopedTableView, xlsx_response


class DashboardFilter(forms.Form):
    year = forms.TypedChoiceField(label="年度", choices=years, coerce=int, required=False,
                                  empty_value=None)  # fmt: skip
    township = forms.ModelChoiceField(
        label="乡镇",
        queryset=Township.objects.order_by("code"),
        required=False,
        empty_label=term("whole"),
    )


def _filters(request) -> tuple[DashboardFilter, int, Township | None]:
    """The year (this year unless chosen) and township (the whole district unless chosen)."""
    this = timezone.localdate().year
    data = {"year": this, **request.GET.dict()} if not request.GET.get("year") else request.GET
    form = DashboardFilter(data)
    if form.is_valid():
        return form, form.cleaned_data["year"] or this, form.cleaned_data["township"]
    return DashboardFilter({"year": this}), this, None


def _wan(value) -> float:
    """Yuan as 万元 for the charts (the numbers on the page and in Excel stay exact)."""
    return float((Decimal(value) / 10000).quantize(Decimal("0.01")))


def _percent(value) -> float | None:
    return None if value is None else float(value * 100)


def chart_data(board) -> dict:
    """What the charts draw: labels, values and the drill-down URL of every bar."""
    return {
        "status": [
            {"name": b.label, "value": b.value, "url": b.url} for b in board.by_status if b.value
        ],
        "months": [f"{m.month}月" for m in board.months],
        "paid": [_wan(v) for v in board.paid_by_month],
        "payable": [_wan(v) for v in board.payable_by_month],
        "monthUrls": board.month_urls,
        "townships": {
            "names": list(board.township_months),
            "urls": [bar.url for bar in board.townships],
            "series": {
                name: [_wan(v) for v in values] for name, values in board.township_months.items()
            },
        },
        "townshipShares": [
            {"name": s["label"], "value": _percent(s["share"]), "url": s["url"]}
            for s in board.township_shares
        ],
        "target": _percent(board.wage_share_target),
        "groups": [{"name": b.label, "value": b.value, "url": b.url} for b in board.by_group],
    }


def dashboard_page(request):
    access.require(request.user, caps.VIEW_DASHBOARD)
    form, year, township = _filters(request)
    board = dashboard(request.user, year=year, township=township)
    context = {
        "form": form,
        "board": board,
        "charts": chart_data(board),
        "townships_ranked": [r for r in board.ranking if r["is_township"]][:10],
        "units_ranked": [r for r in board.ranking if not r["is_township"]][:10],
        "page_title": "领导驾驶舱",
    }
    return render(request, "assessment/dashboard.html", context)


def dashboard_export(request):
    access.require(request.user, caps.VIEW_DASHBOARD)
    _, year, township = _filters(request)
    board = dashboard(request.user, year=year, township=township)
    name = f"以工代赈工作概况-{year}年{'-' + township.name if township else ''}.xlsx"
    return xlsx_response(dashboard_workbook(board), name)


class ProjectFiguresFilter(filters.FilterSet):
    year = filters.ChoiceFilter(label="年度", choices=years, method="keep", empty_label=None)
    township = filters.ModelChoiceFilter(
        label="乡镇", queryset=Township.objects.order_by("code"), method="in_township",
        empty_label=term("whole"),
    )  # fmt: skip
    status = filters.ChoiceFilter(label="状态", choices=ProjectStatus.choices, empty_label="全部")
    show = filters.ChoiceFilter(
        label="显示", choices=list(SHOWS.items()), method="keep", empty_label="全部项目"
    )
    group = filters.ChoiceFilter(
        label="优先群体", choices=PriorityGroup.choices, method="keep", empty_label="全部"
    )

    class Meta:
        model = Project
        fields = []

    def keep(self, queryset, name, value):
        return queryset  # applied by project_figures

    def in_township(self, queryset, name, value):
        return queryset.filter(
            pk__in=Project.townships.through.objects.filter(township=value).values("project")
        )

    @property
    def qs(self):
        rows = super().qs
        data = self.form.cleaned_data if self.form.is_valid() else {}
        year = int(data.get("year") or timezone.localdate().year)
        return project_figures(
            rows, year=year, show=data.get("show") or "", group=data.get("group") or ""
        )


class ProjectFiguresView(ScopedTableView):
    """The dashboard's drill-down list: projects and their year's aggregates."""

    capability = caps.VIEW_DASHBOARD
    queryset = Project.objects.all()
    filterset_class = ProjectFiguresFilter
    table_class = ProjectFiguresTable
    export_name = "项目数据汇总"
    paginate_by = 50

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if not kwargs.get("data") or "year" not in kwargs["data"]:
            data = kwargs["data"].copy() if kwargs.get("data") else {}
            data["year"] = str(timezone.localdate().year)
            kwargs["data"] = data
        return kwargs

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        group = self.request.GET.get("group", "")
        if group in PriorityGroup.values:
            table.columns.show("group_workers")
            table.columns["group_workers"].column.verbose_name = f"其中{PriorityGroup(group).label}"
        return table

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        show = self.request.GET.get("show", "")
        context["page_title"] = f"项目数据汇总{' · ' + SHOWS[show] if show in SHOWS else ''}"
        return context
