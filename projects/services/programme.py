"""The district office's settings per year: wage-share target, required documents (as data)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from projects import capabilities as caps
from projects.choices import DocumentKind, ProjectStatus, RequirementCondition
from projects.models import AtRiskCollective, DocumentRequirement, ProgrammeYear
from yiguoji.core import access
from yiguoji.core.audit import acting_as

S, K, C = ProjectStatus, DocumentKind, RequirementCondition

# What a new year starts with (plan tasks 2, 3, 8, 9; art. 31, 32, 41). The district office
# changes them per year on the settings page; until a year is set, these apply.
DEFAULT_REQUIREMENTS: tuple[tuple[str, str, str], ...] = (
    (S.REVIEWED, K.PROPOSAL, C.ALWAYS),
    (S.APPROVED, K.PRELIMINARY_DESIGN, C.ALWAYS),
    (S.APPROVED, K.APPROVAL, C.ALWAYS),
    (S.STARTED, K.TENDER_CONTRACT, C.NOT_SELF_BUILD),
    (S.STARTED, K.WAGE_PLEDGE, C.ALWAYS),
    (S.STARTED, K.WAGE_ACCOUNT, C.ABOVE_WAGE_ACCOUNT_THRESHOLD),
    (S.COMPLETED, K.COMPLETION, C.ALWAYS),
    (S.ACCEPTED, K.AUDIT, C.ALWAYS),
)
# The stages a document can be required for (the ones entered by a forward transition).
REQUIREMENT_STAGES = (S.REVIEWED, S.LISTED, S.APPROVED, S.STARTED, S.IN_PROGRESS, S.COMPLETED,
                      S.ACCEPTED, S.MAINTENANCE)  # fmt: skip


def programme_year_save(
    *,
    acting_user,
    year: int,
    wage_share_target: Decimal,
    wage_account_threshold: Decimal | None,
    notice_days: int,
    requirements: Iterable[tuple[str, str, str]] | None = None,
    funds_watch: dict | None = None,
    at_risk_collectives: Iterable | None = None,
    duplicate_distance_m: int | object | None = ...,
) -> ProgrammeYear:
    """Create or update a year's settings; ``requirements`` replaces the required documents
    (a new year without ``requirements`` starts from :data:`DEFAULT_REQUIREMENTS`)."""
    access.require(acting_user, caps.MANAGE_SETTINGS)
    if not Decimal("0") <= Decimal(wage_share_target) <= Decimal("1"):
        raise ValidationError({"wage_share_target": "比例目标须在 0 到 100% 之间"})
    watch = _funds_watch(funds_watch)
    if duplicate_distance_m is not ...:
        # art. 18: how close two sites of the same kind of work must be to be shown as possibly
        # the same work (None: sites are not compared).
        if duplicate_distance_m is not None and not 0 <= int(duplicate_distance_m) <= 100000:
            raise ValidationError({"duplicate_distance_m": "距离须在 0 到 100000 米之间"})
        watch["duplicate_distance_m"] = duplicate_distance_m
    with transaction.atomic(), acting_as(acting_user):
        programme, created = ProgrammeYear.objects.select_for_update().get_or_create(
            year=year,
            defaults={
                "wage_share_target": wage_share_target,
                "wage_account_threshold": wage_account_threshold,
                "notice_days": notice_days,
                "updated_by": acting_user,
                **watch,
            },
        )
        if not created:
            programme.wage_share_target = wage_share_target
            programme.wage_account_threshold = wage_account_threshold
            programme.notice_days = notice_days
            for name, value in watch.items():
                setattr(programme, name, value)
            programme.updated_by = acting_user
            programme.save()
        if at_risk_collectives is not None:
            _replace_at_risk(programme, at_risk_collectives)
        if requirements is None and created:
            requirements = DEFAULT_REQUIREMENTS
        if requirements is not None:
            _replace_requirements(programme, requirements)
    return programme


# safeguard (二), art. 21: the funds-watch thresholds (projects.funds.funds_warnings).
FUNDS_WATCH_FIELDS = ("idle_share", "idle_days", "lag_points", "ahead_points")


def _funds_watch(values: dict | None) -> dict:
    """The funds-watch thresholds to store (None: leave them as they are)."""
    if values is None:
        return {}
    unknown = set(values) - set(FUNDS_WATCH_FIELDS)
    if unknown:
        raise ValueError(f"unknown funds-watch settings: {sorted(unknown)}")
    share = values.get("idle_share")
    if share is not None and not Decimal("0") <= Decimal(share) <= Decimal("1"):
        raise ValidationError({"idle_share": "闲置资金预警比例须在 0 到 100% 之间"})
    for name in ("lag_points", "ahead_points"):
        points = values.get(name)
        if points is not None and not 0 <= int(points) <= 100:
            raise ValidationError({name: "百分点须在 0 到 100 之间"})
    return {name: values.get(name) for name in FUNDS_WATCH_FIELDS if name in values}


def _replace_at_risk(programme: ProgrammeYear, organisations: Iterable) -> None:
    """plan scope (三): the year's collectives at risk of falling back (存在“返薄”风险)."""
    from yiguoji.core.choices import OrgKind

    wanted = {}
    for organisation in organisations:
        if organisation.kind not in (OrgKind.COLLECTIVE, OrgKind.VILLAGE_COMMITTEE):
            raise ValidationError(
                {"at_risk_collectives": f"“{organisation.name}”不是村集体经济组织或村民委员会"}
            )
        wanted[organisation.pk] = organisation
    programme.at_risk_collectives.exclude(organisation_id__in=list(wanted)).delete()
    have = set(programme.at_risk_collectives.values_list("organisation_id", flat=True))
    AtRiskCollective.objects.bulk_create(
        AtRiskCollective(programme_year=programme, organisation=organisation)
        for pk, organisation in wanted.items()
        if pk not in have
    )


def _replace_requirements(programme: ProgrammeYear, wanted: Iterable[tuple[str, str, str]]):
    wanted = {(stage, kind): condition for stage, kind, condition in wanted}
    for stage, _kind in wanted:
        if stage not in REQUIREMENT_STAGES:
            raise ValidationError(f"“{ProjectStatus(stage).label}”不是可设置所需文件的阶段")
    existing = {(r.stage, r.kind): r for r in programme.requirements.all()}
    for key, row in existing.items():
        if key not in wanted:
            row.delete()
        elif row.condition != wanted[key]:
            row.condition = wanted[key]
            row.save(update_fields=["condition"])
    DocumentRequirement.objects.bulk_create(
        DocumentRequirement(programme_year=programme, stage=stage, kind=kind, condition=condition)
        for (stage, kind), condition in wanted.items()
        if (stage, kind) not in existing
    )
