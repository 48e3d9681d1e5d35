"""Complaints (投诉举报): one register for every channel (domain.md, "The public side").

Art. 25 gives villagers the right to know, take part and supervise; art. 31 requires the notices
to carry a supervision hotline and "主动接受社会监督"; art. 32 refuses acceptance while wages are
owed. A complaint arrives from the public project page, from a worker's self-service page, from
a worker's answer to a confirmation round, as an objection to a notice, or is entered by staff
for a hotline call, letter, visit or referral. Each goes to the organisation responsible for its
kind on its project (``ComplaintRule.handler``), with deadlines per kind (acknowledge, answer,
close) frozen on the complaint when it is received; overdue ones are escalated to the district
office; the complainant is told of every step and confirms the answer or asks for it to be
handled again.

Lives in ``projects`` (below ``payroll`` and ``assessment``), because the public pages, the
worker self-service and acceptance and scoring all write or read it; the link to a worker is a
foreign key by name, so ``projects`` imports nothing of ``payroll``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from projects.choices import (
    OPEN_COMPLAINT,
    WAGE_KINDS,
    ComplaintAction,
    ComplaintChannel,
    ComplaintClosing,
    ComplaintHandler,
    ComplaintKind,
    ComplaintStatus,
    OverdueStage,
)
from yiguoji.core.audit import track
from yiguoji.core.crypto import EncryptedField
from yiguoji.core.querysets import ScopedQuerySet

PHONE_PURPOSE = "projects.complaint.phone"
DAYS = [MinValueValidator(1), MaxValueValidator(365)]

# The defaults a new district starts from (calendar days from receipt). Wage complaints are the
# most urgent: plan task 9 wants arrears "坚决杜绝", so they are acknowledged the next day.
DEFAULT_RULES = {
    ComplaintKind.WAGE_ARREARS: (ComplaintHandler.OWNER, 1, 5, 15, 7, False),
    ComplaintKind.WRONG_AMOUNT: (ComplaintHandler.OWNER, 2, 7, 15, 7, False),
    ComplaintKind.NOT_HIRED: (ComplaintHandler.TOWNSHIP, 3, 15, 30, 7, True),
    ComplaintKind.FUND_MISUSE: (ComplaintHandler.DEPARTMENT, 3, 15, 30, 7, True),
    ComplaintKind.QUALITY: (ComplaintHandler.DEPARTMENT, 3, 15, 30, 7, True),
    ComplaintKind.OTHER: (ComplaintHandler.DISTRICT, 3, 15, 30, 7, True),
}
RULE_FIELDS = (
    "handler",
    "acknowledge_days",
    "answer_days",
    "close_days",
    "confirm_days",
    "anonymous_allowed",
)


@track()
class ComplaintRule(models.Model):
    """Who handles a kind of complaint and in how many days (set by the district office)."""

    kind = models.CharField("投诉类型", max_length=20, choices=ComplaintKind.choices, unique=True)
    handler = models.CharField("办理单位", max_length=20, choices=ComplaintHandler.choices)
    acknowledge_days = models.PositiveSmallIntegerField("受理时限（天）", validators=DAYS)
    answer_days = models.PositiveSmallIntegerField("答复时限（天）", validators=DAYS)
    close_days = models.PositiveSmallIntegerField("办结时限（天）", validators=DAYS)
    confirm_days = models.PositiveSmallIntegerField(
        "确认期限（天）",
        validators=DAYS,
        help_text="答复后投诉人在此期限内未确认或要求重办的，自动办结",
    )
    anonymous_allowed = models.BooleanField(
        "可匿名",
        default=True,
        help_text="关于本人劳务报酬的投诉须留姓名和手机号，答复和补发才能送达本人",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="设置人",
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["kind"]
        verbose_name = verbose_name_plural = "投诉办理时限"
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_days__lte=F("answer_days"))
                & Q(answer_days__lte=F("close_days")),
                name="complaint_rule_days_ordered",
                violation_error_message="时限应为：受理不晚于答复，答复不晚于办结",
            )
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @classmethod
    def default(cls, kind: str) -> ComplaintRule:
        """The built-in rule of ``kind`` (used when the district has not stored one)."""
        return cls(kind=kind, **dict(zip(RULE_FIELDS, DEFAULT_RULES[kind], strict=True)))


class ComplaintQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status__in=OPEN_COMPLAINT)

    def blocking_acceptance(self):
        """Open complaints about wages (art. 32: acceptance checks 劳务报酬发放)."""
        return self.open().filter(kind__in=WAGE_KINDS)

    def escalated(self):
        return self.open().filter(escalated_at__isnull=False)


@track()
class Complaint(models.Model):
    number = models.CharField("投诉编号", max_length=20, unique=True)
    kind = models.CharField("投诉类型", max_length=20, choices=ComplaintKind.choices)
    channel = models.CharField("来源渠道", max_length=20, choices=ComplaintChannel.choices)
    status = models.CharField(
        "状态", max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="项目",
    )
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name="务工人员",
        help_text="务工人员本人通过自助查询或务工确认提出时",
    )
    month = models.DateField("涉及月份", null=True, blank=True, help_text="当月1日")
    handler = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="handled_complaints",
        verbose_name="办理单位",
    )
    anonymous = models.BooleanField("匿名", default=False)
    complainant = models.CharField("投诉人姓名", max_length=50, blank=True)
    phone_encrypted = EncryptedField("投诉人手机号", purpose=PHONE_PURPOSE, null=True)
    phone_masked = models.CharField("投诉人手机号", max_length=20, blank=True)
    content = models.TextField("投诉内容")
    tracking_hash = models.CharField("查询码（摘要）", max_length=64, editable=False)

    received_at = models.DateTimeField("收到时间", default=timezone.now)
    acknowledge_by = models.DateTimeField("受理期限")
    answer_by = models.DateTimeField("答复期限")
    close_by = models.DateTimeField("办结期限")
    acknowledged_at = models.DateTimeField("受理时间", null=True, blank=True)
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)
    confirm_by = models.DateTimeField("确认期限", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_how = models.CharField(
        "办结方式", max_length=20, choices=ComplaintClosing.choices, blank=True
    )
    answer = models.TextField("答复意见", blank=True)
    substantiated = models.BooleanField("经核查属实", null=True, blank=True)
    satisfied = models.BooleanField("投诉人满意", null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField("重新办理次数", default=0)
    escalated_at = models.DateTimeField("升级督办时间", null=True, blank=True)
    escalated_stage = models.CharField(
        "升级原因", max_length=20, choices=OverdueStage.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="登记人",
        help_text="群众通过公开页面或自助查询提交的为空",
    )
    legacy_id = models.PositiveBigIntegerField(
        "原登记簿编号", null=True, blank=True, unique=True, editable=False
    )

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = verbose_name_plural = "投诉举报"
        indexes = [
            models.Index(fields=["project", "status"]),
            models.Index(fields=["handler", "status"]),
            models.Index(fields=["status", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(anonymous=False)
                | Q(complainant="", phone_masked="", worker__isnull=True),
                name="complaint_anonymous_is_anonymous",
                violation_error_message="匿名投诉不登记投诉人姓名、手机号和务工人员",
            ),
            models.CheckConstraint(
                condition=~Q(status=ComplaintStatus.CLOSED)
                | Q(closed_at__isnull=False) & ~Q(closed_how=""),
                name="complaint_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(status=ComplaintStatus.RECEIVED) | Q(acknowledged_at__isnull=False),
                name="complaint_acknowledged_has_time",
            ),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__day=1),
                name="complaint_month_first_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMPLAINT

    @property
    def is_wage(self) -> bool:
        return self.kind in WAGE_KINDS

    @property
    def complainant_display(self) -> str:
        return "匿名" if self.anonymous else (self.complainant or "未留姓名")

    def overdue_stage(self, now: dt.datetime | None = None) -> str:
        """The stage whose deadline has passed (the earliest), or "" when none has."""
        now = now or timezone.now()
        if not self.is_open:
            return ""
        if self.status == ComplaintStatus.RECEIVED and now > self.acknowledge_by:
            return OverdueStage.ACKNOWLEDGE
        if self.status == ComplaintStatus.PROCESSING and now > self.answer_by:
            return OverdueStage.ANSWER
        if now > self.close_by and self.status != ComplaintStatus.ANSWERED:
            return OverdueStage.CLOSE
        return ""

    @property
    def overdue(self) -> str:
        return self.overdue_stage()

    def next_deadline(self) -> dt.datetime | None:
        """The deadline of the step the complaint waits for."""
        return {
            ComplaintStatus.RECEIVED: self.acknowledge_by,
            ComplaintStatus.PROCESSING: self.answer_by,
            ComplaintStatus.ANSWERED: self.confirm_by,
        }.get(self.status)


@track()
class ComplaintStep(models.Model):
    """One step of a complaint: who did what, when, and what the complainant was told."""

    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="steps", verbose_name="投诉"
    )
    action = models.CharField("办理环节", max_length=20, choices=ComplaintAction.choices)
    at = models.DateTimeField("时间", default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办理人",
    )
    by_complainant = models.BooleanField("投诉人本人", default=False)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="办理单位",
    )
    message = models.TextField("告知投诉人", blank=True)
    note = models.TextField("内部记录", blank=True)
    # Set when the complainant's SMS for this step was sent (claimed atomically, sent once).
    notified_at = models.DateTimeField("短信告知时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["complaint", "at", "pk"]
        verbose_name = verbose_name_plural = "投诉办理记录"

    def __str__(self) -> str:
        return f"{self.complaint_id} {self.get_action_display()}"
