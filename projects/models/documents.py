"""Project documents (要件) and the public notices posted for a project (art. 31)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from projects.choices import DocumentKind, NoticeKind
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


def document_path(instance, filename: str) -> str:
    """Stored under a random name: the original name is kept in the row, never in the path."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"projects/documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


class DocumentQuerySet(ScopedQuerySet):
    def current(self):
        return self.filter(voided_at__isnull=True)


@track()
class ProjectDocument(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name="项目",
    )
    kind = models.CharField("文件类型", max_length=30, choices=DocumentKind.choices)
    title = models.CharField("文件名称", max_length=200)
    number = models.CharField("文号", max_length=100, blank=True)
    issued_on = models.DateField("印发（签署）日期", null=True, blank=True)
    key_terms = models.TextField(
        "文件载明的以工代赈内容",
        blank=True,
        help_text="批复、初步设计、招标文件/合同须摘录相关条款（重点任务2、3，第四十一条）",
    )
    file = models.FileField("文件", upload_to=document_path, max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）")
    content_type = models.CharField("文件格式", max_length=100)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)
    voided_at = models.DateTimeField("作废时间", null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="作废人",
    )
    void_reason = models.CharField("作废原因", max_length=200, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["project", "kind", "-uploaded_at"]
        verbose_name = verbose_name_plural = "项目文件"
        indexes = [models.Index(fields=["project", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.voided_at is None


@track()
class PublicNotice(models.Model):
    """A notice the project unit posted (art. 31): when, where, until when."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name="项目",
    )
    kind = models.CharField("公示类型", max_length=20, choices=NoticeKind.choices)
    posted_on = models.DateField("公示日期")
    posted_until = models.DateField("公示截止", null=True, blank=True)
    location = models.CharField("公示地点", max_length=200)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "kind", "-posted_on"]
        verbose_name = verbose_name_plural = "项目公示"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.posted_on}"
