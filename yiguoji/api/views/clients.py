"""Pages where the district office registers API clients, issues and revokes tokens and reads
each client's calls. A new token is shown once, on a page nobody may store."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from yiguoji import scope
from yiguoji.api.capabilities import MANAGE_CLIENTS, VIEW_CLIENTS
from yiguoji.api.choices import ApiScope
from yiguoji.api.forms import ClientForm, TokenForm
from yiguoji.api.models import ApiCall, ApiClient, ApiToken, WebhookSubscription
from yiguoji.api.services import client_register, client_set_active, token_issue, token_revoke
from yiguoji.core import access

RECENT_CALLS = 50


def client_list(request):
    access.require(request.user, VIEW_CLIENTS)
    clients = (
        scope.restrict(ApiClient.objects.select_related("organisation", "user"), request.user)
        .annotate(call_count=Count("calls"), last_call=Max("calls__at"))
        .order_by("name")
    )
    return render(
        request,
        "api/client_list.html",
        {
            "clients": clients,
            "scope_labels": dict(ApiScope.choices),
            "can_manage": access.has(request.user, MANAGE_CLIENTS),
        },
    )


def _token_shown_once(request, client, raw, token):
    response = render(
        request, "api/token_once.html", {"client": client, "raw": raw, "token": token}
    )
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def client_create(request):
    access.require(request.user, MANAGE_CLIENTS)
    form = ClientForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, raw = client_register(
                acting_user=request.user,
                name=data["name"],
                organisation=data["organisation"],
                role=data["role"],
                scopes=data["scopes"],
                rate_per_minute=data["rate_per_minute"],
                note=data["note"],
                token_days=data["token_days"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _token_shown_once(request, client, raw, client.tokens.get())
    return render(request, "api/client_form.html", {"form": form})


def client_detail(request, pk):
    access.require(request.user, VIEW_CLIENTS)
    client = scope.get_object_or_404(
        ApiClient.objects.select_related("organisation", "user", "created_by"), request.user, pk=pk
    )
    return render(
        request,
        "api/client_detail.html",
        {
            "client": client,
            "scope_labels": [ApiScope(s).label for s in client.scopes if s in ApiScope.values],
            "tokens": scope.restrict(
                ApiToken.objects.filter(client=client).select_related("created_by", "revoked_by"),
                request.user,
            ),
            "calls": scope.restrict(ApiCall.objects.filter(client=client), request.user)[
                :RECENT_CALLS
            ],
            "webhooks": scope.restrict(
                WebhookSubscription.objects.filter(client=client), request.user
            ),
            "token_form": TokenForm(),
            "can_manage": access.has(request.user, MANAGE_CLIENTS),
        },
    )


@require_POST
def token_create(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    client = scope.get_object_or_404(ApiClient.objects.all(), request.user, scope.CHANGE, pk=pk)
    form = TokenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([e for errors in form.errors.values() for e in errors])
        token, raw = token_issue(
            acting_user=request.user, client=client, days=form.cleaned_data["token_days"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("api:client_detail", pk=client.pk)
    return _token_shown_once(request, client, raw, token)


@require_POST
def token_revoke_view(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    token = scope.get_object_or_404(ApiToken.objects.all(), request.user, scope.CHANGE, pk=pk)
    token_revoke(acting_user=request.user, token=token)
    messages.success(request, f"已吊销令牌 {token.prefix}…，使用它的请求将被拒绝。")
    return redirect("api:client_detail", pk=token.client_id)


@require_POST
def client_active(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    client = scope.get_object_or_404(ApiClient.objects.all(), request.user, scope.CHANGE, pk=pk)
    active = request.POST.get("active") == "1"
    client_set_active(acting_user=request.user, client=client, active=active)
    messages.success(request, f"已{'启用' if active else '停用'}客户端“{client.name}”。")
    return redirect("api:client_detail", pk=client.pk)
