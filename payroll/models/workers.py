"""The real-name register (实名制): one record per person, district-wide (plan task 4)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from payroll import identity
from payroll.choices import PriorityGroup, Sex
from yiguoji.core.audit import track
from yiguoji.core.crypto import BlindIndexField, EncryptedField
from yiguoji.core.querysets import ScopedQuerySet


def local_rural(prefix: str = "") -> Q:
    """The workers 惠及当地农民 counts (plan task 10): home in the district (not 外地务工人员,
    art. 45) and not registered as urban low-income (城镇低收入/就业困难, plan scope). ``prefix``
    is the path to the worker, e.g. ``"worker__"``."""
    return Q(**{f"{prefix}from_elsewhere": False}) & ~Q(
        **{f"{prefix}priority_groups__contains": [PriorityGroup.URBAN_HARDSHIP]}
    )


@track()
class Worker(models.Model):
    """A person who may work on work-relief projects; the resident ID number is the identity.

    The ID and bank card numbers are stored encrypted (``yiguoji.core.crypto``); the unique blind
    index makes a second record for the same person impossible at the database level. Lists show
    the masked forms; the full numbers are revealed one at a time through
    ``payroll.services.reveals``, which logs each reveal.
    """

    name = models.CharField("姓名", max_length=50)
    id_number_encrypted = EncryptedField(
        "公民身份号码", purpose=identity.ID_PURPOSE, blind_index="id_index"
    )
    id_index = BlindIndexField(unique=True)
    id_masked = models.CharField("公民身份号码", max_length=18)
    birth_date = models.DateField("出生日期")
    sex = models.CharField("性别", max_length=1, choices=Sex.choices)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    bank_card_encrypted = EncryptedField(
        "银行卡号", purpose=identity.CARD_PURPOSE, blind_index="bank_card_index", null=True
    )
    bank_card_index = BlindIndexField(null=True, db_index=True)
    bank_card_masked = models.CharField("银行卡号", max_length=19, blank=True)
    bank = models.CharField("开户银行", max_length=60, blank=True)
    township = models.ForeignKey(
        "core.Township",
        on_delete=models.PROTECT,
        related_name="workers",
        verbose_name="乡镇（街道）",
    )
    village = models.ForeignKey(
        "core.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name="村（社区）",
    )
    # art. 45: key projects may hire workers from central and western provinces; they are
    # registered here with their home county and counted apart from local rural workers.
    from_elsewhere = models.BooleanField(
        "外地务工人员",
        default=False,
        help_text="户籍在本区以外（第四十五条：重点工程项目可吸纳中西部省份务工人员），"
        "与本地农村劳动力分开统计；乡镇（街道）填其在本区务工登记地",
    )
    home_province = models.CharField("户籍所在省份", max_length=20, blank=True)
    home_county = models.CharField("户籍所在县（市、区）", max_length=40, blank=True)
    priority_groups = ArrayField(
        models.CharField(max_length=20, choices=PriorityGroup.choices),
        default=list,
        blank=True,
        verbose_name="优先群体",
    )
    skills = ArrayField(
        models.CharField(max_length=20), default=list, blank=True, verbose_name="技能"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    registered_by = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记单位",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
    )
    created_at = models.DateTimeField("登记时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["township__code", "village__name", "name"]
        verbose_name = verbose_name_plural = "务工人员"
        indexes = [
            models.Index(fields=["township", "village"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def age(self) -> int:
        return identity.age_on(self.birth_date, timezone.localdate())

    def age_on(self, day) -> int:
        return identity.age_on(self.birth_date, day)

    def set_id_number(self, number: str) -> None:
        for name, value in identity.id_columns(number).items():
            setattr(self, name, value)

    def set_bank_card(self, number: str | None) -> None:
        for name, value in identity.card_columns(number).items():
            setattr(self, name, value)

    @property
    def priority_group_labels(self) -> list[str]:
        labels = dict(PriorityGroup.choices)
        return [labels.get(code, code) for code in self.priority_groups]

    @property
    def place(self) -> str:
        here = f"{self.township.name}{self.village.name if self.village_id else ''}"
        if self.from_elsewhere:
            return f"{self.home_province}{self.home_county}（外地，在{here}务工）"
        return here

    @property
    def is_local_rural(self) -> bool:
        """惠及当地农民 (plan task 10): home in the district, not registered as an urban person."""
        return not self.from_elsewhere and PriorityGroup.URBAN_HARDSHIP not in self.priority_groups
