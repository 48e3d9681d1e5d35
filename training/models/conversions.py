"""Long-term conversions (零工变长工): a worker who built a project taken into a lasting post.

Plan task 6: 结合项目建成后运行管护的用工要求，开展储备性技能培训，具备条件的情况下优先吸纳参与
工程建设的劳动力，推动“零工”变“长工”.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from training.choices import ConversionKind
from training.models.base import Entered
from training.models.files import evidence_path
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class Conversion(Entered):
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="conversions",
        verbose_name="务工人员",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="conversions",
        verbose_name="参与建设的项目",
    )
    kind = models.CharField("去向类型", max_length=20, choices=ConversionKind.choices)
    position = models.ForeignKey(
        "projects.Position",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conversions",
        verbose_name="管护岗位",
        help_text="项目后期管护环节的就业岗位（如有）",
    )
    converted_on = models.DateField("上岗日期")
    employer = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="用工单位",
    )
    employer_name = models.CharField(
        "用工单位名称", max_length=100, blank=True, help_text="用工单位不在平台单位名录中时填写"
    )
    post = models.CharField("岗位", max_length=100)
    evidence = models.FileField("证明材料", upload_to=evidence_path)
    evidence_name = models.CharField("证明材料文件名", max_length=200)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-converted_on", "-id"]
        verbose_name = verbose_name_plural = "零工变长工"
        indexes = [models.Index(fields=["converted_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "project"],
                name="conversion_once_per_project",
                violation_error_message="该务工人员从本项目转为长期岗位已登记",
            ),
            models.CheckConstraint(
                condition=Q(employer__isnull=False) | ~Q(employer_name=""),
                name="conversion_has_employer",
                violation_error_message="请选择或填写用工单位",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.post}"

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name
