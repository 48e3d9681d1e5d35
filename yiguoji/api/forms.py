"""The district office's forms: an API client, a token, a webhook subscription, the filter of
the delivery log."""

from django import forms
from django.conf import settings

from yiguoji import scope
from yiguoji.api.choices import ApiScope, DeliveryStatus, EventKind
from yiguoji.api.models import ApiClient
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


class WebhookForm(forms.Form):
    url = forms.URLField(
        label="接收地址",
        max_length=500,
        assume_scheme="https",
        help_text="对方系统接收事件的地址（http 或 https）；不能是内网或本机地址",
    )
    kinds = forms.MultipleChoiceField(
        label="推送的事件", choices=EventKind.choices, widget=forms.CheckboxSelectMultiple
    )


class DeliveryFilter(forms.Form):
    status = forms.ChoiceField(
        label="状态", choices=[("", "全部状态"), *DeliveryStatus.choices], required=False
    )
    kind = forms.ChoiceField(
        label="事件", choices=[("", "全部事件"), *EventKind.choices], required=False
    )
    client = forms.ModelChoiceField(
        label="客户端", queryset=ApiClient.objects.none(), required=False, empty_label="全部客户端"
    )

    def __init__(self, *args, acting_user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = scope.restrict(ApiClient.objects.all(), acting_user)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"
