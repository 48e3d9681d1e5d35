"""Township annual summaries and case studies (年度总结、典型案例; plan task 5)."""

from django.conf import settings
from django.db import models

from assessment.choices import SummaryStatus
from assessment.models.files import summary_photo_path
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

# The text sections of the summary, in the order the printed document has them.
SECTIONS = (
    ("policy", "一、以工代赈政策落实情况"),
    ("implementation", "二、项目实施情况"),
    ("employment", "三、带动当地群众就业增收成效"),
    ("training", "四、技能培训和“零工变长工”情况"),
    ("problems", "五、存在的问题"),
    ("plans", "六、下一步工作打算"),
)


@track()
class AnnualSummary(models.Model):
    """A township's summary of the year: figures from the data, its own words, photos.

    ``figures`` is empty while the township writes (the page shows live figures) and is fixed
    when it submits, so the printed summary says what was true when it was signed off.
    """

    township = models.ForeignKey(
        "core.Township",
        on_delete=models.PROTECT,
        related_name="annual_summaries",
        verbose_name="乡镇（街道）",
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=20, choices=SummaryStatus.choices, default=SummaryStatus.DRAFT
    )
    policy = models.TextField(SECTIONS[0][1], blank=True)
    implementation = models.TextField(SECTIONS[1][1], blank=True)
    employment = models.TextField(SECTIONS[2][1], blank=True)
    training = models.TextField(SECTIONS[3][1], blank=True)
    problems = models.TextField(SECTIONS[4][1], blank=True)
    plans = models.TextField(SECTIONS[5][1], blank=True)
    figures = models.JSONField("提交时的数据", default=dict, blank=True, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交人",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    return_comment = models.TextField("退回意见", blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="填写人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "township__code"]
        verbose_name = verbose_name_plural = "年度总结"
        constraints = [
            models.UniqueConstraint(fields=["township", "year"], name="summary_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.township.name}{self.year}年以工代赈工作总结"

    def sections(self) -> list[tuple[str, str, str]]:
        """(field, heading, text) in print order."""
        return [(name, heading, getattr(self, name)) for name, heading in SECTIONS]


@track()
class SummaryPhoto(models.Model):
    summary = models.ForeignKey(
        AnnualSummary, on_delete=models.CASCADE, related_name="photos", verbose_name="年度总结"
    )
    image = models.FileField("照片", upload_to=summary_photo_path, max_length=200)
    name = models.CharField("文件名", max_length=200)
    caption = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["summary", "uploaded_at", "id"]
        verbose_name = verbose_name_plural = "年度总结照片"

    def __str__(self) -> str:
        return self.caption or self.name


@track()
class CaseStudy(models.Model):
    """典型案例: a township's story of one project or practice (plan task 5; 保障措施（四）)."""

    township = models.ForeignKey(
        "core.Township",
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name="乡镇（街道）",
    )
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("案例标题", max_length=200)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="case_studies",
        verbose_name="相关项目",
    )
    background = models.TextField("基本情况")
    practice = models.TextField("主要做法")
    results = models.TextField("取得成效")
    photo = models.FileField("照片", upload_to=summary_photo_path, max_length=200, blank=True)
    photo_name = models.CharField("照片文件名", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="撰写人",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "township__code", "id"]
        verbose_name = verbose_name_plural = "典型案例"

    def __str__(self) -> str:
        return self.title
