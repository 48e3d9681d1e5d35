"""Each rotation of the personal-data key (``manage.py rotate_personal_data_key``), audited."""

from django.db import models

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class KeyRotation(models.Model):
    """One rotation to ``target_version``: started, resumed after an interruption (the same row,
    ``runs`` counts the starts), finished. Which rows remain is read from the data itself (the
    version byte of every token and index), so a resumed run needs no cursor."""

    target_version = models.PositiveSmallIntegerField("新密钥版本")
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    started_by = models.CharField("执行人", max_length=150, blank=True)
    runs = models.PositiveSmallIntegerField("执行次数", default=1)
    rows_total = models.PositiveIntegerField("待重新加密的行", default=0)
    rows_done = models.PositiveIntegerField("已重新加密的行", default=0)
    per_table = models.JSONField("各表行数", default=dict)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = verbose_name_plural = "个人信息密钥轮换"
        constraints = [
            models.UniqueConstraint(
                fields=["target_version"],
                condition=models.Q(finished_at=None),
                name="one_open_rotation_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"密钥轮换至版本 {self.target_version}"
