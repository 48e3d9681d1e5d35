from django import forms

from projects.choices import ComplaintKind

INPUT = {"class": "form-control form-control-lg", "autocomplete": "off"}


class SignInForm(forms.Form):
    id_number = forms.CharField(
        label="身份证号",
        max_length=20,
        widget=forms.TextInput(attrs={**INPUT, "autocapitalize": "characters"}),
    )
    phone = forms.CharField(
        label="在乡镇登记的手机号", max_length=20,
        widget=forms.TextInput(attrs={**INPUT, "inputmode": "numeric", "autocomplete": "tel"}),
    )  # fmt: skip


class CodeForm(forms.Form):
    code = forms.CharField(
        label="短信验证码", max_length=6, min_length=6,
        widget=forms.TextInput(
            attrs={**INPUT, "inputmode": "numeric", "autocomplete": "one-time-code"}
        ),
    )  # fmt: skip


class DisputeForm(forms.Form):
    kind = forms.ChoiceField(
        label="问题",
        choices=[
            (ComplaintKind.WAGE_ARREARS.value, "没收到"),
            (ComplaintKind.WRONG_AMOUNT.value, "金额不对"),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    content = forms.CharField(
        label="补充说明（可不填）", required=False, max_length=500,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control", "maxlength": 500}),
    )  # fmt: skip
