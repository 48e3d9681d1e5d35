"""Forms of the project pipeline. They validate input and hand plain values to the services;
none of them saves anything."""

from __future__ import annotations

import json
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from projects.choices import (
    DOCUMENT_KEY_TERMS,
    NATIONAL_SPECIAL_SOURCES,
    STAFF_CHANNELS,
    ArchiveKind,
    ComplaintHandler,
    ComplaintKind,
    DocumentKind,
    ExpenditureCategory,
    FundSource,
    NoticeKind,
    ProjectStatus,
    WorkSegment,
)
from projects.models import Project
from projects.services import documents as document_rules
from projects.services.programme import REQUIREMENT_STAGES
from projects.services.projects import (
    COLLECTIVE_KINDS,
    CONTRACTOR_KINDS,
    DEPARTMENT_KINDS,
    OWNER_KINDS,
    EditScope,
    FundingInput,
    PositionInput,
    organisation_choices,
)
from yiguoji.core.models import Organisation, Township, Village

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0")}


def _text(rows: int = 3, placeholder: str = "") -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "placeholder": placeholder})


class ProjectForm(forms.ModelForm):
    """The project's own fields; which ones appear depends on ``edit_scope``."""

    segments = forms.MultipleChoiceField(
        label="用工环节",
        choices=WorkSegment.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="重点任务2：能够实施以工代赈的用工环节",
    )
    townships = forms.ModelMultipleChoiceField(
        label="所在乡镇",
        queryset=Township.objects.all(),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    villages = forms.ModelMultipleChoiceField(
        label="所在村",
        queryset=Village.objects.select_related("township"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="按住 Ctrl 可多选；所选村须在所选乡镇内",
    )

    class Meta:
        model = Project
        fields = [
            "name", "year", "category", "sector", "owner", "department", "townships",
            "villages", "location", "content_and_scale", "work_relief_tasks", "segments",
            "social_benefit", "performance_targets", "planned_start", "planned_end",
            "total_investment", "planned_wage_total", "planned_local_jobs", "contractor",
            "collective", "self_build", "tender_exempt", "tender_exempt_basis", "quality_unit",
            "quality_person", "continues",
        ]  # fmt: skip
        widgets = {
            "content_and_scale": _text(4, "如：硬化村内道路1.2公里，宽4.5米，配套边沟2.4公里"),
            "work_relief_tasks": _text(3, "如：土方开挖、路基整平、砌筑边沟等人工作业"),
            "social_benefit": _text(3, "带动当地群众就业增收、技能提升等预期成效"),
            "performance_targets": _text(3, "如：带动当地群众务工30人，发放劳务报酬18万元"),
            "planned_start": DATE,
            "planned_end": DATE,
        }

    def __init__(self, *args, user, scope: EditScope, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.initial.setdefault("townships", list(self.instance.townships.all()))
            self.initial.setdefault("villages", list(self.instance.villages.all()))
        for name in list(self.fields):
            if name in ("townships", "villages"):
                if not scope.places:
                    del self.fields[name]
            elif name not in scope.fields:
                del self.fields[name]
        for name, kinds in (
            ("owner", OWNER_KINDS),
            ("department", DEPARTMENT_KINDS),
            ("contractor", CONTRACTOR_KINDS),
            ("collective", COLLECTIVE_KINDS),
        ):
            if name in self.fields:
                self.fields[name].queryset = organisation_choices(user, kinds)
        if "continues" in self.fields:
            from yiguoji import scope as row_scope

            earlier = Project.objects.exclude(pk=self.instance.pk).exclude(status="withdrawn")
            self.fields["continues"].queryset = row_scope.restrict(earlier, user).order_by(
                "-year", "code"
            )
        if "owner" in self.fields and not self.instance.pk:
            choices = self.fields["owner"].queryset
            if not self.initial.get("owner") and choices.count() == 1:
                self.initial["owner"] = choices.first().pk

    def clean(self):
        data = super().clean()
        townships = data.get("townships")
        villages = data.get("villages") or []
        if townships is not None:
            ids = {t.pk for t in townships}
            bad = [str(v) for v in villages if v.township_id not in ids]
            if bad:
                self.add_error("villages", f"{'、'.join(bad)}不在所选乡镇内")
        return data

    BASIC = (
        "name", "year", "category", "sector", "owner", "department", "contractor",
        "collective", "townships", "villages", "location", "continues",
    )  # fmt: skip
    PROPOSAL = (
        "content_and_scale", "work_relief_tasks", "segments", "social_benefit",
        "performance_targets",
    )  # fmt: skip
    MONEY = (
        "planned_start", "planned_end", "total_investment", "planned_wage_total",
        "planned_local_jobs", "self_build", "tender_exempt", "tender_exempt_basis",
        "quality_unit", "quality_person",
    )  # fmt: skip

    def _group(self, names):
        return [self[name] for name in names if name in self.fields]

    @property
    def basic_fields(self):
        return self._group(self.BASIC)

    @property
    def proposal_fields(self):
        return self._group(self.PROPOSAL)

    @property
    def money_fields(self):
        return self._group(self.MONEY)

    def project_fields(self) -> dict:
        """The cleaned values of the project's own fields (not places)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("townships", "villages")
        }

    def _post_clean(self):
        # The model is validated by the service (with the places and lines together).
        pass


class FundingLineForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source = forms.ChoiceField(label="资金来源", choices=FundSource.choices)
    amount = forms.DecimalField(label="金额（元）", **MONEY)
    is_special_fund = forms.BooleanField(label="以工代赈专项资金", required=False)
    note = forms.CharField(label="说明", required=False, max_length=200)

    def clean(self):
        data = super().clean()
        if data.get("source") in NATIONAL_SPECIAL_SOURCES:
            data["is_special_fund"] = True
        return data


class PositionForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    segment = forms.ChoiceField(label="用工环节", choices=WorkSegment.choices)
    title = forms.CharField(label="岗位名称", max_length=100)
    headcount = forms.IntegerField(label="人数", min_value=1)
    skills = forms.CharField(label="技能要求", required=False, max_length=200)
    start_date = forms.DateField(label="用工开始", widget=DATE)
    end_date = forms.DateField(label="用工结束", widget=DATE)
    daily_wage = forms.DecimalField(
        label="日劳务报酬（元）", max_digits=8, decimal_places=2, min_value=Decimal("0.01")
    )


FundingFormSet = forms.formset_factory(FundingLineForm, extra=0, can_delete=True)
PositionFormSet = forms.formset_factory(PositionForm, extra=0, can_delete=True)
# A new project starts with one empty row of each, ready to fill in.
NewFundingFormSet = forms.formset_factory(FundingLineForm, extra=1, can_delete=True)
NewPositionFormSet = forms.formset_factory(PositionForm, extra=1, can_delete=True)
# What the error summary calls their rows ("资金来源第1行 · 金额（元）", issue 10 item 17).
FundingFormSet.summary_label = NewFundingFormSet.summary_label = "资金来源"
PositionFormSet.summary_label = NewPositionFormSet.summary_label = "就业岗位"


def _kept(formset):
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def funding_inputs(formset) -> list[FundingInput]:
    return [
        FundingInput(d["source"], d["amount"], d["is_special_fund"], d.get("note", ""), d.get("id"))
        for d in _kept(formset)
    ]


def position_inputs(formset) -> list[PositionInput]:
    return [
        PositionInput(
            d["segment"],
            d["title"],
            d["headcount"],
            d["start_date"],
            d["end_date"],
            d["daily_wage"],
            d.get("skills", ""),
            d.get("id"),
        )
        for d in _kept(formset)
    ]


def funding_initial(lines) -> list[dict]:
    return [
        {"id": line.pk, "source": line.source, "amount": line.amount,
         "is_special_fund": line.is_special_fund, "note": line.note}
        for line in lines
    ]  # fmt: skip


def position_initial(positions) -> list[dict]:
    return [
        {"id": p.pk, "segment": p.segment, "title": p.title, "headcount": p.headcount,
         "skills": p.skills, "start_date": p.start_date, "end_date": p.end_date,
         "daily_wage": p.daily_wage}
        for p in positions
    ]  # fmt: skip


class TransitionForm(forms.Form):
    reason = forms.CharField(label="说明", required=False, widget=_text(3))

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.required = transition.reason_required
        field.label = "原因" if transition.reason_required else "说明（选填）"
        if transition.default_reason:
            field.widget.attrs["placeholder"] = transition.default_reason


class ReviewForm(TransitionForm):
    """The art. 24 checklist: three items, each confirmed with a note."""

    labour_demand_ok = forms.BooleanField(label="用工需求符合要求", required=False)
    labour_demand_note = forms.CharField(
        label="用工需求审查意见",
        required=False,
        widget=_text(2, "岗位、人数、用工时间是否合理，当地劳动力能否满足"),
    )
    wage_feasibility_ok = forms.BooleanField(label="劳务报酬能够足额发放", required=False)
    wage_feasibility_note = forms.CharField(
        label="劳务报酬发放可行性审查意见",
        required=False,
        widget=_text(2, "劳务报酬标准和规模是否论证，资金是否落实（第三十条）"),
    )
    fund_compliance_ok = forms.BooleanField(label="资金投向合规", required=False)
    fund_compliance_note = forms.CharField(
        label="资金投向合规情况审查意见",
        required=False,
        widget=_text(2, "专项资金是否用于第十九条禁止的支出，劳务报酬是否混入机械租赁费"),
    )
    fiscal_capacity_ok = forms.BooleanField(label="财政承受能力和债务风险已评估论证",
                                            required=False)  # fmt: skip
    fiscal_capacity_note = forms.CharField(
        label="财政承受能力和债务风险审查意见",
        required=False,
        widget=_text(2, "财政承受能力、资金筹措方案是否论证，是否新增地方政府债务风险（第二十条）"),
    )
    field_order = [
        "labour_demand_ok", "labour_demand_note", "wage_feasibility_ok", "wage_feasibility_note",
        "fund_compliance_ok", "fund_compliance_note", "fiscal_capacity_ok",
        "fiscal_capacity_note", "reason",
    ]  # fmt: skip

    def checklist(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "reason"}


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label="文件类型")
    title = forms.CharField(label="文件名称", required=False, max_length=200,
                            help_text="留空则用上传的文件名")  # fmt: skip
    number = forms.CharField(label="文号", required=False, max_length=100)
    issued_on = forms.DateField(label="印发（签署）日期", required=False, widget=DATE)
    key_terms = forms.CharField(
        label="文件载明的以工代赈内容",
        required=False,
        widget=_text(3),
        help_text="、".join(f"{DocumentKind(k).label}：{v}" for k, v in DOCUMENT_KEY_TERMS.items()),
    )
    file = forms.FileField(label="文件")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = document_rules.kinds_for(user)
        self.fields["file"].help_text = (
            f"接受 {document_rules.allowed_extensions()} 文件，"
            f"不超过 {document_rules.max_bytes() // 1024 // 1024} MB"
        )
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in document_rules.FILE_TYPES
        )


class ReasonForm(forms.Form):
    reason = forms.CharField(label="原因", max_length=200)


class NoticeForm(forms.Form):
    kind = forms.ChoiceField(label="公示类型", choices=NoticeKind.choices)
    posted_on = forms.DateField(label="公示日期", widget=DATE)
    posted_until = forms.DateField(label="公示截止", required=False, widget=DATE)
    location = forms.CharField(label="公示地点", max_length=200,
                               help_text="如：岔道村村委会公示栏、项目施工现场")  # fmt: skip
    note = forms.CharField(label="备注", required=False, max_length=200)


class ExpenditureForm(forms.Form):
    category = forms.ChoiceField(label="支出类别", choices=ExpenditureCategory.choices)
    description = forms.CharField(label="支出内容", max_length=200)
    amount = forms.DecimalField(label="金额（元）", max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))  # fmt: skip
    from_special_fund = forms.BooleanField(label="列支以工代赈专项资金", required=False)


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(label="变更理由", widget=_text(3))
    content_and_scale = forms.CharField(label="变更后建设内容及规模", widget=_text(4))
    total_investment = forms.DecimalField(label="变更后总投资（元）", **MONEY)
    planned_wage_total = forms.DecimalField(label="变更后计划发放劳务报酬（元）", **MONEY)
    planned_local_jobs = forms.IntegerField(label="变更后计划带动务工（人）", min_value=0)
    planned_start = forms.DateField(label="变更后计划开工", required=False, widget=DATE)
    planned_end = forms.DateField(label="变更后计划完工", required=False, widget=DATE)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="审批结果",
        choices=[("approve", "批准变更"), ("reject", "不予批准")],
        widget=forms.RadioSelect,
    )
    decision_note = forms.CharField(label="审批意见", required=False, widget=_text(3))


class ProgrammeYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    wage_share_target_percent = forms.DecimalField(
        label="劳务报酬占中央资金比例目标（%）",
        max_digits=5,
        decimal_places=2,
        min_value=0,
        max_value=100,
        help_text="第三十条：按专项计划文件明确的劳务报酬占中央资金比例要求；"
        "劳务报酬占财政资金的比例尽最大可能提高",
    )
    wage_account_threshold = forms.DecimalField(
        label="须设农民工工资专用账户的总投资标准（元）",
        required=False,
        **MONEY,
        help_text="重点任务9：规模以上项目设置农民工工资专用账户；留空表示不要求",
    )
    notice_days = forms.IntegerField(
        label="开工前公示期（天）", min_value=0, max_value=60,
        help_text="开工前公示满此天数后方可登记开工；0 表示公示当日即可开工",
    )  # fmt: skip
    # safeguard (二), art. 21: when the district is warned of idle funds or spending ahead.
    idle_share_percent = forms.DecimalField(
        label="已拨付未支出资金预警比例（%）", required=False, max_digits=5, decimal_places=2,
        min_value=0, max_value=100,
        help_text="已拨付资金中尚未形成支出的部分超过此比例时提示资金闲置；留空不提示",
    )  # fmt: skip
    idle_days = forms.IntegerField(
        label="闲置资金预警天数", required=False, min_value=0, max_value=3650,
        help_text="最近一次拨付后满此天数仍未支出的，才提示资金闲置",
    )  # fmt: skip
    lag_points = forms.IntegerField(
        label="拨付滞后于进度预警（百分点）", required=False, min_value=0, max_value=100,
        help_text="形象进度比拨付进度高出此百分点数时提示；留空不提示",
    )  # fmt: skip
    ahead_points = forms.IntegerField(
        label="支出超前于进度预警（百分点）", required=False, min_value=0, max_value=100,
        help_text="支出进度比形象进度高出此百分点数时提示；留空不提示",
    )  # fmt: skip

    duplicate_distance_m = forms.IntegerField(
        label="疑似重复安排提示距离（米）", required=False, min_value=0, max_value=100000,
        help_text="第十八条：严禁重复安排。同一行业领域的两个项目工地相距不超过此距离的，"
        "提示审查人核实是否同一建设内容；留空不比较工地位置",
    )  # fmt: skip

    at_risk_collectives = forms.ModelMultipleChoiceField(
        label="存在“返薄”风险的集体经济组织",
        queryset=Organisation.objects.filter(kind__in=("collective", "village_committee")),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="实施范围（三）：存在“返薄”风险的集体经济组织优先；其项目在待列入清单的项目中排在前面",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for stage in REQUIREMENT_STAGES:
            self.fields[f"stage_{stage}"] = forms.MultipleChoiceField(
                label=f"进入“{ProjectStatus(stage).label}”前须上传",
                choices=[c for c in DocumentKind.choices if c[0] != DocumentKind.OTHER],
                required=False,
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
            )

    def stage_fields(self):
        return [self[f"stage_{stage}"] for stage in REQUIREMENT_STAGES]

    def clean_year(self):
        return self.cleaned_data["year"]


class ImportForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100,
                              help_text="表中“年度”列留空的项目计入此年度")  # fmt: skip
    file = forms.FileField(label="Excel文件", help_text="接受 .xlsx、.xls、.ods 文件")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise ValidationError("文件是空的")
        return upload


# --- Complaints (投诉举报) ---------------------------------------------------------------------


class ComplaintForm(forms.Form):
    """A complaint staff received by phone, letter, visit or referral (or a paper objection to
    a notice); the public ones come through ``projects.public``."""

    channel = forms.ChoiceField(
        label="来源渠道", choices=[(c.value, c.label) for c in STAFF_CHANNELS]
    )
    kind = forms.ChoiceField(label="投诉类型", choices=ComplaintKind.choices)
    project = forms.ModelChoiceField(
        label="项目", queryset=Project.objects.none(), required=False,
        help_text="不涉及具体项目的留空，由以工代赈主管部门办理",
    )  # fmt: skip
    received_at = forms.DateTimeField(
        label="收到时间",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    anonymous = forms.BooleanField(label="匿名", required=False)
    complainant = forms.CharField(label="投诉人姓名", required=False, max_length=50)
    phone = forms.CharField(
        label="投诉人手机号", required=False, max_length=20,
        help_text="填写后，受理、答复等每一步都以短信告知投诉人",
    )  # fmt: skip
    content = forms.CharField(label="投诉内容", widget=_text(5), max_length=2000)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from yiguoji import scope

        self.fields["project"].queryset = scope.restrict(Project.objects.all(), user).order_by(
            "-year", "code"
        )
        self.fields["received_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label="受理说明（内部）", required=False, widget=_text(2))


class AnswerForm(forms.Form):
    substantiated = forms.TypedChoiceField(
        label="核查结论", choices=[("1", "经核查属实"), ("0", "经核查不属实")],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    answer = forms.CharField(
        label="答复意见", widget=_text(5), max_length=2000,
        help_text="投诉人可在查询页面看到全文：写明核查情况和处理结果（如补发金额和日期）",
    )  # fmt: skip


class ComplaintNoteForm(forms.Form):
    note = forms.CharField(label="办理记录（内部，不告知投诉人）", widget=_text(3), max_length=2000)


class ComplaintReplyForm(forms.Form):
    """The district office records what the complainant said on a follow-up call."""

    satisfied = forms.TypedChoiceField(
        label="投诉人意见", choices=[("1", "满意，同意办结"), ("0", "不满意，要求重新办理")],
        coerce=lambda value: value == "1", widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label="回访记录", widget=_text(2), max_length=2000)


class ComplaintCloseForm(forms.Form):
    reason = forms.CharField(label="办结理由", widget=_text(2), max_length=2000)


class ComplaintReassignForm(forms.Form):
    handler = forms.ModelChoiceField(label="改派给", queryset=Organisation.objects.none())
    reason = forms.CharField(label="改派理由", widget=_text(2), max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].queryset = Organisation.objects.filter(is_active=True).order_by(
            "kind", "name"
        )


class ComplaintRuleForm(forms.Form):
    handler = forms.ChoiceField(label="办理单位", choices=ComplaintHandler.choices)
    acknowledge_days = forms.IntegerField(label="受理（天）", min_value=1, max_value=365)
    answer_days = forms.IntegerField(label="答复（天）", min_value=1, max_value=365)
    close_days = forms.IntegerField(label="办结（天）", min_value=1, max_value=365)
    confirm_days = forms.IntegerField(label="确认期（天）", min_value=1, max_value=365)
    anonymous_allowed = forms.BooleanField(label="可匿名", required=False)


class ProjectSiteForm(forms.Form):
    """The project's site: typed or clicked on the map (static/projects/map.js fills it)."""

    latitude = forms.DecimalField(label="纬度", required=False, min_value=-90, max_value=90,
                                  help_text="如 40.456321（北纬）")  # fmt: skip
    longitude = forms.DecimalField(label="经度", required=False, min_value=-180, max_value=180,
                                   help_text="如 115.973210（东经）")  # fmt: skip
    shape = forms.CharField(label="线路或范围", required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, project, initial=None, **kwargs):
        super().__init__(data, initial=initial or self.initial_for(project), **kwargs)

    @staticmethod
    def initial_for(project) -> dict:
        return {
            "latitude": project.site_latitude, "longitude": project.site_longitude,
            "shape": json.dumps(project.site_shape) if project.site_shape else "",
        }  # fmt: skip

    def clean_shape(self):
        raw = (self.cleaned_data.get("shape") or "").strip()
        if not raw:
            return None
        try:
            return json.loads(raw)
        except ValueError as error:
            raise ValidationError("线路或范围的数据无法识别，请清除后重画") from error


class DisbursementForm(forms.Form):
    """One transfer of a funding line's money (art. 21; safeguard (二))."""

    funding_line = forms.TypedChoiceField(label="资金来源", coerce=int)
    amount = forms.DecimalField(label="拨付金额（元）", max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))  # fmt: skip
    disbursed_on = forms.DateField(label="拨付日期", widget=DATE)
    payer = forms.CharField(label="拨付单位", max_length=100)
    payee = forms.CharField(label="收款单位", max_length=100)
    voucher = forms.CharField(label="拨付凭证号", max_length=60, required=False)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding_line"].choices = [
            (line.pk, f"{line.get_source_display()}（计划 {line.amount:,.2f} 元）")
            for line in lines
        ]


class ReverseDisbursementForm(forms.Form):
    reason = forms.CharField(label="冲销原因", max_length=150)


class ArchiveItemForm(forms.Form):
    """One archive of a project, filed (plan task 8)."""

    kind = forms.ChoiceField(label="档案类别", choices=ArchiveKind.choices)
    filed_on = forms.DateField(label="归档日期", widget=DATE)
    keeper = forms.CharField(label="保管单位", max_length=100)
    location = forms.CharField(label="存放位置/档号", max_length=100)
    volumes = forms.IntegerField(label="卷数", min_value=1, max_value=999, initial=1)
    note = forms.CharField(label="说明", max_length=200, required=False)


class HandoverForm(forms.Form):
    """The works handed over to the owner or the village collective (plan task 8)."""

    handed_on = forms.DateField(label="移交日期", widget=DATE)
    receiver = forms.ModelChoiceField(label="接收单位", queryset=Organisation.objects.none(),
                                      help_text="项目单位（业主）或村集体经济组织")  # fmt: skip
    handed_by = forms.CharField(label="移交单位", max_length=100)
    assets = forms.CharField(label="移交资产及数量", widget=_text(2, "如 步道2.1公里、挡墙260米"))
    asset_value = forms.DecimalField(label="移交资产价值（元）", **MONEY)
    upkeep_by = forms.CharField(label="后期管护责任单位", max_length=100)
    upkeep_person = forms.CharField(label="管护责任人", max_length=50)

    def __init__(self, *args, receivers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if receivers is not None:
            self.fields["receiver"].queryset = receivers


class ArchiveRulesForm(forms.Form):
    """The district's archive checklist: retention years per kind, and whether acceptance
    waits for it (plan task 8: 按照有关规定做好……档案的管理)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in ArchiveKind.choices:
            self.fields[f"years_{kind}"] = forms.IntegerField(
                label=f"{label}保存期限（年）", min_value=1, max_value=100, required=False
            )
            self.fields[f"required_{kind}"] = forms.BooleanField(
                label="验收前须归档", required=False
            )

    def rows(self):
        return [
            (label, self[f"years_{kind}"], self[f"required_{kind}"])
            for kind, label in ArchiveKind.choices
        ]

    def rules(self) -> dict:
        data = self.cleaned_data
        return {
            kind: (data[f"years_{kind}"], data[f"required_{kind}"]) for kind in ArchiveKind.values
        }


class AssetShareForm(forms.Form):
    """The assets built quantified into a collective's shares (art. 17)."""

    collective = forms.ModelChoiceField(
        label="村集体经济组织", queryset=Organisation.objects.none()
    )
    share_value = forms.DecimalField(label="折股量化资产（元）", max_digits=14, decimal_places=2,
                                     min_value=Decimal("0.01"))  # fmt: skip
    households = forms.IntegerField(label="受益农户（户）", min_value=0, initial=0)
    quantified_on = forms.DateField(label="折股量化日期", widget=DATE)
    basis = forms.CharField(label="折股量化方案/依据", max_length=200)

    def __init__(self, *args, collectives=None, **kwargs):
        super().__init__(*args, **kwargs)
        if collectives is not None:
            self.fields["collective"].queryset = collectives


class DividendForm(forms.Form):
    """A year's dividend on a collective's shares (art. 17)."""

    asset_share = forms.TypedChoiceField(label="折股量化", coerce=int)
    year = forms.IntegerField(label="分红年度", min_value=2020, max_value=2100)
    amount = forms.DecimalField(label="分红金额（元）", max_digits=14, decimal_places=2,
                                min_value=Decimal("0.01"))  # fmt: skip
    paid_on = forms.DateField(label="分红发放日期", widget=DATE)
    households = forms.IntegerField(label="分红农户（户）", min_value=0, initial=0)
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, shares=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["asset_share"].choices = [
            (share.pk, f"{share.collective.name}（{share.share_value:,.2f} 元）")
            for share in shares
        ]


class RecognitionForm(forms.Form):
    """art. 36: the office's recognition, with the departments concerned (会同相关部门)."""

    recognised_on = forms.DateField(label="认定日期", widget=DATE)
    departments = forms.ModelMultipleChoiceField(
        label="会同认定的相关部门",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="第三十六条：县级发展改革部门会同相关部门负责认定",
    )
    opinion = forms.CharField(
        label="认定意见",
        widget=_text(
            3, "如 投资规模较小、技术方案简单、用工技能要求不高（第三十三条），适宜推广以工代赈方式"
        ),
    )

    def __init__(self, *args, departments=None, **kwargs):
        super().__init__(*args, **kwargs)
        if departments is not None:
            self.fields["departments"].queryset = departments


class RecognitionApprovalForm(forms.Form):
    """art. 36: 提请县级人民政府审定 — the date, number and scan of the government's decision."""

    approved_on = forms.DateField(label="审定日期", widget=DATE)
    approval_number = forms.CharField(label="审定文号", max_length=100)
    upload = forms.FileField(label="审定文件扫描件")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["upload"].help_text = (
            f"接受 {document_rules.allowed_extensions()} 文件，"
            f"不超过 {document_rules.max_bytes() // 1024 // 1024} MB"
        )
        self.fields["upload"].widget.attrs["accept"] = ",".join(
            f".{ext}" for ext in document_rules.FILE_TYPES
        )
