"""What happens to a project: transitions, the art. 24 review checklist, change requests."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from projects.choices import ChangeStatus, ProjectStatus
from yiguoji.core.audit import track
from yiguoji.core.querysets import ScopedQuerySet


@track()
class ProjectTransition(models.Model):
    """One step of a project's lifecycle: who moved it, when, from where to where, and why."""

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name="项目",
    )
    action = models.CharField("操作", max_length=30)
    from_status = models.CharField("原状态", max_length=20, choices=ProjectStatus.choices)
    to_status = models.CharField("新状态", max_length=20, choices=ProjectStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    actor_organisation = models.CharField("操作单位", max_length=100, blank=True)
    at = models.DateTimeField("时间", default=timezone.now)
    reason = models.TextField("说明")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "at", "id"]
        verbose_name = verbose_name_plural = "项目状态变更"
        indexes = [models.Index(fields=["project", "at"])]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


@track()
class ProjectReview(models.Model):
    """前期审查清单 (art. 24): labour demand, wage feasibility, fund compliance; and art. 20's
    fiscal capacity, funding plan and local-government debt risk."""

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, related_name="review", verbose_name="项目"
    )
    labour_demand_ok = models.BooleanField("用工需求符合要求", default=False)
    labour_demand_note = models.TextField("用工需求审查意见", blank=True)
    wage_feasibility_ok = models.BooleanField("劳务报酬发放可行", default=False)
    wage_feasibility_note = models.TextField("劳务报酬发放可行性审查意见", blank=True)
    fund_compliance_ok = models.BooleanField("资金投向合规", default=False)
    fund_compliance_note = models.TextField("资金投向合规性审查意见", blank=True)
    # art. 20: 充分评估论证财政承受能力和资金筹措方案，防范地方政府债务风险.
    fiscal_capacity_ok = models.BooleanField("财政承受能力和债务风险已评估论证", default=False)
    fiscal_capacity_note = models.TextField("财政承受能力和债务风险审查意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审查人",
    )
    reviewed_at = models.DateTimeField("审查时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "前期审查清单"

    def __str__(self) -> str:
        return f"{self.project_id} 前期审查"


@track()
class ChangeRequest(models.Model):
    """变更申请 (art. 11): content or scale changes after the plan is issued need approval.

    The proposed values are kept next to the values they replace, whatever the decision.
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name="项目",
    )
    status = models.CharField(
        "状态", max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    reason = models.TextField("变更理由")
    content_and_scale = models.TextField("变更后建设内容及规模")
    total_investment = models.DecimalField(
        "变更后总投资（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    planned_wage_total = models.DecimalField(
        "变更后计划发放劳务报酬（元）",
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    planned_local_jobs = models.PositiveIntegerField("变更后计划带动务工（人）")
    planned_start = models.DateField("变更后计划开工", null=True, blank=True)
    planned_end = models.DateField("变更后计划完工", null=True, blank=True)
    # [{"source": "central_budget", "amount": "600000.00", "is_special_fund": true, "note": ""}]
    funding = models.JSONField("变更后资金来源", default=list)
    previous = models.JSONField("变更前内容", default=dict, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = verbose_name_plural = "项目变更申请"
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(status=ChangeStatus.PENDING),
                name="change_request_one_pending",
                violation_error_message="该项目已有待审批的变更申请",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id} 变更申请（{self.get_status_display()}）"
