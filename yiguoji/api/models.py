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

from yiguoji.api.choices import api_scopes
from yiguoji.core.audit import track
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
