"""Each restore drill: a backup set restored into a scratch database and checked (issue 17)."""

from django.db import models

from yiguoji.core.querysets import ScopedQuerySet


class RestoreDrill(models.Model):
    at = models.DateTimeField("演练时间", auto_now_add=True)
    backup_name = models.CharField("备份集", max_length=100)
    passed = models.BooleanField("通过")
    seconds = models.DecimalField("用时（秒）", max_digits=9, decimal_places=1, default=0)
    detail = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at"]
        verbose_name = verbose_name_plural = "恢复演练"

    def __str__(self) -> str:
        return f"恢复演练 {self.backup_name} {'通过' if self.passed else '未通过'}"
