"""In-portal notifications (reminders shown on the home page; e-mailed when configured)."""

from django.conf import settings
from django.db import models

from yiguoji.core.querysets import ScopedQuerySet


class Notification(models.Model):
    class Level(models.TextChoices):
        INFO = "info", "提示"
        WARNING = "warning", "提醒"
        DANGER = "danger", "紧急"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    level = models.CharField(max_length=10, choices=Level.choices, default=Level.INFO)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    # Who sends a reminder twice sends nothing twice: the key is unique per recipient.
    key = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "通知"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once")
        ]

    def __str__(self) -> str:
        return self.title
