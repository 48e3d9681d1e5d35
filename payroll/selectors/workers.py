"""Reading the register: scoped lists and one person's page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q

from payroll.choices import ContractStatus
from payroll.models import LabourContract, SurveyResponse, Worker
from yiguoji import scope


def workers_for(user, action: str = scope.VIEW):
    """The register as ``user`` may see it, with what the list shows (no decryption)."""
    return (
        scope.restrict(Worker.objects.all(), user, action)
        .select_related("township", "village")
        .annotate(
            active_contracts=Count(
                "labour_contracts", filter=Q(labour_contracts__status=ContractStatus.ACTIVE)
            )
        )
        .order_by("township__code", "village__name", "name", "pk")
    )


def worker_detail(user, pk: int) -> Worker:
    """One person with their contracts and survey answers, each list scoped for ``user``."""
    contracts = scope.restrict(LabourContract.objects.all(), user).select_related(
        "project", "position", "employer"
    )
    responses = scope.restrict(SurveyResponse.objects.all(), user).select_related("round")
    queryset = Worker.objects.select_related(
        "township", "village", "registered_by"
    ).prefetch_related(
        Prefetch("labour_contracts", queryset=contracts.order_by("-starts_on")),
        Prefetch("survey_responses", queryset=responses.order_by("-round__starts_on")),
    )
    return scope.get_object_or_404(queryset, user, pk=pk)
