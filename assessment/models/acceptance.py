"""Acceptance of a finished project (验收; art. 32, plan task 13).

Art. 32: 縣級發展改革部門應會同有關部門組成驗收工作組，重點對項目建設質量、群眾務工組織、
勞務報酬發放、就業技能培訓等落實情況開展驗收，并對項目發揮“賑”的作用效果進行評價。
"""

from django.conf import settings
from django.db import models

from assessment.choices import AcceptanceResult
from assessment.models.files import StoredFile, acceptance_document_path
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

# The art. 32 points the working group reports on, in the order of the article.
FINDING_FIELDS = (
    ("quality", "项目建设质量"),
    ("worker_organisation", "群众务工组织"),
    ("wage_payment", "劳务报酬发放"),
    ("training", "就业技能培训"),
    ("relief_effect", "发挥“赈”的作用效果"),
)


@track()
class Acceptance(models.Model):
    """One acceptance of a project by the working group; a failed one is kept, and the project
    is accepted again after rectification."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="acceptances",
        verbose_name="项目",
    )
    accepted_on = models.DateField("验收日期")
    group_leader = models.CharField("验收工作组组长", max_length=100)
    group_members = models.TextField(
        "验收工作组成员", help_text="每行一人：姓名、单位（如“李明 区水务局”）"
    )
    quality = models.TextField(FINDING_FIELDS[0][1])
    worker_organisation = models.TextField(FINDING_FIELDS[1][1])
    wage_payment = models.TextField(FINDING_FIELDS[2][1])
    training = models.TextField(FINDING_FIELDS[3][1])
    relief_effect = models.TextField(FINDING_FIELDS[4][1])
    result = models.CharField("验收结论", max_length=20, choices=AcceptanceResult.choices)
    conclusion = models.TextField("验收意见", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-accepted_on", "-id"]
        verbose_name = verbose_name_plural = "项目验收"

    def __str__(self) -> str:
        return f"{self.project.code} 验收（{self.accepted_on:%Y-%m-%d}）"

    @property
    def passed(self) -> bool:
        return self.result == AcceptanceResult.PASSED

    def findings(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in FINDING_FIELDS]

    @property
    def members(self) -> list[str]:
        return [line.strip() for line in self.group_members.splitlines() if line.strip()]


@track()
class AcceptanceDocument(StoredFile):
    acceptance = models.ForeignKey(
        Acceptance, on_delete=models.CASCADE, related_name="documents", verbose_name="验收"
    )
    file = models.FileField("文件", upload_to=acceptance_document_path, max_length=200)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["acceptance", "id"]
        verbose_name = verbose_name_plural = "验收文件"
