"""The district office's form for registering an API client."""

from django import forms
from django.conf import settings

from yiguoji import scope
from yiguoji.api.choices import ApiScope
from yiguoji.core.models import Organisation
from yiguoji.core.roles import Role


class ClientForm(forms.Form):
    name = forms.CharField(label="客户端名称", max_length=100, help_text="如：市发展改革委调度系统")
    organisation = forms.ModelChoiceField(
        label="所属单位",
        queryset=Organisation.objects.none(),
        help_text="客户端看到的数据与该单位的用户相同",
    )
    role = forms.ChoiceField(label="按何种角色访问", choices=Role.choices)
    scopes = forms.MultipleChoiceField(
        label="接口权限", choices=ApiScope.choices, widget=forms.CheckboxSelectMultiple
    )
    rate_per_minute = forms.IntegerField(
        label="每分钟请求上限", min_value=1, max_value=10_000, initial=120
    )
    token_days = forms.IntegerField(label="令牌有效期（天）", min_value=1, initial=90)
    note = forms.CharField(label="用途说明", max_length=200, required=False)

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = scope.restrict(
            Organisation.objects.filter(is_active=True), acting_user
        ).order_by("kind", "name")
        self.fields["token_days"].max_value = settings.API_TOKEN_MAX_DAYS
        self.fields["token_days"].initial = settings.API_TOKEN_DAYS


class TokenForm(forms.Form):
    token_days = forms.IntegerField(label="令牌有效期（天）", min_value=1, initial=90)
