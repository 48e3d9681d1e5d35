"""Worker self-service (plan task 9: wages confirmed by the workers themselves; art. 25).

A worker signs in with the resident ID number, the phone registered with the township and a
one-time code sent by SMS (``CodeChallenge``: the code is stored only as a keyed hash, expires,
is used once, allows a few attempts). The sign-in is a ``WorkerSession`` of its own, short and
apart from staff sessions. Every page and action is a ``SelfServiceLog`` row. Per month a
worker says "已收到" or "没收到 / 金额不对" (``PayConfirmation``; a dispute opens a complaint).

Before acceptance the district asks a sample of a project's workers to confirm the days and pay
on record (``ConfirmationRound`` / ``ConfirmationRequest``, art. 32); answers and silence are
shown on the acceptance page, and a "no" opens a complaint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet

MONEY = {"max_digits": 14, "decimal_places": 2}


class CodeChallenge(models.Model):
    """One request for a sign-in code. ``worker`` is empty when the ID and phone did not match
    a registered worker: the row is written all the same, so that the answer and the work done
    are the same whether or not the person exists (no enumeration)."""

    token_hash = models.CharField(max_length=64, unique=True)
    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    id_digest = models.CharField(max_length=32, db_index=True)
    phone_digest = models.CharField(max_length=32)
    address_digest = models.CharField(max_length=32)
    code_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "自助查询验证码"
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"验证码申请 {self.pk}"


class WorkerSession(models.Model):
    """A worker's signed-in visit: a random cookie whose hash is stored here, ending after a few
    idle minutes or a fixed total, whichever comes first, or when the worker signs out."""

    token_hash = models.CharField(max_length=64, unique=True)
    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.CASCADE, related_name="self_service_sessions"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    address_digest = models.CharField(max_length=32)
    flash = models.CharField(max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "自助查询会话"

    def __str__(self) -> str:
        return f"自助查询会话 {self.pk}"


class SelfServiceAction(models.TextChoices):
    CODE_REQUESTED = "code_requested", "申请验证码"
    CODE_FAILED = "code_failed", "验证码错误或过期"
    SIGNED_IN = "signed_in", "登录"
    VIEWED = "viewed", "查看劳务报酬"
    CONFIRMED = "confirmed", "确认已收到"
    DISPUTED = "disputed", "反映没收到或金额不对"
    ROUND_ANSWERED = "round_answered", "答复务工确认"
    SIGNED_OUT = "signed_out", "退出"


class SelfServiceLog(models.Model):
    """Every self-service page and action: who (the worker, once known), when, from which
    address (as a keyed digest), what."""

    at = models.DateTimeField("时间", default=timezone.now)
    action = models.CharField("操作", max_length=20, choices=SelfServiceAction.choices)
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="self_service_log",
        verbose_name="务工人员",
    )
    session = models.ForeignKey(
        WorkerSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address_digest = models.CharField("来源（摘要）", max_length=32)
    detail = models.CharField("说明", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = verbose_name_plural = "自助查询记录"
        indexes = [models.Index(fields=["worker", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class PayAnswer(models.TextChoices):
    RECEIVED = "received", "已收到"
    DISPUTED = "disputed", "没收到或金额不对"


@track()
class PayConfirmation(models.Model):
    """A worker's own word on one month's pay on one project."""

    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.PROTECT, related_name="pay_confirmations"
    )
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="pay_confirmations"
    )
    month = models.DateField("月份")
    answer = models.CharField("答复", max_length=10, choices=PayAnswer.choices)
    paid_seen = models.DecimalField("当时显示的已发金额（元）", **MONEY)
    answered_at = models.DateTimeField("答复时间", default=timezone.now)
    complaint = models.ForeignKey(
        "projects.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="投诉",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "务工人员确认劳务报酬"
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "project", "month"], name="pay_confirmation_once"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="pay_confirmation_month"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m} {self.get_answer_display()}"


@track()
class ConfirmationRound(models.Model):
    """The district asks (a sample of) a project's workers to confirm their days and pay."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="confirmation_rounds",
        verbose_name="项目",
    )
    sample_size = models.PositiveIntegerField("抽样人数", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    started_at = models.DateTimeField("发起时间", default=timezone.now)
    answer_by = models.DateTimeField("答复期限")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = verbose_name_plural = "务工确认回访"

    def __str__(self) -> str:
        return f"{self.project_id} {self.started_at:%Y-%m-%d}"


class RoundAnswer(models.TextChoices):
    YES = "yes", "属实"
    NO = "no", "不属实"


@track()
class ConfirmationRequest(models.Model):
    """One worker asked in a round, with the figures on record at that moment."""

    round = models.ForeignKey(
        ConfirmationRound, on_delete=models.CASCADE, related_name="requests", verbose_name="回访"
    )
    worker = models.ForeignKey(
        "payroll.Worker", on_delete=models.PROTECT, related_name="+", verbose_name="务工人员"
    )
    days = models.DecimalField("务工天数", max_digits=7, decimal_places=1)
    payable = models.DecimalField("应发（元）", **MONEY)
    paid = models.DecimalField("已发（元）", **MONEY)
    sent_at = models.DateTimeField("短信发送时间", null=True, blank=True)
    send_failed = models.CharField("未能发送的原因", max_length=100, blank=True)
    answer = models.CharField("答复", max_length=5, choices=RoundAnswer.choices, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    complaint = models.ForeignKey(
        "projects.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="投诉",
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["round", "pk"]
        verbose_name = verbose_name_plural = "务工确认回访对象"
        constraints = [
            models.UniqueConstraint(fields=["round", "worker"], name="confirmation_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.worker_id}"
