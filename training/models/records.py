"""The training ledger (培训台账): who attended a session, for how many hours, with what result.

Plan task 6: 开展劳动力岗前培训和技能提升培训，并形成培训台账. One row per person per session.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from training.models.base import Entered
from training.models.sessions import HOURS
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class TrainingRecord(Entered):
    session = models.ForeignKey(
        "training.TrainingSession",
        on_delete=models.PROTECT,
        related_name="records",
        verbose_name="培训",
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="training_records",
        verbose_name="务工人员",
    )
    hours = models.DecimalField("培训学时", **HOURS)
    passed = models.BooleanField("考核合格", default=True)
    certificate_no = models.CharField("证书编号", max_length=50, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["session", "id"]
        verbose_name = verbose_name_plural = "培训台账"
        indexes = [models.Index(fields=["worker", "session"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "worker"],
                name="training_record_once_per_session",
                violation_error_message="同一人在同一期培训中只能登记一次",
            ),
            models.UniqueConstraint(
                fields=["certificate_no"],
                condition=~Q(certificate_no=""),
                name="training_record_certificate_unique",
                violation_error_message="该证书编号已登记在其他人员名下",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="training_record_hours_positive",
                violation_error_message="培训学时须大于零",
            ),
            models.CheckConstraint(
                condition=Q(passed=True) | Q(certificate_no=""),
                name="training_record_certificate_only_if_passed",
                violation_error_message="考核不合格的人员不能登记证书编号",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} · {self.session}"

    @property
    def result_label(self) -> str:
        return "合格" if self.passed else "不合格"
