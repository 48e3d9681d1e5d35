"""The district, its townships (乡镇/街道) and villages (村).

Loaded from the district's own data files (manage.py load_district).
"""

from django.db import models

from yiguoji.core.audit import track
from yiguoji.core.choices import TownshipKind
from yiguoji.core.querysets import ScopedQuerySet
from yiguoji.core.terms import Terms


class DistrictQuerySet(models.QuerySet):
    def current(self) -> "District":
        """The district this portal serves (there is exactly one row once data is loaded)."""
        return self.get()


@track()
class District(models.Model):
    """The district that runs this portal; every other district loads its own row from a file."""

    name = models.CharField("区县", max_length=50)
    full_name = models.CharField("全称", max_length=100)
    project_code_prefix = models.CharField(
        "项目编号前缀", max_length=10, help_text="如 YQ，项目编号为 YQ-2026-017"
    )
    lead_office = models.CharField("以工代赈主管部门", max_length=100)
    complaint_hotline = models.CharField("监督举报电话", max_length=50, blank=True)
    # The district's own words (yiguoji.core.terms): 区 / 县 / 旗, and the short names of the
    # bodies the plan names (区发展改革委 or 县发展改革局 ...), from its data file.
    level = models.CharField("区划称谓", max_length=2, default="县", help_text="区、县、旗或市")
    development_office = models.CharField(
        "发展改革部门简称", max_length=30, default="县级发展改革部门", help_text="如 区发展改革委"
    )
    labour_bureau = models.CharField(
        "人力社保部门简称", max_length=30, default="县级人力社保部门", help_text="如 区人力社保局"
    )
    finance_bureau = models.CharField(
        "财政部门简称", max_length=30, default="县级财政部门", help_text="如 区财政局"
    )
    singleton = models.BooleanField(default=True, unique=True, editable=False)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "区县"

    def __str__(self) -> str:
        return self.full_name

    @property
    def terms(self) -> Terms:
        return Terms(
            name=self.name,
            full_name=self.full_name,
            level=self.level,
            office=self.development_office,
            labour_bureau=self.labour_bureau,
            finance_bureau=self.finance_bureau,
        )


@track()
class Township(models.Model):
    name = models.CharField("乡镇（街道）", max_length=50, unique=True)
    kind = models.CharField("类型", max_length=20, choices=TownshipKind.choices)
    code = models.CharField("编码", max_length=20, unique=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = verbose_name_plural = "乡镇（街道）"

    def __str__(self) -> str:
        return self.name


@track()
class Village(models.Model):
    township = models.ForeignKey(
        Township, on_delete=models.PROTECT, related_name="villages", verbose_name="乡镇（街道）"
    )
    name = models.CharField("村", max_length=50)
    code = models.CharField("编码", max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["township__code", "name"]
        verbose_name = verbose_name_plural = "村"
        constraints = [
            models.UniqueConstraint(fields=["township", "name"], name="village_unique_in_township")
        ]

    def __str__(self) -> str:
        return f"{self.township.name}{self.name}"
