"""Forms of the core's pages (their choices restricted to what the user may use)."""

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html

from yiguoji import scope
from yiguoji.core.models import Organisation, User


class UserForm(forms.ModelForm):
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        help_text="新用户须设置初始密码，并请其登录后修改。",
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "organisation", "role", "phone", "email", "is_active"]
        labels = {"username": "用户名", "email": "电子邮箱", "is_active": "启用"}

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scope.restrict(
            Organisation.objects.filter(is_active=True), acting_user
        ).order_by("kind", "name")
        self.fields["organisation"].required = True
        self.fields["role"].required = True
        if self.instance.pk:
            del self.fields["password"]
        else:
            self.fields["password"].required = True

    def clean(self):
        cleaned = super().clean()
        if "password" in self.fields and cleaned.get("password"):
            from django.contrib.auth.password_validation import validate_password

            try:
                validate_password(cleaned["password"], self.instance)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return cleaned


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label="新密码", widget=forms.PasswordInput, help_text=password_validators_help_text_html()
    )
    password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") != cleaned.get("password2"):
            raise forms.ValidationError("两次输入的密码不一致")
        return cleaned
