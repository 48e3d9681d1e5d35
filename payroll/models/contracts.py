"""Labour contracts (劳务合同): a worker hired on a project into one of its positions.

National measures art. 29: the owner makes the contractor sign labour contracts (agreements) with
the workers; plan task 4: real-name management of contracts, registers and attendance. Art. 25:
a collective or labour cooperative may organise the local labour, and then it is the employer.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from payroll.choices import ContractStatus
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


def contract_scan_path(instance, filename: str) -> str:
    """Unguessable names; files are only ever served through a scope-checked view."""
    suffix = PurePath(filename).suffix.lower()
    return f"payroll/contracts/{timezone.localdate():%Y}/{uuid.uuid4().hex}{suffix}"


@track()
class LabourContract(models.Model):
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="labour_contracts",
        verbose_name="务工人员",
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="labour_contracts",
        verbose_name="项目",
    )
    position = models.ForeignKey(
        "projects.Position",
        on_delete=models.PROTECT,
        related_name="labour_contracts",
        verbose_name="就业岗位",
    )
    employer = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="用工单位",
        help_text="与务工人员签订劳务合同的单位：施工单位、项目单位，"
        "或组织务工的村集体经济组织/劳务合作社（第二十五条）",
    )
    daily_wage = models.DecimalField("日劳务报酬标准（元）", max_digits=8, decimal_places=2)
    starts_on = models.DateField("合同开始日期")
    ends_on = models.DateField("合同结束日期")
    signed_on = models.DateField("签订日期", null=True, blank=True)
    scan = models.FileField("合同扫描件", upload_to=contract_scan_path, blank=True)
    scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ContractStatus.choices, default=ContractStatus.ACTIVE
    )
    ended_on = models.DateField("解除日期", null=True, blank=True)
    ranking = models.CharField(
        "招用依据", max_length=200, blank=True, help_text="招用时的排序说明，如“同村 · 脱贫人口”"
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

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "position", "worker__name"]
        verbose_name = verbose_name_plural = "劳务合同"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="contract_period_ordered",
                violation_error_message="合同结束日期不能早于开始日期",
            ),
            models.UniqueConstraint(
                fields=["worker", "project"],
                condition=Q(status=ContractStatus.ACTIVE),
                name="contract_one_active_per_project",
                violation_error_message="该务工人员已在本项目在岗",
            ),
        ]
        indexes = [models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.worker} · {self.project.code if self.project_id else ''}"

    @property
    def last_day(self):
        """The last day the worker may work under this contract."""
        return self.ended_on if self.ended_on else self.ends_on

    @property
    def is_signed(self) -> bool:
        return bool(self.signed_on and self.scan)
