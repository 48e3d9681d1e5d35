"""What every entered training row records: who entered it and when."""

from django.conf import settings
from django.db import models


class Entered(models.Model):
    """Who entered a row and when (sessions, ledger rows, conversions)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        abstract = True
