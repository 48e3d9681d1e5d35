"""Every full reveal of a protected number (resident ID, bank card) is logged here."""

from django.conf import settings
from django.db import models

from yiguoji.core.querysets import ScopedQuerySet


class RevealLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="查看人"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    model = models.CharField("对象类型", max_length=100)
    object_id = models.CharField("对象", max_length=64)
    object_repr = models.CharField("对象名称", max_length=200)
    field = models.CharField("字段", max_length=50)
    purpose = models.CharField("用途", max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = "敏感信息查看记录"
        indexes = [models.Index(fields=["model", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user} 查看 {self.object_repr} {self.field}"
