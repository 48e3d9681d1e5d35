"""Webhook pages (issue 15, item 5): the district office subscribes a client to events (the
secret shown once), stops or resumes a subscription, gives it a new secret, reads the delivery
log and re-sends a delivery (重新发送). The auditor reads the log."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yiguoji import scope
from yiguoji.api.capabilities import MANAGE_CLIENTS, VIEW_CLIENTS
from yiguoji.api.forms import DeliveryFilter, WebhookForm
from yiguoji.api.models import ApiClient, WebhookDelivery, WebhookSubscription
from yiguoji.api.webhooks import (
    delivery_resend,
    subscription_create,
    subscription_rotate_secret,
    subscription_set_active,
)
from yiguoji.core import access

PAGE_SIZE = 50


def _secret_shown_once(request, subscription, secret):
    response = render(
        request, "api/webhook_secret_once.html", {"subscription": subscription, "secret": secret}
    )
    patch_cache_control(response, private=True, no_store=True, max_age=0)
    return response


def webhook_create(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    client = scope.get_object_or_404(ApiClient.objects.all(), request.user, scope.CHANGE, pk=pk)
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            subscription, secret = subscription_create(
                acting_user=request.user,
                client=client,
                url=form.cleaned_data["url"],
                kinds=form.cleaned_data["kinds"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _secret_shown_once(request, subscription, secret)
    return render(request, "api/webhook_form.html", {"form": form, "client": client})


@require_POST
def webhook_active(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    subscription = scope.get_object_or_404(
        WebhookSubscription.objects.all(), request.user, scope.CHANGE, pk=pk
    )
    active = request.POST.get("active") == "1"
    subscription_set_active(acting_user=request.user, subscription=subscription, active=active)
    messages.success(request, f"已{'启用' if active else '停用'}推送到 {subscription.url}。")
    return redirect("api:client_detail", pk=subscription.client_id)


@require_POST
def webhook_secret(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    subscription = scope.get_object_or_404(
        WebhookSubscription.objects.select_related("client"), request.user, scope.CHANGE, pk=pk
    )
    subscription, secret = subscription_rotate_secret(
        acting_user=request.user, subscription=subscription
    )
    return _secret_shown_once(request, subscription, secret)


def delivery_log(request):
    access.require(request.user, VIEW_CLIENTS)
    form = DeliveryFilter(request.GET or None, acting_user=request.user)
    deliveries = scope.restrict(
        WebhookDelivery.objects.select_related("subscription__client"), request.user
    ).defer("payload")
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            deliveries = deliveries.filter(status=data["status"])
        if data["kind"]:
            deliveries = deliveries.filter(kind=data["kind"])
        if data["client"]:
            deliveries = deliveries.filter(subscription__client=data["client"])
    page = Paginator(deliveries.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "api/delivery_log.html",
        {"form": form, "page": page, "can_manage": access.has(request.user, MANAGE_CLIENTS)},
    )


def delivery_detail(request, pk):
    access.require(request.user, VIEW_CLIENTS)
    delivery = scope.get_object_or_404(
        WebhookDelivery.objects.select_related("subscription__client", "resent_by"),
        request.user,
        pk=pk,
    )
    return render(
        request,
        "api/delivery_detail.html",
        {
            "delivery": delivery,
            "payload_text": json.dumps(delivery.payload, ensure_ascii=False, indent=2),
            "can_manage": access.has(request.user, MANAGE_CLIENTS),
        },
    )


@require_POST
def delivery_resend_view(request, pk):
    access.require(request.user, MANAGE_CLIENTS)
    delivery = scope.get_object_or_404(
        WebhookDelivery.objects.all(), request.user, scope.CHANGE, pk=pk
    )
    delivery_resend(acting_user=request.user, delivery=delivery)
    messages.success(request, f"已重新发送事件 {delivery.event_id}，稍后刷新查看结果。")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("api:deliveries")
