"""List filters of the payroll app (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from payroll.choices import (
    BatchStatus,
    ContractStatus,
    LedgerStatus,
    PriorityGroup,
    Sex,
    SkillLevel,
    SuspicionStatus,
)
from payroll.forms import month_choices, month_from
from payroll.models import (
    LabourContract,
    PaymentBatch,
    SurveyResponse,
    WageLedger,
    WageLine,
    WageSuspicion,
    Worker,
)
from projects.models import Project
from yiguoji.core.models import Township, Village

MONTHS = [(str(month), f"{month}月") for month in range(1, 13)]
ALL = "全部"


class WorkerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名", method="filter_name")
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）", queryset=Township.objects.all(), empty_label=ALL
    )
    village = django_filters.ModelChoiceFilter(
        label="村（社区）", queryset=Village.objects.none(), empty_label=ALL
    )
    group = django_filters.ChoiceFilter(
        label="优先群体", choices=PriorityGroup.choices, method="filter_group", empty_label=ALL
    )
    skill = django_filters.CharFilter(label="技能", method="filter_skill")
    sex = django_filters.ChoiceFilter(label="性别", choices=Sex.choices, empty_label=ALL)
    hired = django_filters.ChoiceFilter(
        label="在岗",
        choices=[("yes", "在岗"), ("no", "未在岗")],
        method="filter_hired",
        empty_label=ALL,
    )

    class Meta:
        model = Worker
        fields = ["q", "township", "village", "group", "skill", "sex", "hired"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        villages = Village.objects.select_related("township")
        township = self.data.get("township")
        if township and str(township).isdigit():
            villages = villages.filter(township_id=township)
        self.filters["village"].queryset = villages

    def filter_name(self, queryset, name, value):
        return queryset.filter(name__contains=value.strip())

    def filter_group(self, queryset, name, value):
        return queryset.filter(priority_groups__contains=[value])

    def filter_skill(self, queryset, name, value):
        return queryset.filter(skills__contains=[value.strip()])

    def filter_hired(self, queryset, name, value):
        if value == "yes":
            return queryset.filter(active_contracts__gt=0)
        return queryset.filter(active_contracts=0)


class SurveyResponseFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名", method="filter_name")
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）", queryset=Township.objects.all(), empty_label=ALL
    )
    willing = django_filters.BooleanFilter(
        label="务工意愿",
        widget=forms.Select(choices=[("", "全部"), ("true", "有"), ("false", "没有")]),
    )
    month = django_filters.ChoiceFilter(
        label="可务工月份", choices=MONTHS, method="filter_month", empty_label=ALL
    )
    skill = django_filters.CharFilter(label="技能", method="filter_skill")
    skill_level = django_filters.ChoiceFilter(
        label="技能等级", choices=SkillLevel.choices, empty_label=ALL
    )

    class Meta:
        model = SurveyResponse
        fields = ["q", "township", "willing", "month", "skill", "skill_level"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(worker__name__contains=value.strip())

    def filter_month(self, queryset, name, value):
        return queryset.filter(available_months__contains=[int(value)])

    def filter_skill(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(skills__contains=[value]) | Q(worker__skills__contains=[value]))


class ContractFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名或项目", method="filter_text")
    status = django_filters.ChoiceFilter(
        label="状态", choices=ContractStatus.choices, empty_label=ALL
    )
    signed = django_filters.ChoiceFilter(
        label="合同签订",
        choices=[("yes", "已签订并上传"), ("no", "未上传扫描件")],
        method="filter_signed",
        empty_label=ALL,
    )

    class Meta:
        model = LabourContract
        fields = ["q", "status", "signed"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(worker__name__contains=value)
            | Q(project__name__contains=value)
            | Q(project__code__icontains=value)
        )

    def filter_signed(self, queryset, name, value):
        unsigned = Q(scan="") | Q(signed_on__isnull=True)
        return queryset.exclude(unsigned) if value == "yes" else queryset.filter(unsigned)


# --- Wage ledgers ----------------------------------------------------------------------------


def _month_filter(field: str):
    def filter_month(queryset, name, value):
        month = month_from(value)
        return queryset.filter(**{field: month}) if month else queryset

    return django_filters.ChoiceFilter(
        label="月份",
        choices=lambda: month_choices(timezone.localdate(), 24),
        method=filter_month,
        empty_label=ALL,
    )


class LedgerFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目", method="filter_project")
    month = _month_filter("month")
    status = django_filters.ChoiceFilter(
        label="状态", choices=LedgerStatus.choices, empty_label=ALL
    )
    township = django_filters.ModelChoiceFilter(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        method="filter_township",
        empty_label=ALL,
    )

    class Meta:
        model = WageLedger
        fields = ["q", "month", "status", "township"]

    def filter_project(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(project__name__contains=value) | Q(project__code__icontains=value))

    def filter_township(self, queryset, name, value):
        return queryset.filter(project__in=value.projects.values("pk"))


class ArrearsFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label="类型",
        choices=[("arrears", "欠发（实发少于应发）"), ("late", "逾期发放")],
        method="filter_kind",
        empty_label=ALL,
    )
    q = django_filters.CharFilter(label="姓名或项目", method="filter_text")
    month = _month_filter("ledger__month")
    township = django_filters.ModelChoiceFilter(
        label="项目所在乡镇",
        queryset=Township.objects.all(),
        method="filter_township",
        empty_label=ALL,
    )

    class Meta:
        model = WageLine
        fields = ["kind", "q", "month", "township"]

    def filter_kind(self, queryset, name, value):
        return (
            queryset.filter(shortfall__gt=0)
            if value == "arrears"
            else queryset.filter(is_late=True)
        )

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(worker__name__contains=value)
            | Q(ledger__project__name__contains=value)
            | Q(ledger__project__code__icontains=value)
        )

    def filter_township(self, queryset, name, value):
        return queryset.filter(ledger__project__in=value.projects.values("pk"))


class SuspicionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="状态", choices=SuspicionStatus.choices, empty_label=ALL
    )
    month = _month_filter("month")
    q = django_filters.CharFilter(label="姓名", method="filter_name")

    class Meta:
        model = WageSuspicion
        fields = ["status", "month", "q"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(worker__name__contains=value.strip())


class SafeguardFilterSet(django_filters.FilterSet):
    missing = django_filters.ChoiceFilter(
        label="保障措施",
        choices=[("yes", "缺承诺书或专用账户"), ("no", "已齐全")],
        method="filter_missing",
        empty_label=ALL,
    )
    q = django_filters.CharFilter(label="项目", method="filter_project")

    class Meta:
        model = Project
        fields = ["missing", "q"]

    def filter_missing(self, queryset, name, value):
        return queryset.filter(missing=1 if value == "yes" else 0)

    def filter_project(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__contains=value) | Q(code__icontains=value))


class PaymentBatchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label="项目或批次号", method="filter_text")
    status = django_filters.ChoiceFilter(label="状态", choices=BatchStatus.choices, empty_label=ALL)

    class Meta:
        model = PaymentBatch
        fields = ["q", "status"]

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(number__icontains=value)
            | Q(ledger__project__name__contains=value)
            | Q(ledger__project__code__icontains=value)
        )
