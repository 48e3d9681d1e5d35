"""The county's recognition of a rural-infrastructure project (national measures ch. 5).

Art. 35: 縣級發展改革部門應牽頭統籌協調縣域范圍內農業農村基礎設施建設領域推廣以工代賑方式工作……
建立縣級推廣以工代賑方式項目儲備庫. Art. 36: 縣級發展改革部門會同相關部門負責……項目的認定工作,
提請縣級人民政府審定后,納入縣級推廣以工代賑方式項目儲備庫管理,符合條件的項目可通過安排以工代賑專項
資金予以支持.

One record per project: the recognition (date, the recognising office, the departments it
worked with, its opinion) and then the county (district) government's approval (date, document
number, the scan of the document, kept as a project document).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class Recognition(models.Model):
    project = models.OneToOneField(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="recognition",
        verbose_name="项目",
    )
    recognised_on = models.DateField("认定日期")
    recognised_by = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="认定单位",
        help_text="县级发展改革部门（第三十六条）",
    )
    departments = models.ManyToManyField(
        "core.Organisation",
        through="RecognitionDepartment",
        related_name="+",
        verbose_name="会同认定的相关部门",
    )
    opinion = models.TextField("认定意见")
    # 提请县级人民政府审定 (art. 36): the government's decision, its number and the scan.
    approved_on = models.DateField("审定日期", null=True, blank=True)
    approval_number = models.CharField("审定文号", max_length=100, blank=True)
    approval_document = models.ForeignKey(
        "projects.ProjectDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审定文件（扫描件）",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审定登记人",
    )
    approval_recorded_at = models.DateTimeField("审定登记时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "农业农村基础设施项目认定"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(approved_on__isnull=True)
                    & Q(approval_number="")
                    & Q(approval_document__isnull=True)
                )
                | (
                    Q(approved_on__isnull=False)
                    & ~Q(approval_number="")
                    & Q(approval_document__isnull=False)
                ),
                name="recognition_approval_complete",
                violation_error_message="审定须同时登记审定日期、文号和文件扫描件（第三十六条）",
            ),
            models.CheckConstraint(
                condition=Q(approved_on__isnull=True)
                | Q(approved_on__gte=models.F("recognised_on")),
                name="recognition_approved_after",
                violation_error_message="审定日期不能早于认定日期",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} 认定"

    @property
    def approved(self) -> bool:
        return self.approved_on is not None


@track()
class RecognitionDepartment(models.Model):
    """A department the office recognised the project together with (会同相关部门)."""

    recognition = models.ForeignKey(Recognition, on_delete=models.CASCADE, verbose_name="认定")
    department = models.ForeignKey(
        "core.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name="相关部门"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会同认定的相关部门"
        constraints = [
            models.UniqueConstraint(
                fields=["recognition", "department"], name="recognition_department_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recognition_id}:{self.department_id}"
