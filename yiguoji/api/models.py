"""API clients, their tokens and the log of every call (issue 15, item 2).

A client belongs to an organisation and acts through a user of its own (``ApiClient.user``: the
organisation, a role, no usable password), so every scope rule, capability, audit entry and
reveal log treats a call exactly as it treats a person of that organisation with that role.
A token is shown once; only its SHA-256 is kept (it is 256 random bits, so a fast hash is safe).
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone

from yiguoji.api.choices import DeliveryStatus, api_scopes, event_kinds
from yiguoji.core.audit import track
from yiguoji.core.crypto import EncryptedField
from yiguoji.core.querysets import ScopedQuerySet


@track()
class ApiClient(models.Model):
    name = models.CharField("客户端名称", max_length=100, unique=True)
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="所属单位"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_client",
        verbose_name="接口账号",
        editable=False,
    )
    scopes = ArrayField(
        models.CharField(max_length=40, choices=api_scopes), default=list, verbose_name="接口权限"
    )
    rate_per_minute = models.PositiveIntegerField("每分钟请求上限", default=120)
    note = models.CharField("用途说明", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "接口客户端"

    def __str__(self) -> str:
        return self.name

    def allows(self, api_scope: str) -> bool:
        return api_scope in self.scopes


@track(exclude=["secret_hash"])
class ApiToken(models.Model):
    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="tokens", verbose_name="客户端"
    )
    prefix = models.CharField("令牌前缀", max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField("签发时间", auto_now_add=True)
    expires_at = models.DateTimeField("到期时间")
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "接口令牌"

    def __str__(self) -> str:
        return f"{self.client} {self.prefix}…"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and not self.is_expired


class ApiCall(models.Model):
    """One row per request that reached the API (the client's, or none when not signed)."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, null=True, related_name="calls", verbose_name="客户端"
    )
    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField("时间", default=timezone.now)
    method = models.CharField("方法", max_length=10)
    path = models.CharField("地址", max_length=300)
    status = models.PositiveSmallIntegerField("状态码")
    duration_ms = models.PositiveIntegerField("耗时（毫秒）", default=0)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = verbose_name_plural = "接口调用记录"
        indexes = [models.Index(fields=["client", "-at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"


WEBHOOK_SECRET_PURPOSE = "api.webhook.secret"


@track(exclude=["secret_encrypted"])
class WebhookSubscription(models.Model):
    """A client's wish to be told of events (issue 15, item 5): POSTed to ``url``, signed with
    ``secret`` (shown once; kept AES-GCM encrypted like the personal data, since signing needs
    it back, and re-encrypted by the key rotation with everything else)."""

    client = models.ForeignKey(
        ApiClient, on_delete=models.CASCADE, related_name="webhooks", verbose_name="客户端"
    )
    url = models.URLField("接收地址", max_length=500)
    kinds = ArrayField(
        models.CharField(max_length=40, choices=event_kinds), default=list, verbose_name="事件"
    )
    secret_encrypted = EncryptedField("签名密钥", purpose=WEBHOOK_SECRET_PURPOSE)
    secret_hint = models.CharField("密钥后四位", max_length=8, editable=False)
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["client__name", "id"]
        verbose_name = verbose_name_plural = "事件推送订阅"

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"

    @property
    def kind_labels(self) -> list[str]:
        labels = dict(event_kinds())
        return [labels.get(kind, kind) for kind in self.kinds]


class WebhookDelivery(models.Model):
    """The outbox: one row per (subscription, event), written when the event's transaction has
    committed, sent by a Celery task and re-sent by the beat sweeper until delivered or failed.
    Not audited row by row (the row is itself the log); a manual re-send keeps who and when."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="订阅",
    )
    event_id = models.UUIDField("事件编号")
    kind = models.CharField("事件", max_length=40, choices=event_kinds)
    payload = models.JSONField("内容")
    created_at = models.DateTimeField("产生时间", default=timezone.now)
    status = models.CharField(
        "状态", max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次发送时间", null=True, blank=True)
    last_attempt_at = models.DateTimeField("最近发送时间", null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField("最近响应码", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=300, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    resent_at = models.DateTimeField("人工重发时间", null=True, blank=True)
    resent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "事件推送记录"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_id"], name="webhook_delivery_once_per_event"
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status=DeliveryStatus.PENDING),
                name="webhook_delivery_due",
            ),
            models.Index(fields=["subscription", "-created_at"], name="webhook_delivery_by_sub"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id}"
