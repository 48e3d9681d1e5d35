"""What the district has published on the public project pages (art. 25, 31).

A project appears on the public pages only once the district office publishes it, and leaves
them when it is withdrawn from publication; every publication is kept. Whether workers' masked
names and amounts are shown at all is one district setting (``PublicSettings``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class Publication(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="publication",
        verbose_name="项目",
    )
    published = models.BooleanField("已发布", default=True)
    published_at = models.DateTimeField("发布时间", default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name="发布人",
    )
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撤下人",
    )
    withdraw_reason = models.CharField("撤下原因", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "项目公开发布"

    def __str__(self) -> str:
        return f"{self.project_id} {'已发布' if self.published else '已撤下'}"


@track()
class PublicSettings(models.Model):
    """The district's choices for the public pages (one row)."""

    show_worker_pay = models.BooleanField(
        "公开务工人员劳务报酬",
        default=False,
        help_text="勾选后，项目公开页面列出每位务工人员的脱敏姓名（如“张**”）、务工天数和已发放金额；"
        "不勾选则只公开合计",
    )
    singleton = models.BooleanField(default=True, unique=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="设置人",
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "公开页面设置"

    def __str__(self) -> str:
        return "公开页面设置"

    @classmethod
    def current(cls) -> "PublicSettings":
        return cls.objects.filter(singleton=True).first() or cls()
