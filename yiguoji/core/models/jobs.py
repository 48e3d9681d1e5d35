"""Background jobs: a row that Celery tasks update, shown with live progress bars."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from yiguoji.core.querysets import ScopedQuerySet


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class Job(models.Model):
    kind = models.CharField("类型", max_length=64)
    title = models.CharField("名称", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField("进度", default=0)
    message = models.CharField("当前步骤", max_length=200, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)
    result_file = models.FileField("结果文件", upload_to="jobs/%Y/%m/", blank=True)
    result_name = models.CharField("结果文件名", max_length=200, blank=True)
    summary = models.TextField("结果", blank=True)
    error = models.TextField("错误", blank=True)
    attempts = models.PositiveSmallIntegerField("执行次数", default=0)
    # Set when the message reached the broker; empty while the broker was unreachable (the
    # sweeper sends it when the broker is back, yiguoji.core.services.jobs.jobs_sweep).
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    # Written every JOB_HEARTBEAT_SECONDS by the process running the job: a running job whose
    # heartbeat stopped lost its worker and is retried or failed by the sweeper.
    heartbeat_at = models.DateTimeField("最近心跳", null=True, blank=True)
    worker = models.CharField("执行进程", max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name="发起人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "后台任务"
        indexes = [
            models.Index(fields=["created_by", "-created_at"]),
            # The sweeper reads the few active jobs every half minute.
            models.Index(
                fields=["status"],
                condition=models.Q(status__in=["queued", "running"]),
                name="core_job_active",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)

    @property
    def stalled_reason(self) -> str:
        """Why an active job cannot move until the sweeper or the broker acts ("" if it can)."""
        if self.status == JobStatus.QUEUED and self.sent_at is None:
            return "消息服务暂时不可用，任务已保存，恢复后将自动开始，无需重复提交"
        if self.status == JobStatus.RUNNING:
            last_sign = self.heartbeat_at or self.started_at
            stale = timezone.now() - timedelta(seconds=settings.JOB_STALE_SECONDS)
            if last_sign is not None and last_sign < stale:
                return "后台进程无响应，系统将自动重试或结束该任务"
        return ""

    @property
    def is_moving(self) -> bool:
        """Active and not stalled: worth watching second by second."""
        return self.is_active and not self.stalled_reason
