"""Forms of the assessment pages: input only; the rules are in ``assessment.services``."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from assessment.choices import AcceptanceResult, FindingKind
from assessment.models import (
    Acceptance,
    AssessmentYear,
    CaseStudy,
    Finding,
    MonthlyReport,
    ScoringRule,
)
from assessment.models.summaries import SECTIONS
from projects.choices import ProjectStatus
from projects.scopes import visible_projects
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


def project_field(user, *, required=True, label="项目") -> ProjectChoiceField:
    projects = (
        visible_projects(user).exclude(status=ProjectStatus.WITHDRAWN).order_by("-year", "code")
    )
    return ProjectChoiceField(
        queryset=projects, required=required, label=label, empty_label="请选择"
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (the service checks each by its content)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ConfirmForm(forms.ModelForm):
    annotated = forms.TypedChoiceField(
        label="确认方式",
        choices=[("0", "数据无误，确认"), ("1", "有情况说明")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
    )

    class Meta:
        model = MonthlyReport
        fields = ["funds_in_place", "investment_completed", "progress", "annotation"]
        widgets = {"annotation": TEXT}
        help_texts = {
            "funds_in_place": "开工以来各渠道资金实际到位的累计金额",
            "investment_completed": "开工以来累计完成的投资",
            "annotation": "选择“有情况说明”时必填：停工、数据与台账不一致、更正以前月份等原因",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("funds_in_place", "investment_completed", "progress"):
            self.fields[name].required = True


class MonthForm(forms.Form):
    month = forms.DateField(
        label="月份", widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )  # fmt: skip


class QuarterForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    quarter = forms.TypedChoiceField(
        label="季度", coerce=int, choices=[(q, f"第{q}季度") for q in (1, 2, 3, 4)]
    )


class SummaryForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, heading in SECTIONS:
            self.fields[name] = forms.CharField(
                label=heading, required=False, widget=forms.Textarea(attrs={"rows": 6})
            )


class PhotoForm(forms.Form):
    image = forms.FileField(label="照片", help_text="JPG 或 PNG")
    caption = forms.CharField(label="照片说明", max_length=200, required=False)


class CaseStudyForm(forms.ModelForm):
    class Meta:
        model = CaseStudy
        fields = ["title", "project", "background", "practice", "results", "photo"]
        widgets = {
            "background": TEXT,
            "practice": forms.Textarea(attrs={"rows": 6}),
            "results": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"] = project_field(user, required=False, label="相关项目")


class ReturnForm(forms.Form):
    comment = forms.CharField(label="退回意见", widget=TEXT)


class AcceptanceForm(forms.ModelForm):
    documents = MultipleFileField(
        label="验收文件", required=False, help_text="验收报告（工作组签字）、验收照片等，可多选"
    )
    start_maintenance = forms.BooleanField(
        label="验收合格后同时转入管护（须已登记永久性公示牌）", required=False
    )

    class Meta:
        model = Acceptance
        fields = [
            "accepted_on", "group_leader", "group_members", "quality", "worker_organisation",
            "wage_payment", "training", "relief_effect", "result", "conclusion",
        ]  # fmt: skip
        widgets = {
            "accepted_on": DATE,
            "group_members": forms.Textarea(attrs={"rows": 3}),
            "quality": TEXT,
            "worker_organisation": TEXT,
            "wage_payment": TEXT,
            "training": TEXT,
            "relief_effect": TEXT,
            "conclusion": TEXT,
            "result": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = AcceptanceResult.choices
        self.fields["accepted_on"].initial = timezone.localdate()


class FindingForm(forms.ModelForm):
    evidence = MultipleFileField(label="佐证材料", required=False, help_text="PDF 或照片，可多选")

    class Meta:
        model = Finding
        fields = [
            "kind",
            "source",
            "project",
            "organisation",
            "found_on",
            "deadline",
            "description",
            "to_recover",
        ]
        widgets = {"found_on": DATE, "deadline": DATE, "description": TEXT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"] = project_field(user, required=False)
        self.fields["organisation"].required = False
        self.fields["organisation"].queryset = Organisation.objects.filter(
            kind__in=(OrgKind.TOWNSHIP, OrgKind.PROJECT_UNIT, OrgKind.VILLAGE_COMMITTEE,
                      OrgKind.COLLECTIVE, OrgKind.CONTRACTOR), is_active=True,
        ).order_by("kind", "name")  # fmt: skip
        self.fields["kind"].choices = [("", "请选择"), *FindingKind.choices]


class RecoveryForm(forms.Form):
    """Money returned or recovered against a finding (art. 50)."""

    amount = forms.DecimalField(label="到账金额（元）", max_digits=14, decimal_places=2)
    recovered_on = forms.DateField(label="到账日期", widget=DATE)
    note = forms.CharField(label="去向和凭证", max_length=200,
                           help_text="如：缴回区财政专户，凭证号……")  # fmt: skip


class RectifyForm(forms.Form):
    rectification = forms.CharField(label="整改情况", widget=TEXT)
    rectified_on = forms.DateField(label="整改完成日期", widget=DATE)
    evidence = MultipleFileField(label="整改佐证材料", required=False)


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="审核结论", choices=[("1", "整改到位，销号"), ("0", "整改不到位，退回")],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    comment = forms.CharField(label="审核意见", required=False, widget=TEXT)


class ForecastForm(forms.Form):
    projects = forms.IntegerField(label="预计项目数量（个）", min_value=0)
    beneficiaries = forms.IntegerField(label="预计惠及当地农民（人）", min_value=0)
    wage_total = forms.DecimalField(
        label="预计发放劳务报酬（元）", min_value=0, max_digits=14, decimal_places=2
    )
    explanation = forms.CharField(
        label="低于上年的说明", required=False, widget=TEXT,
        help_text="任一预测数低于上年实际时必填（重点任务10）",
    )  # fmt: skip


class YearSettingsForm(forms.ModelForm):
    class Meta:
        model = AssessmentYear
        fields = ["report_due_day", "forecast_due", "summary_due"]
        widgets = {"forecast_due": DATE, "summary_due": DATE}


class RuleForm(forms.ModelForm):
    class Meta:
        model = ScoringRule
        fields = [
            "order", "indicator", "weight", "kind", "applies_to", "metric", "threshold", "points",
            "finding_kinds", "note",
        ]  # fmt: skip
        widgets = {"finding_kinds": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["finding_kinds"] = forms.MultipleChoiceField(
            label="问题类型", choices=FindingKind.choices, required=False,
            widget=forms.CheckboxSelectMultiple, help_text="“监督检查发现问题”规则计入的问题类型",
        )  # fmt: skip
        self.fields["metric"].help_text = "不选则项目数量、惠及当地农民、劳务报酬三项逐项计算"
        self.fields["points"].help_text = "加分规则（成效显著加分）为每次加分"


class AppealForm(forms.Form):
    line = forms.ModelChoiceField(queryset=None, label="申诉的指标", required=False,
                                  empty_label="整体得分")  # fmt: skip
    reason = forms.CharField(label="申诉理由", widget=TEXT)

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = sheet.lines.select_related("rule")
        self.fields["line"].label_from_instance = lambda line: (
            f"{line.rule.indicator}（扣 {line.lost} 分）"
        )


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label="处理结果", choices=[("1", "申诉成立"), ("0", "申诉不成立")],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    points_restored = forms.DecimalField(
        label="恢复分值", required=False, min_value=0, max_digits=6, decimal_places=2
    )
    decision = forms.CharField(label="处理意见", widget=TEXT)
