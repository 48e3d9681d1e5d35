"""The work-relief project (以工代赈项目) and where it is built."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q

from projects.choices import Category, ProjectStatus, WorkSegment
from yiguoji.core.audit import track
from yiguoji.core.choices import Sector
from yiguoji.core.querysets import ScopedQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal("0"))]}


class ProjectQuerySet(ScopedQuerySet):
    def in_year(self, year: int):
        return self.filter(year=year)


@track()
class Project(models.Model):
    """One work-relief project, from reserve pool to maintenance (art. 22-32; plan tasks 1-3, 8).

    Art. 9 names what a planned project states: category, name, content and scale, period,
    total investment and sources, performance targets.
    """

    code = models.CharField(
        "项目编号", max_length=30, unique=True, help_text="如 YQ-2026-017，保存时自动生成"
    )
    name = models.CharField("项目名称", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    category = models.CharField("项目类别", max_length=30, choices=Category.choices)
    sector = models.CharField("行业领域", max_length=30, choices=Sector.choices)
    segments = ArrayField(
        models.CharField(max_length=20, choices=WorkSegment.choices),
        default=list,
        blank=True,
        verbose_name="用工环节",
    )
    owner = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_projects",
        verbose_name="项目单位",
    )
    department = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_projects",
        verbose_name="行业主管部门",
        help_text="负责批复和监管的行业主管部门",
    )
    contractor = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contracted_projects",
        verbose_name="施工单位",
    )
    # art. 25: a village committee or collective as owner builds "by the villagers themselves";
    # a collective may organise the local labour (plan task 4).
    collective = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_projects",
        verbose_name="组织务工的村集体经济组织",
    )
    self_build = models.BooleanField("村民自建", default=False, help_text="第二十五条")
    tender_exempt = models.BooleanField(
        "不进行招标", default=False, help_text="第二十六条、第三十六条：以工代赈项目可以不进行招标"
    )
    tender_exempt_basis = models.CharField("不招标依据", max_length=200, blank=True)
    # art. 27: 明确工程责任单位和责任人，确保施工安全和工程质量符合相关要求.
    quality_unit = models.CharField(
        "工程质量责任单位", max_length=100, blank=True, help_text="第二十七条：工程责任单位"
    )
    quality_person = models.CharField(
        "工程质量责任人", max_length=50, blank=True, help_text="第二十七条：工程责任人"
    )
    # art. 18: special funds go to new or continuing projects, never twice to the same work.
    continues = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="continued_by",
        verbose_name="续建的前期项目",
        help_text="第十八条：续建项目填写前期项目；同一建设内容不得重复安排",
    )
    townships = models.ManyToManyField(
        "core.Township",
        through="ProjectTownship",
        related_name="projects",
        verbose_name="所在乡镇",
    )
    villages = models.ManyToManyField(
        "core.Village",
        through="ProjectVillage",
        related_name="projects",
        blank=True,
        verbose_name="所在村",
    )
    location = models.CharField("建设地点", max_length=200, blank=True)
    # Where the works are (issue 16 item 4; projects.services.site): WGS 84, as phones report.
    site_latitude = models.DecimalField(
        "工地位置（纬度）", max_digits=9, decimal_places=6, null=True, blank=True
    )
    site_longitude = models.DecimalField(
        "工地位置（经度）", max_digits=9, decimal_places=6, null=True, blank=True
    )
    site_shape = models.JSONField(
        "线路或范围", null=True, blank=True, help_text="GeoJSON LineString 或 Polygon"
    )
    content_and_scale = models.TextField("建设内容及规模")
    work_relief_tasks = models.TextField(
        "以工代赈建设任务", blank=True, help_text="重点任务2：能够实施以工代赈的建设任务"
    )
    social_benefit = models.TextField(
        "社会效益评价",
        blank=True,
        help_text="重点任务2：带动当地群众就业增收、技能提升等预期成效",
    )
    performance_targets = models.TextField("绩效目标", blank=True, help_text="第九条")
    planned_start = models.DateField("计划开工", null=True, blank=True)
    planned_end = models.DateField("计划完工", null=True, blank=True)
    total_investment = models.DecimalField("总投资（元）", default=Decimal("0"), **MONEY)
    planned_wage_total = models.DecimalField(
        "计划发放劳务报酬（元）", default=Decimal("0"), **MONEY
    )
    planned_local_jobs = models.PositiveIntegerField("计划带动当地群众务工（人）", default=0)
    status = models.CharField(
        "状态", max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.RESERVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="填报人",
    )
    created_at = models.DateTimeField("填报时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = verbose_name_plural = "项目"
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["sector"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="project_period_ordered",
                violation_error_message="计划完工日期不能早于计划开工日期",
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0) & Q(planned_wage_total__gte=0),
                name="project_money_not_negative",
                violation_error_message="金额不能为负数",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


@track()
class ProjectTownship(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, verbose_name="项目")
    township = models.ForeignKey(
        "core.Township", on_delete=models.PROTECT, related_name="+", verbose_name="乡镇（街道）"
    )

    class Meta:
        verbose_name = verbose_name_plural = "项目所在乡镇"
        constraints = [
            models.UniqueConstraint(fields=["project", "township"], name="project_township_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.township_id}"


@track()
class ProjectVillage(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, verbose_name="项目")
    village = models.ForeignKey(
        "core.Village", on_delete=models.PROTECT, related_name="+", verbose_name="村"
    )

    class Meta:
        verbose_name = verbose_name_plural = "项目所在村"
        constraints = [
            models.UniqueConstraint(fields=["project", "village"], name="project_village_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_id}:{self.village_id}"
