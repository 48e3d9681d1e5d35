"""Users: each belongs to one organisation and holds one role (domain.md)."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedUserManager
from yiguoji.core.roles import DISTRICT_WIDE, ROLE_ORG_KINDS, roles


@track(exclude=["password", "last_login"])
class User(AbstractUser):
    full_name = models.CharField("姓名", max_length=50, blank=True)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="所属单位",
    )
    role = models.CharField("角色", max_length=30, choices=roles, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)

    objects = ScopedUserManager()

    class Meta:
        ordering = ["organisation__name", "username"]
        verbose_name = verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.get_full_name()

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @property
    def is_service_account(self) -> bool:
        """The user behind an API client (``yiguoji.api``, reverse ``api_client``): it acts by
        its token only and never signs in to the pages with a password (issue 15)."""
        if self.pk is None:
            return False
        try:
            return self.api_client is not None
        except (ObjectDoesNotExist, AttributeError):  # no client, or the API app not installed
            return False

    @property
    def is_district_wide(self) -> bool:
        return self.is_superuser or self.role in DISTRICT_WIDE

    @property
    def township_id(self) -> int | None:
        return self.organisation.township_id if self.organisation_id else None

    def clean(self):
        super().clean()
        if self.is_superuser and not self.role:
            return
        if not self.role:
            raise ValidationError({"role": "请选择角色"})
        if not self.organisation_id:
            raise ValidationError({"organisation": "请选择所属单位"})
        allowed = ROLE_ORG_KINDS[self.role]
        if self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "role": f"“{self.organisation.get_kind_display()}”类单位的用户不能担任"
                    f"“{self.get_role_display()}”角色"
                }
            )
