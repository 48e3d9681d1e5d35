"""Forms of the payroll app: they parse and check input; services decide and write."""

from __future__ import annotations

import base64
import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from payroll import identity
from payroll.choices import PayMethod, PriorityGroup, SkillLevel
from payroll.services.workers import PersonDetails, clean_skills
from yiguoji.core import crypto
from yiguoji.core.models import Township, Village
from yiguoji.core.roles import Role
from yiguoji.months import last_of

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SkillsField(forms.CharField):
    """Skill words typed with 、 or commas; the datalist suggests the common ones."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "技能")
        kwargs.setdefault("help_text", "多项用顿号（、）分隔，如：砌石、钢筋")
        super().__init__(**kwargs)
        self.widget.attrs.update({"list": "skill-words", "placeholder": "砌石、钢筋"})

    def to_python(self, value):
        return clean_skills([super().to_python(value) or ""])

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list) else value


class PlaceMixin:
    """Township and village choices narrowed to what the user may register."""

    def setup_place(self, user, *, township: Township | None = None) -> None:
        townships = Township.objects.all()
        if user.role == Role.TOWNSHIP:
            townships = townships.filter(pk=user.township_id)
        self.fields["township"].queryset = townships
        if user.role == Role.TOWNSHIP and not self.initial.get("township"):
            self.initial["township"] = user.township_id
        self.fields["village"].queryset = Village.objects.select_related("township").filter(
            township__in=townships
        )
        self.fields["village"].label_from_instance = lambda v: f"{v.township.name} {v.name}"


class PersonFields(PlaceMixin, forms.Form):
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    bank = forms.CharField(label="开户银行", max_length=60, required=False)
    township = forms.ModelChoiceField(label="乡镇（街道）", queryset=Township.objects.none())
    village = forms.ModelChoiceField(
        label="村（社区）", queryset=Village.objects.none(), required=False
    )
    priority_groups = forms.MultipleChoiceField(
        label="优先群体（第二十八条）",
        choices=PriorityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = SkillsField()
    note = forms.CharField(label="备注", max_length=200, required=False)
    from_elsewhere = forms.BooleanField(
        label="外地务工人员（户籍在本区以外，第四十五条）",
        required=False,
        help_text="户籍省份、县由身份证号码得出；乡镇（街道）填其在本区的务工登记地，村可不填",
    )

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        return identity.clean_phone(value) if value else ""

    def clean(self):
        data = super().clean()
        village, township = data.get("village"), data.get("township")
        if village and township and village.township_id != township.pk:
            self.add_error("village", f"{village.name}不属于{township.name}")
        return data

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            name=data["name"],
            township=data["township"],
            village=data.get("village"),
            phone=data.get("phone", ""),
            bank_card=data.get("bank_card") or None,
            bank=data.get("bank", ""),
            priority_groups=data.get("priority_groups", []),
            skills=data.get("skills", []),
            note=data.get("note", ""),
            from_elsewhere=data.get("from_elsewhere", False),
        )


class WorkerRegisterForm(PersonFields):
    id_number = forms.CharField(
        label="公民身份号码", max_length=30, help_text="18位，末位可为X；已登记的人员会直接打开"
    )
    bank_card = forms.CharField(label="银行卡号", max_length=30, required=False)
    field_order = ["name", "id_number", "phone", "bank_card", "bank", "township", "village"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_place(user)

    def clean_id_number(self):
        return identity.clean_resident_id(self.cleaned_data["id_number"])

    def clean_bank_card(self):
        value = self.cleaned_data["bank_card"].strip()
        return identity.clean_bank_card(value) if value else ""


class WorkerEditForm(PersonFields):
    new_bank_card = forms.CharField(
        label="新的银行卡号", max_length=30, required=False, help_text="不更换银行卡时留空"
    )
    field_order = ["name", "phone", "new_bank_card", "bank", "township", "village"]

    def __init__(self, *args, user, worker, **kwargs):
        initial = {
            "name": worker.name,
            "phone": worker.phone,
            "bank": worker.bank,
            "township": worker.township_id,
            "village": worker.village_id,
            "priority_groups": worker.priority_groups,
            "skills": worker.skills,
            "note": worker.note,
            "from_elsewhere": worker.from_elsewhere,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.setup_place(user)

    def clean_new_bank_card(self):
        value = self.cleaned_data["new_bank_card"].strip()
        return identity.clean_bank_card(value) if value else ""


class IdLookupForm(forms.Form):
    """Finding a person by ID number: always a POST (issue 10 item 2: never in a URL). A page
    that goes on with the person found carries ``token`` (the number encrypted, see
    :meth:`sealed_number`) instead of the number itself."""

    id_number = forms.CharField(label="公民身份号码", max_length=30, required=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    PURPOSE = "payroll.id_lookup"

    def clean_id_number(self):
        value = self.cleaned_data["id_number"]
        return identity.clean_resident_id(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("token") and not data.get("id_number"):
            try:
                data["id_number"] = crypto.decrypt(
                    base64.urlsafe_b64decode(data["token"]), purpose=self.PURPOSE
                )
            except (ValueError, crypto.DecryptionError):
                self.add_error("id_number", "查找已失效，请重新输入公民身份号码")
        elif not data.get("id_number") and "id_number" not in self.errors:
            self.add_error("id_number", "请输入公民身份号码")
        return data

    def sealed_number(self) -> str:
        """The number found, encrypted for the next step's hidden field."""
        sealed = crypto.encrypt(self.cleaned_data["id_number"], purpose=self.PURPOSE)
        return base64.urlsafe_b64encode(sealed).decode()


class RevealPurposeForm(forms.Form):
    """The purpose a user states before full ID / card numbers are shown (kept in the reveal log,
    issue 10 item 4)."""

    purpose = forms.CharField(
        label="查看用途",
        min_length=4,
        max_length=100,
        help_text="例如：发放2026年5月劳务报酬",
        error_messages={
            "required": "请填写查看完整号码的用途",
            "min_length": "查看用途至少4个字，请写明具体用途",
        },
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Excel文件", help_text="支持 .xlsx、.xls、.ods（WPS表格可另存为 .xlsx）"
    )


class TownshipUploadForm(UploadForm):
    """For district-wide importers: the township whose people the file lists (optional when the
    sheet has a 乡镇（街道） column)."""

    township = forms.ModelChoiceField(
        label="乡镇（街道）",
        queryset=Township.objects.all(),
        required=False,
        help_text="表中没有“乡镇（街道）”列时必选",
    )


class AttendanceUploadForm(UploadForm):
    LAYOUTS = [
        ("grid", "考勤表（每人一行，1至31日各一列）"),
        ("totals", "按月汇总表（每人一个出勤天数）"),
    ]
    layout = forms.ChoiceField(label="表格样式", choices=LAYOUTS, widget=forms.RadioSelect)
    field_order = ["layout", "file"]


class SurveyRoundForm(forms.Form):
    name = forms.CharField(label="调查名称", max_length=100)
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    starts_on = forms.DateField(label="开始日期", widget=DATE)
    ends_on = forms.DateField(label="截止日期", widget=DATE)
    description = forms.CharField(
        label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


MONTH_CHOICES = [(month, f"{month}月") for month in range(1, 13)]


class SurveyAnswerFields(forms.Form):
    willing = forms.TypedChoiceField(
        label="是否有务工意愿",
        choices=[("1", "有"), ("0", "没有")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    available_months = forms.TypedMultipleChoiceField(
        label="可务工月份",
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    answer_skills = SkillsField(label="技能")
    skill_level = forms.ChoiceField(label="技能等级", choices=SkillLevel.choices)
    preferred_work = forms.CharField(label="意向工种", max_length=100, required=False)
    surveyed_on = forms.DateField(label="调查日期", widget=DATE, initial=timezone.localdate)
    answer_note = forms.CharField(label="备注", max_length=200, required=False)

    def answer(self):
        from payroll.services.surveys import SurveyAnswer

        data = self.cleaned_data
        return SurveyAnswer(
            willing=data["willing"],
            available_months=data.get("available_months", []),
            skills=data.get("answer_skills", []),
            skill_level=data["skill_level"],
            preferred_work=data.get("preferred_work", ""),
            surveyed_on=data.get("surveyed_on"),
            note=data.get("answer_note", ""),
        )


class SurveyAnswerForm(SurveyAnswerFields):
    """The answer of a person already in the register."""


class SurveyNewPersonForm(SurveyAnswerFields, WorkerRegisterForm):
    """The answer of a person not yet registered, who is registered from the same form."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        for name in ("bank_card", "bank", "skills", "note", "from_elsewhere"):
            del self.fields[name]
        del self.fields["id_number"]  # the looked-up number, carried encrypted (IdLookupForm)

    def details(self) -> PersonDetails:
        details = super().details()
        details.skills = self.cleaned_data.get("answer_skills", [])
        return details


class HireForm(forms.Form):
    worker = forms.IntegerField(widget=forms.HiddenInput)
    starts_on = forms.DateField(label="合同开始日期", widget=DATE)
    ends_on = forms.DateField(label="合同结束日期", widget=DATE)
    employer = forms.ChoiceField(label="用工单位（签订劳务合同的单位）")
    ranking = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, position, employers, default_employer, **kwargs):
        initial = {
            "starts_on": max(position.start_date, timezone.localdate()),
            "ends_on": position.end_date,
            "employer": default_employer.pk,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.employers = {str(org.pk): org for org in employers}
        self.fields["employer"].choices = [
            (str(org.pk), f"{org.name}（{org.get_kind_display()}）") for org in employers
        ]

    def clean_employer(self):
        return self.employers[self.cleaned_data["employer"]]


class ContractSignForm(forms.Form):
    signed_on = forms.DateField(label="签订日期", widget=DATE)
    scan = forms.FileField(
        label="合同扫描件", required=False, help_text="签字后的劳务合同，PDF、JPG或PNG，不超过10 MB"
    )

    def clean_signed_on(self):
        value = self.cleaned_data["signed_on"]
        if value > timezone.localdate():
            raise ValidationError("签订日期不能晚于今天")
        return value


class ContractEndForm(forms.Form):
    ended_on = forms.DateField(label="解除日期", widget=DATE, initial=timezone.localdate)


def month_from(value: str) -> dt.date | None:
    """ "2026-05" -> date(2026, 5, 1), or None."""
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1)
    except (ValueError, AttributeError):
        return None


# --- Wage ledgers ----------------------------------------------------------------------------


def month_choices(today: dt.date, back: int = 12) -> list[tuple[str, str]]:
    """This month and the ``back`` months before it, newest first ("2026-05", "2026年5月")."""
    choices, month = [], today.replace(day=1)
    for _ in range(back + 1):
        choices.append((f"{month:%Y-%m}", f"{month.year}年{month.month}月"))
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return choices


class LedgerNewForm(forms.Form):
    """Start a month's ledger: from attendance, or by uploading the sheet."""

    HOW = [
        ("attendance", "按考勤生成（每人出勤天数 × 劳务合同日劳务报酬，再填写实发金额和发放日期）"),
        ("upload", "上传Excel台账"),
    ]
    project = forms.ModelChoiceField(label="项目", queryset=None)
    month = forms.ChoiceField(label="月份")
    how = forms.ChoiceField(label="编制方式", choices=HOW, widget=forms.RadioSelect)

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["project"].label_from_instance = lambda p: f"{p.code} {p.name}"
        today = timezone.localdate()
        choices = month_choices(today)
        if last_of(today) > today:  # the running month's ledger waits for its end (plan task 9)
            choices = choices[1:]
        self.fields["month"].choices = choices
        self.initial.setdefault("month", choices[0][0])
        self.initial.setdefault("how", "attendance")

    def clean_month(self):
        return month_from(self.cleaned_data["month"])


class WageLineForm(forms.Form):
    """One line of a draft or returned ledger; payable follows days x rate."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    days = forms.DecimalField(label="出勤天数", min_value=0, max_value=31, decimal_places=1)
    daily_rate = forms.DecimalField(
        label="日劳务报酬标准（元）", min_value=0, max_digits=8, decimal_places=2
    )
    paid = forms.DecimalField(label="实发金额（元）", min_value=0, max_digits=12, decimal_places=2)
    pay_date = forms.DateField(label="发放日期", widget=DATE, required=False)
    method = forms.ChoiceField(label="发放方式", choices=PayMethod.choices)
    method_reason = forms.CharField(
        label="未通过本人银行卡发放的原因", max_length=200, required=False
    )
    remarks = forms.CharField(label="备注", max_length=200, required=False)
    explanation = forms.CharField(
        label="情况说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="本行有欠发、逾期发放、天数少于考勤等提醒时，提交前须写明情况",
    )


class RevisionForm(forms.Form):
    """A workflow step posted from the ledger page (the revision the page was drawn from)."""

    revision = forms.IntegerField(widget=forms.HiddenInput)


class LedgerFillForm(RevisionForm):
    pay_date = forms.DateField(label="发放日期", widget=DATE)


class LedgerSignForm(RevisionForm):
    scan = forms.FileField(
        label="签字台账扫描件",
        required=False,
        help_text="务工人员签字后的纸质台账，PDF、JPG或PNG，不超过10 MB；"
        "已逐人登记签字确认的可不上传",
    )


class LedgerConfirmForm(RevisionForm):
    """The lines ticked, or every line when "全部人员均已签字" is ticked: nothing ticked signs
    nobody (plan task 9: 经务工人员签字确认)."""

    lines = forms.TypedMultipleChoiceField(coerce=int, required=False)
    everyone = forms.BooleanField(label="全部人员均已在签字表上签字", required=False)
    signed = forms.TypedChoiceField(
        choices=[("1", "签字确认"), ("0", "撤销")], coerce=lambda v: v == "1", initial="1"
    )

    def __init__(self, *args, line_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lines"].choices = [(str(pk), str(pk)) for pk in line_ids]
        self.line_ids = list(line_ids)

    def clean(self):
        data = super().clean()
        if data.get("everyone"):
            data["lines"] = self.line_ids
        elif not data.get("lines"):
            raise forms.ValidationError("请勾选已在签字表上签字的务工人员，再登记签字确认")
        return data


class LedgerReturnForm(RevisionForm):
    comments = forms.CharField(
        label="退回意见", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class LedgerFileForm(RevisionForm):
    comment = forms.CharField(label="备案意见（可不填）", max_length=500, required=False)


class LedgerCorrectForm(forms.Form):
    reason = forms.CharField(
        label="更正原因", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class SuspicionReviewForm(forms.Form):
    status = forms.ChoiceField(
        label="核查结论",
        choices=[("confirmed", "已查实（依法追责，第五十条）"), ("cleared", "已排除（情况属实）")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label="核查意见", widget=forms.Textarea(attrs={"rows": 3}))


class WageAccountForm(forms.Form):
    bank = forms.CharField(label="开户银行", max_length=100)
    account_name = forms.CharField(label="账户名称", max_length=100)
    account_number = forms.CharField(label="账号", max_length=40)
    opened_on = forms.DateField(label="开户日期", widget=DATE)
    note = forms.CharField(label="备注", max_length=200, required=False)


class PayrollYearForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    pay_deadline_day = forms.IntegerField(
        label="劳务报酬发放期限：次月几日前", min_value=1, max_value=28
    )
    ledger_deadline_day = forms.IntegerField(
        label="发放台账提交期限：次月几日前", min_value=1, max_value=28
    )
    reminder_lead_days = forms.IntegerField(
        label="提交期限前几天开始提醒", min_value=0, max_value=27
    )


class PaymentRulesForm(forms.Form):
    """The district's numbers for payments through the bank (issue 13)."""

    reply_overdue_days = forms.IntegerField(
        label="回盘逾期天数", min_value=1, max_value=30,
        help_text="代发批次发送银行超过此天数仍未全部回盘的，列为逾期，提醒付款单位和区级主管部门",
    )  # fmt: skip
    statement_match_days = forms.IntegerField(
        label="专户流水对账允许相差天数", min_value=0, max_value=15,
        help_text="专户流水的支出日期与银行入账日期相差不超过此天数的，视为同一笔代发",
    )  # fmt: skip
    card_check_valid_days = forms.IntegerField(
        label="户名校验有效期（天）", min_value=7, max_value=1095,
        help_text="银行卡户名校验一致的结果超过此天数即失效，须重新送银行校验后才能代发",
    )  # fmt: skip


class PaymentBatchForm(forms.Form):
    """A payment batch from a signed or filed ledger (issue 13): the bank's file layout and,
    when the project has no dedicated wage account, the account that pays (plan task 9)."""

    layout = forms.ChoiceField(label="付款银行文件格式")
    payer_bank = forms.CharField(label="付款开户银行", max_length=100, required=False)
    payer_account_name = forms.CharField(label="付款账户名称", max_length=100, required=False)
    payer_account_number = forms.CharField(label="付款账号", max_length=40, required=False)

    def __init__(self, *args, layouts=(), needs_account: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = layouts
        if not needs_account:
            for name in ("payer_bank", "payer_account_name", "payer_account_number"):
                del self.fields[name]


class ReissueForm(forms.Form):
    same_card_reason = forms.CharField(
        label="仍用原卡重新发放的理由",
        max_length=200,
        required=False,
        help_text="银行卡号已在名册中更正的不必填写；付款账户余额不足、账户已解冻等仍用原卡的须写明",
    )


class ReplyUploadForm(forms.Form):
    file = forms.FileField(
        label="银行回盘文件", help_text="付款银行网银下载的原始结果文件（CSV、TXT或Excel）"
    )


class SiteEntryForm(forms.Form):
    """One entry sent by the phone on site (static/payroll/site/site.js builds it)."""

    entry_id = forms.UUIDField(error_messages={"invalid": "记录编号格式不对"})
    date = forms.DateField(label="考勤日期", input_formats=["%Y-%m-%d"])
    marked_at = forms.DateTimeField(label="手机记录时间")
    marks = forms.JSONField(label="出勤标记")
    latitude = forms.DecimalField(label="纬度", required=False, min_value=-90, max_value=90)
    longitude = forms.DecimalField(label="经度", required=False, min_value=-180, max_value=180)
    accuracy = forms.IntegerField(label="定位精度", required=False, min_value=0)
    photo = forms.FileField(label="现场照片", required=False)

    def clean_latitude(self):
        return _round6(self.cleaned_data.get("latitude"))

    def clean_longitude(self):
        return _round6(self.cleaned_data.get("longitude"))

    def clean_marks(self):
        from decimal import Decimal, InvalidOperation

        raw = self.cleaned_data["marks"]
        if not isinstance(raw, dict) or not raw:
            raise ValidationError("没有任何人的出勤标记")
        marks = {}
        for key, value in raw.items():
            try:
                marks[int(key)] = Decimal(str(value))
            except (ValueError, InvalidOperation) as error:
                raise ValidationError(f"出勤标记“{key}: {value}”无法识别") from error
        return marks

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError("经纬度应同时提供")
        return data

    def position(self):
        from payroll.services.site import Position

        data = self.cleaned_data
        if data.get("latitude") is None:
            return None
        return Position(data["latitude"], data["longitude"], data.get("accuracy"))


def _round6(value):
    from decimal import Decimal

    return None if value is None else value.quantize(Decimal("0.000001"))


class SiteRulesForm(forms.Form):
    max_distance_m = forms.IntegerField(
        label="考勤位置距工地最远（米）", min_value=50, max_value=100_000,
        help_text="手机定位与项目工地位置的距离超过此值记为疑点；山区定位误差较大，建议不小于300米",
    )  # fmt: skip
    late_days = forms.IntegerField(
        label="考勤最迟几天内发送", min_value=0, max_value=60,
        help_text="考勤日之后超过此天数才发送的记为疑点（无信号的工地可适当放宽）",
    )  # fmt: skip


DAY_INPUT = {
    "inputmode": "decimal",
    "size": 5,
    "class": "form-control form-control-sm w-auto ms-auto text-end",
}


class SheetUploadForm(forms.Form):
    """The signed sheet's scan and, per hired person, the days the sheet shows."""

    scan = forms.FileField(label="签字表扫描件", help_text="PDF、JPG或PNG，不超过10MB")

    def __init__(self, data=None, files=None, *, rows, sheet):
        super().__init__(data, files)
        self.rows = rows
        for row in rows:
            self.fields[f"d-{row.worker.pk}"] = forms.CharField(
                label=row.worker.name, required=False, max_length=6,
                initial=sheet.paper_days.get(str(row.worker.pk), ""),
                widget=forms.TextInput(attrs=DAY_INPUT),
            )  # fmt: skip

    def paper_days(self) -> dict[int, str]:
        return {row.worker.pk: self.cleaned_data.get(f"d-{row.worker.pk}", "") for row in self.rows}

    def day_fields(self):
        return [(row, self[f"d-{row.worker.pk}"]) for row in self.rows]


class SheetExplainForm(forms.Form):
    explanation = forms.CharField(
        label="差异说明", widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如：6月12日下雨停工，签字表已划去，系统漏改；已在考勤表中更正",
    )  # fmt: skip


class AccountCheckForm(forms.Form):
    """A name-account check (户名校验, issue 13 item 1) of a project's hired workers' cards."""

    layout = forms.ChoiceField(label="银行文件格式")
    only_unchecked = forms.BooleanField(
        label="只校验尚未通过校验的银行卡",
        required=False,
        initial=True,
        help_text="已校验一致、且名册中的户名和卡号没有改过的卡不再送校验",
    )

    def __init__(self, *args, layouts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = layouts


class CheckReplyUploadForm(forms.Form):
    file = forms.FileField(
        label="银行户名校验结果文件",
        help_text="付款银行网银下载的原始校验结果文件（CSV、TXT或Excel）",
    )


class CashPaymentForm(forms.Form):
    """A line paid by cash or another method: art. 30's exception, with the reason and the
    scan of the receipt the worker signed."""

    line = forms.TypedChoiceField(label="务工人员", coerce=int)
    method = forms.ChoiceField(label="发放方式", choices=[("cash", "现金"), ("other", "其他方式")])
    amount = forms.DecimalField(label="发放金额（元）", max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label="发放日期", widget=DATE)
    reason = forms.CharField(
        label="未通过本人银行卡发放的原因",
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="第三十条：劳务报酬一般通过银行卡发放至本人银行卡；其他方式须写明原因",
    )
    receipt = forms.FileField(
        label="本人签字的领款凭证扫描件", help_text="PDF、JPG或PNG，不超过10 MB"
    )

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].choices = [
            (line.pk, f"{line.seq}. {line.worker.name}（应发{line.payable}元）") for line in lines
        ]


class StatementUploadForm(forms.Form):
    file = forms.FileField(
        label="专用账户流水文件",
        help_text="开户银行网银导出的账户明细（Excel，或UTF-8/GBK编码的CSV）",
    )
