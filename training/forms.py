"""Forms of the training pages: input only; the rules are in ``training.rules`` via services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from payroll.models import Worker
from payroll.services.workers import PersonDetails, worker_find
from projects.choices import ProjectStatus, WorkSegment
from projects.models import Position
from projects.scopes import visible_projects
from training import hiring
from training.choices import ORGANISER_ORG_KIND_VALUES, ConversionKind, OrganiserKind
from training.models import TrainingSession
from training.services.sessions import SESSION_FIELDS
from yiguoji.core.models import Organisation, Township, Village
from yiguoji.core.roles import Role

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
RESULT_CHOICES = [("1", "合格"), ("0", "不合格")]
ROLE_ORGANISER = {
    Role.LABOUR_BUREAU: OrganiserKind.LABOUR_BUREAU,
    Role.TOWNSHIP: OrganiserKind.TOWNSHIP,
    Role.PROJECT_UNIT: OrganiserKind.PROJECT_UNIT,
    Role.CONTRACTOR: OrganiserKind.CONTRACTOR,
}


def project_choices(user):
    return visible_projects(user).exclude(status=ProjectStatus.WITHDRAWN).order_by("-year", "code")


def hours_field(*, required: bool = False) -> forms.DecimalField:
    help_text = "" if required else "不填则按本期学时"
    return forms.DecimalField(
        label="培训学时", max_digits=5, decimal_places=1, required=required, help_text=help_text
    )


def result_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="考核结果", choices=RESULT_CHOICES, coerce=lambda v: v == "1", initial="1"
    )


def certificate_field() -> forms.CharField:
    return forms.CharField(label="证书编号", max_length=50, required=False)


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class SessionForm(forms.ModelForm):
    project = ProjectChoiceField(
        queryset=None,
        required=False,
        label="依托项目",
        help_text="“培训+项目”“培训+上岗”必须填写",
        empty_label="请选择",
    )

    class Meta:
        model = TrainingSession
        fields = list(SESSION_FIELDS)
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "content": forms.Textarea(attrs={"rows": 3}),
            "hours": forms.NumberInput(attrs={"step": "0.5", "min": "0.5"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            kind__in=sorted(ORGANISER_ORG_KIND_VALUES), is_active=True
        ).order_by("kind", "name")
        self.fields["organiser"].queryset = organisations
        self.fields["partner"].queryset = organisations
        self.fields["project"].queryset = project_choices(user)
        townships = Township.objects.order_by("code")
        if user.role == Role.TOWNSHIP and user.organisation_id:
            townships = townships.filter(pk=user.organisation.township_id)
        self.fields["township"].queryset = townships
        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = "请选择"
            elif isinstance(field, forms.ChoiceField) and field.choices[0][0] == "":
                field.choices = [("", "请选择"), *field.choices[1:]]
        if not self.instance.pk:
            self.initial.setdefault("organiser_kind", ROLE_ORGANISER.get(user.role, ""))
            self.initial.setdefault("organiser", user.organisation_id)
            if user.organisation_id and user.organisation.township_id:
                self.initial.setdefault("township", user.organisation.township_id)


class WorkerByIdField(forms.CharField):
    """A resident ID number typed in, resolved to the registered worker (district-wide)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        worker = worker_find(id_number=value)
        if worker is None:
            raise ValidationError("该身份证号码未在务工人员名册中登记，请使用“现场登记”")
        return worker


class RecordForm(forms.Form):
    """One person into a session's ledger: picked from the project's workers or by ID number."""

    worker = forms.ModelChoiceField(
        queryset=Worker.objects.none(),
        required=False,
        label="从本项目务工人员中选择",
        empty_label="请选择",
    )
    id_number = WorkerByIdField(
        required=False, label="或输入身份证号码", max_length=30, help_text="已登记的务工人员"
    )
    hours = hours_field()
    passed = result_field()
    certificate_no = certificate_field()
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        if session.project_id:
            self.fields["worker"].queryset = (
                Worker.objects.filter(pk__in=hiring.worker_ids_on([session.project_id]))
                .exclude(training_records__session=session)
                .order_by("name")
            )
            self.fields["worker"].label_from_instance = lambda w: f"{w.name}（{w.id_masked}）"
        else:
            del self.fields["worker"]
            self.fields["id_number"].label = "身份证号码"

    def clean(self):
        data = super().clean()
        picked = data.get("worker"), data.get("id_number")
        if not any(picked) and not self.errors:
            raise ValidationError("请选择务工人员或输入身份证号码")
        if all(picked) and picked[0] != picked[1]:
            raise ValidationError("选择的人员与输入的身份证号码不是同一人")
        data["person"] = picked[0] or picked[1]
        return data


class RegisterForm(forms.Form):
    """A person not yet in the register, added on the spot (payroll's rules) and to the ledger."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = forms.CharField(label="身份证号码", max_length=30)
    township = forms.ModelChoiceField(
        queryset=Township.objects.order_by("code"), label="所在乡镇（街道）"
    )
    village = forms.ModelChoiceField(
        queryset=Village.objects.select_related("township").order_by("township__code", "name"),
        required=False,
        label="所在村（社区）",
    )
    phone = forms.CharField(label="联系电话", max_length=30, required=False)
    hours = hours_field()
    passed = result_field()
    certificate_no = certificate_field()

    def __init__(self, *args, user, session: TrainingSession, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role == Role.TOWNSHIP and user.organisation_id:
            # payroll's rule: a township registers only its own people
            own = user.organisation.township_id
            self.fields["township"].queryset = Township.objects.filter(pk=own)
            self.fields["village"].queryset = self.fields["village"].queryset.filter(
                township_id=own
            )
        self.initial.setdefault("township", session.township_id)

    def details(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            name=data["name"],
            township=data["township"],
            village=data["village"],
            phone=data["phone"],
        )


class RecordEditForm(forms.Form):
    hours = hours_field(required=True)
    passed = result_field()
    certificate_no = certificate_field()
    note = forms.CharField(label="备注", max_length=200, required=False)


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label="培训台账Excel文件", help_text="xlsx、xls 或 ods；可使用下方模板或本页导出的台账"
    )


class PhotoForm(forms.Form):
    image = forms.FileField(label="照片", help_text="JPG 或 PNG")
    caption = forms.CharField(label="说明", max_length=200, required=False)


class ConversionProjectForm(forms.Form):
    project = ProjectChoiceField(queryset=None, label="参与建设的项目")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_choices(user)


class ConversionForm(forms.Form):
    worker = forms.ModelChoiceField(
        queryset=Worker.objects.none(), label="务工人员", empty_label="请选择"
    )
    kind = forms.ChoiceField(label="去向类型", choices=ConversionKind.choices)
    position = forms.ModelChoiceField(
        queryset=Position.objects.none(), required=False, label="管护岗位"
    )
    converted_on = forms.DateField(label="上岗日期", widget=DATE)
    employer = forms.ModelChoiceField(
        queryset=Organisation.objects.filter(is_active=True).order_by("kind", "name"),
        required=False,
        label="用工单位",
    )
    employer_name = forms.CharField(
        label="或填写用工单位名称", max_length=100, required=False, help_text="单位不在名录中时填写"
    )
    post = forms.CharField(label="岗位", max_length=100, help_text="如：道路养护员、护林员")
    evidence = forms.FileField(
        label="证明材料", help_text="劳动合同、聘用文件或工资发放记录，PDF、JPG 或 PNG"
    )
    note = forms.CharField(label="备注", max_length=200, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["worker"].queryset = Worker.objects.filter(
            pk__in=hiring.worker_ids_on([project.pk])
        ).order_by("name")
        self.fields["worker"].label_from_instance = lambda w: f"{w.name}（{w.id_masked}）"
        self.fields["position"].queryset = Position.objects.filter(
            project=project, segment=WorkSegment.MAINTENANCE
        )
