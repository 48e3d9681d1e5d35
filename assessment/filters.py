"""List filters of the assessment pages; their parameters are also the dashboard's drill-down
links (year, month, township, status)."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from assessment.choices import (
    AcceptanceResult,
    FindingKind,
    FindingStatus,
    ReportStatus,
)
from assessment.models import Acceptance, Finding, Forecast, MonthlyReport
from projects.models import Project
from yiguoji.core.models import Township

ALL = "全部"


def years():
    this = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this + 1, this - 6, -1)]


def _townships(request=None):
    return Township.objects.order_by("code")


@extend_schema_field(OpenApiTypes.INT)  # the API's schema: a township's id
class _InTownship(filters.ModelChoiceFilter):
    """Rows of projects built in the township (a subquery: a project in two townships is one
    row)."""

    def __init__(self, *args, field: str = "project", **kwargs):
        self.project_field = field
        kwargs.setdefault("queryset", _townships)
        kwargs.setdefault("label", "乡镇")
        kwargs.setdefault("empty_label", ALL)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        projects = Project.townships.through.objects.filter(township=value).values("project")
        return queryset.filter(**{f"{self.project_field}__in": projects})


class _Search(filters.CharFilter):
    def __init__(self, *args, fields=("project__code", "project__name"), **kwargs):
        self.search_fields = fields
        kwargs.setdefault("label", "项目名称/编号")
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        q = Q()
        for name in self.search_fields:
            q |= Q(**{f"{name}__icontains": value})
        return queryset.filter(q)


REPORT_STATES = [
    *ReportStatus.choices,
    ("overdue", "逾期未确认"),
    ("changed", "确认后台账有变化"),
]


def _months(request=None):
    """The last two years' months, newest first: ("2026-11-01", "2026年11月")."""
    from assessment.periods import current_month, month_label, previous_month

    month, months = current_month(), []
    for _ in range(24):
        months.append((month.isoformat(), month_label(month)))
        month = previous_month(month)
    return months


class ReportFilter(filters.FilterSet):
    year = extend_schema_field(OpenApiTypes.INT)(
        filters.ChoiceFilter(label="年度", field_name="month__year", choices=years, empty_label=ALL)
    )
    month = filters.ChoiceFilter(label="月份", field_name="month", choices=_months, empty_label=ALL)
    township = _InTownship()
    status = filters.ChoiceFilter(
        label="状态", choices=REPORT_STATES, empty_label=ALL, method="by_status"
    )
    arrears = filters.ChoiceFilter(
        label="欠发", choices=[("yes", "有欠发"), ("no", "无欠发")], method="owing", empty_label=ALL
    )
    q = _Search()

    class Meta:
        model = MonthlyReport
        fields = []

    def by_status(self, queryset, name, value):
        if value == "overdue":
            return queryset.filter(status=ReportStatus.PENDING, due_on__lt=timezone.localdate())
        if value == "changed":
            return queryset.filter(ledgers_changed=True)
        return queryset.filter(status=value)

    def owing(self, queryset, name, value):
        return queryset.filter(arrears__gt=0) if value == "yes" else queryset.filter(arrears=0)


class FindingFilter(filters.FilterSet):
    year = filters.ChoiceFilter(
        label="年度", field_name="found_on__year", choices=years, empty_label=ALL
    )
    kind = filters.ChoiceFilter(label="问题类型", choices=FindingKind.choices, empty_label=ALL)
    status = filters.ChoiceFilter(label="状态", choices=FindingStatus.choices, empty_label=ALL)
    township = _InTownship()
    q = _Search(fields=("project__code", "project__name", "organisation__name"), label="项目/单位")

    class Meta:
        model = Finding
        fields = []


class AcceptanceFilter(filters.FilterSet):
    year = filters.ChoiceFilter(
        label="年度", field_name="accepted_on__year", choices=years, empty_label=ALL
    )
    result = filters.ChoiceFilter(
        label="验收结论", choices=AcceptanceResult.choices, empty_label=ALL
    )
    township = _InTownship()
    q = _Search()

    class Meta:
        model = Acceptance
        fields = []


class ForecastFilter(filters.FilterSet):
    year = filters.ChoiceFilter(label="年度", choices=years, empty_label=ALL)
    q = _Search(fields=("organisation__name",), label="单位")

    class Meta:
        model = Forecast
        fields = []
