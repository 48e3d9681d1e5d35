"""Filters of the project list (year, township, sector, category, status, department, wage
share below target, search)."""

import django_filters
from django import forms
from django.db.models import Q

from projects.choices import (
    Category,
    ComplaintChannel,
    ComplaintKind,
    ComplaintStatus,
    ProjectStatus,
)
from projects.models import Complaint, Project
from projects.services.projects import DEPARTMENT_KINDS
from yiguoji.core.choices import Sector
from yiguoji.core.models import Organisation, Township


def _years(request=None):
    years = Project.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(year, f"{year}年") for year in years]


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目名称/编号", method="search")
    year = django_filters.ChoiceFilter(label="年度", choices=_years, empty_label="全部年度")
    townships = django_filters.ModelChoiceFilter(
        label="乡镇", queryset=Township.objects.all(), empty_label="全部乡镇", distinct=False,
        method="in_township",
    )  # fmt: skip
    sector = django_filters.ChoiceFilter(
        label="行业", choices=Sector.choices, empty_label="全部行业"
    )
    category = django_filters.ChoiceFilter(
        label="类别", choices=Category.choices, empty_label="全部类别"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ProjectStatus.choices, empty_label="全部状态"
    )
    department = django_filters.ModelChoiceFilter(
        label="主管部门",
        queryset=Organisation.objects.filter(kind__in=DEPARTMENT_KINDS),
        empty_label="全部部门",
    )
    below_target = django_filters.BooleanFilter(
        label="劳务报酬占中央资金比例（计划）",
        widget=forms.Select(
            choices=[("", "全部"), ("true", "低于年度目标"), ("false", "达到目标")]
        ),
        method="wage_share_below",
    )

    class Meta:
        model = Project
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return (
            queryset.filter(Q(name__icontains=value) | Q(code__icontains=value))
            if value
            else queryset
        )

    def in_township(self, queryset, name, value):
        # A subquery, not a join: a project in two townships stays one row.
        return queryset.filter(
            pk__in=Project.townships.through.objects.filter(township=value).values("project")
        )

    def wage_share_below(self, queryset, name, value):
        return queryset.filter(below_target=value)


class ComplaintFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="编号/项目", method="search")
    status = django_filters.ChoiceFilter(
        label="状态", choices=ComplaintStatus.choices, empty_label="全部状态"
    )
    kind = django_filters.ChoiceFilter(
        label="类型", choices=ComplaintKind.choices, empty_label="全部类型"
    )
    channel = django_filters.ChoiceFilter(
        label="来源", choices=ComplaintChannel.choices, empty_label="全部来源"
    )
    escalated = django_filters.BooleanFilter(
        label="督办",
        widget=forms.Select(choices=[("", "全部"), ("true", "逾期升级督办的")]),
        method="only_escalated",
    )

    class Meta:
        model = Complaint
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(number__icontains=value)
            | Q(project__name__icontains=value)
            | Q(project__code__icontains=value)
        )

    def only_escalated(self, queryset, name, value):
        return queryset.escalated() if value else queryset
