"""Organisations: the district bodies, townships, project units, contractors and collectives."""

from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from stdnum.cn import uscc

from yiguoji.core.audit import track
from yiguoji.core.choices import OrgKind, Sector, org_kinds
from yiguoji.core.querysets import ScopedQuerySet


def validate_credit_code(value: str) -> None:
    """统一社会信用代码 (GB 32100-2015), checked with python-stdnum."""
    if value and not uscc.is_valid(value):
        raise ValidationError("统一社会信用代码无效（长度或校验码错误）")


@track()
class Organisation(models.Model):
    name = models.CharField("单位名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("单位类型", max_length=30, choices=org_kinds)
    township = models.ForeignKey(
        "core.Township",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="所在乡镇",
    )
    village = models.ForeignKey(
        "core.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="所在村",
    )
    sectors = ArrayField(
        models.CharField(max_length=30, choices=Sector.choices),
        default=list,
        blank=True,
        verbose_name="主管行业",
        help_text="行业主管部门负责的行业领域",
    )
    credit_code = models.CharField(
        "统一社会信用代码", max_length=18, blank=True, validators=[validate_credit_code]
    )
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    is_active = models.BooleanField("启用", default=True)
    # One auth group per organisation carries its django-guardian object grants (yiguoji.scope).
    group = models.OneToOneField(
        Group, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = verbose_name_plural = "单位"

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if self.village_id and self.township_id and self.village.township_id != self.township_id:
            raise ValidationError({"village": "所选村不属于该乡镇"})
        if self.kind == OrgKind.TOWNSHIP and not self.township_id:
            raise ValidationError({"township": "乡镇政府须指定所在乡镇"})
