"""List filters of the training pages; their parameters are also the figures' drill-down links
(``training.figures``: year, township, project, kind, mode)."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from projects.scopes import visible_projects
from training.choices import ConversionKind, OrganiserKind, TrainingKind, TrainingMode
from training.forms import RESULT_CHOICES, ProjectChoiceField
from training.models import Conversion, TrainingRecord, TrainingSession
from yiguoji.core.models import Township

ALL = "全部"


def _years():
    this = timezone.localdate().year
    return [(year, f"{year}年") for year in range(this + 1, this - 6, -1)]


def _projects(request):
    if request is None:
        return visible_projects(None)
    return visible_projects(request.user).order_by("-year", "code")


class _ProjectFilter(filters.ModelChoiceFilter):
    field_class = ProjectChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", _projects)
        kwargs.setdefault("label", "项目")
        kwargs.setdefault("empty_label", ALL)
        super().__init__(*args, **kwargs)


class SessionFilter(filters.FilterSet):
    year = filters.ChoiceFilter(
        empty_label=ALL, field_name="starts_on__year", choices=_years, label="年度"
    )
    kind = filters.ChoiceFilter(empty_label=ALL, choices=TrainingKind.choices, label="培训类型")
    mode = filters.ChoiceFilter(empty_label=ALL, choices=TrainingMode.choices, label="培训方式")
    organiser_kind = filters.ChoiceFilter(
        empty_label=ALL, choices=OrganiserKind.choices, label="主办单位类型"
    )
    township = filters.ModelChoiceFilter(
        empty_label=ALL, queryset=Township.objects.order_by("code"), label="举办乡镇"
    )
    project = _ProjectFilter()
    ledger = filters.ChoiceFilter(
        empty_label=ALL,
        choices=[("awaiting", "已结束、未登记台账")],
        method="filter_ledger",
        label="培训台账",
    )
    q = filters.CharFilter(method="search", label="名称/地点")

    class Meta:
        model = TrainingSession
        fields: list[str] = []

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(place__icontains=value))

    def filter_ledger(self, queryset, name, value):
        # the home page's to-do (training.portal) links here
        return queryset.filter(ends_on__lt=timezone.localdate(), records__isnull=True)


class RecordFilter(filters.FilterSet):
    year = extend_schema_field(OpenApiTypes.INT)(  # the API's schema: a year
        filters.ChoiceFilter(
            empty_label=ALL, field_name="session__starts_on__year", choices=_years, label="年度"
        )
    )
    kind = filters.ChoiceFilter(
        empty_label=ALL, field_name="session__kind", choices=TrainingKind.choices, label="培训类型"
    )
    mode = filters.ChoiceFilter(
        empty_label=ALL, field_name="session__mode", choices=TrainingMode.choices, label="培训方式"
    )
    township = filters.ModelChoiceFilter(
        empty_label=ALL,
        field_name="worker__township",
        queryset=Township.objects.order_by("code"),
        label="人员所在乡镇",
    )
    project = _ProjectFilter(field_name="session__project")
    passed = filters.TypedChoiceFilter(
        choices=[("", ALL), *RESULT_CHOICES], coerce=lambda value: value == "1", label="考核结果"
    )
    q = filters.CharFilter(field_name="worker__name", lookup_expr="icontains", label="姓名")

    class Meta:
        model = TrainingRecord
        fields: list[str] = []


class ConversionFilter(filters.FilterSet):
    year = filters.ChoiceFilter(
        empty_label=ALL, field_name="converted_on__year", choices=_years, label="年度"
    )
    kind = filters.ChoiceFilter(empty_label=ALL, choices=ConversionKind.choices, label="去向类型")
    township = filters.ModelChoiceFilter(
        empty_label=ALL,
        field_name="worker__township",
        queryset=Township.objects.order_by("code"),
        label="人员所在乡镇",
    )
    project = _ProjectFilter()
    q = filters.CharFilter(field_name="worker__name", lookup_expr="icontains", label="姓名")

    class Meta:
        model = Conversion
        fields: list[str] = []
