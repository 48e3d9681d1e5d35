"""The public forms. Lengths are limited here and again by the service; nothing is saved here."""

from django import forms

from projects.choices import ComplaintKind

CHECK = forms.CheckboxInput(attrs={"class": "form-check-input"})
TEXT = forms.Textarea(attrs={"rows": 5, "maxlength": 2000, "class": "form-control"})


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(
        label="投诉类型",
        choices=ComplaintKind.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    content = forms.CharField(
        label="投诉内容", max_length=2000, widget=TEXT,
        help_text="写明什么事、什么时间、哪个路段或哪几个月（最多2000字）",
    )  # fmt: skip
    anonymous = forms.BooleanField(
        label="匿名投诉", required=False, widget=CHECK,
        help_text="匿名投诉不留姓名和手机号，可凭查询码查看办理结果；关于本人劳务报酬的投诉不能匿名",
    )  # fmt: skip
    complainant = forms.CharField(
        label="姓名", required=False, max_length=50,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "name"}),
    )  # fmt: skip
    phone = forms.CharField(
        label="手机号码", required=False, max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "tel", "class": "form-control"}
        ),
        help_text="受理、答复等每一步都以短信告知您；只有办理单位看得到（中间四位隐藏）",
    )  # fmt: skip
    objection = forms.BooleanField(
        label="这是对项目公示内容的异议",
        required=False,
        widget=CHECK,
    )


class TrackForm(forms.Form):
    number = forms.CharField(label="投诉编号", max_length=20)
    code = forms.CharField(label="查询码", max_length=12)


class ReopenForm(TrackForm):
    reason = forms.CharField(label="不满意的原因", max_length=2000, widget=TEXT)
