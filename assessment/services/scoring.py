"""Year-end scoring (实绩考核; plan task 10): compute, publish (which freezes), appeal.

``scores_compute`` scores every township and project unit of a year against the year's rules
(``ScoringRule``; one function per kind in ``assessment.services.scoring_rules``). A rule loses
``points`` per occurrence and never more than its ``weight``; a sheet's total is the sum of its
deduction rules' scores, plus what bonus rules added (safeguard (三): 对成效显著的乡镇……予以
倾斜), plus points restored by upheld appeals. Computing twice with the same data writes
nothing the second time. Once the district office publishes a year, nothing of it is computed
again and its rules cannot change; a scored organisation may then appeal with a reason, and the
district office's decision may restore points.

Who is scored: every township government (乡镇人民政府/街道办事处 with its township), every
organisation owning a project on the year's annual list, and every organisation that forecast.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from assessment import capabilities as caps
from assessment.choices import AppealStatus
from assessment.models import Appeal, AssessmentYear, Forecast, ScoreLine, ScoreSheet, ScoringRule
from assessment.selectors.actuals import is_township
from assessment.services.common import clean_text
from assessment.services.scoring_rules import RULES, scoring_facts
from assessment.services.settings import full_marks
from projects.models import Project
from projects.selectors import ON_LIST
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind
from yiguoji.core.models import Organisation

ZERO = Decimal("0")
LOCK_NAMESPACE = 7_202_602


class ScoresFrozen(ValidationError):
    def __init__(self, year: int):
        super().__init__(f"{year}年度考核结果已发布并冻结，不再重新计算")


def scored_organisations(year: int) -> list[Organisation]:
    owners = Project.objects.filter(year=year, status__in=ON_LIST).values("owner_id")
    forecasters = Forecast.objects.filter(year=year).values("organisation_id")
    return list(
        Organisation.objects.filter(
            Q(kind=OrgKind.TOWNSHIP, township__isnull=False, is_active=True)
            | Q(pk__in=owners)
            | Q(pk__in=forecasters)
        ).order_by("kind", "name")
    )


@dataclass
class ScoreResult:
    year: int
    sheets: int = 0
    changed: int = 0
    removed: int = 0

    def __str__(self) -> str:
        return (
            f"{self.year}年度考核：{self.sheets} 个考核对象，{self.changed} 个得分有变化，"
            f"移除 {self.removed} 个"
        )


def _line_values(rule: ScoringRule, outcome) -> dict:
    """A deduction rule scores its weight less what it lost; a bonus rule (safeguard (三):
    予以倾斜) scores what it added, both capped by the weight."""
    moved = min(rule.weight, outcome.occurrences * rule.points)
    lost, gained = (ZERO, moved) if rule.adds_points else (moved, ZERO)
    return {
        "occurrences": outcome.occurrences,
        "lost": lost,
        "gained": gained,
        "score": gained if rule.adds_points else rule.weight - lost,
        "detail": outcome.detail,
        "evidence": outcome.evidence,
    }


def scores_compute(*, year: int, acting_user=None, today: dt.date | None = None) -> ScoreResult:
    """Score the year (see the module's docstring). As the system (the January job) or as the
    district office (on demand)."""
    if acting_user is not None:
        access.require(acting_user, caps.MANAGE_SCORING)
    result = ScoreResult(year)
    with transaction.atomic(), acting_as(acting_user, via="assessment.scores"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, year])
        settings = AssessmentYear.objects.filter(year=year).first()
        if settings is not None and settings.is_published:
            raise ScoresFrozen(year)
        rules = list(ScoringRule.objects.filter(year=year))
        if not rules:
            raise ValidationError(f"尚未设置{year}年度考核指标，请先在“考核指标”中设置")
        organisations = scored_organisations(year)
        facts = scoring_facts(year, organisations, today=today)
        existing = {
            sheet.organisation_id: sheet
            for sheet in ScoreSheet.objects.filter(year=year).prefetch_related("lines")
        }
        now = timezone.now()
        for organisation in organisations:
            township = is_township(organisation)
            mine = [rule for rule in rules if rule.applies(township)]
            values = {rule.pk: _line_values(rule, RULES[rule.kind](rule, organisation, facts))
                      for rule in mine}  # fmt: skip
            full = full_marks(mine)
            deducted = sum((v["lost"] for v in values.values()), ZERO)
            added = sum((v["gained"] for v in values.values()), ZERO)
            sheet = existing.pop(organisation.pk, None)
            if _write(sheet, organisation, year, township, (full, deducted, added), values, now):
                result.changed += 1
        result.sheets = len(organisations)
        for sheet in existing.values():
            sheet.lines.all().delete()
            sheet.delete()
            result.removed += 1
    return result


def _write(sheet, organisation, year, township, marks, values, now) -> bool:
    """Create or bring ``sheet`` up to date; False when it already said all this. ``marks``:
    (full marks, points lost, points added)."""
    full, deducted, added = marks
    if sheet is None:
        sheet = ScoreSheet(year=year, organisation=organisation, restored=ZERO)
    else:
        lines = {line.rule_id: line for line in sheet.lines.all()}
        same_lines = lines.keys() == values.keys() and all(
            all(getattr(lines[rule_id], name) == value for name, value in v.items())
            for rule_id, v in values.items()
        )
        if (
            same_lines
            and sheet.full_marks == full
            and sheet.deducted == deducted
            and sheet.added == added
            and sheet.is_township == township
        ):
            return False
    sheet.is_township = township
    sheet.full_marks, sheet.deducted, sheet.added = full, deducted, added
    sheet.total = full - deducted + added + sheet.restored
    sheet.computed_at = now
    sheet.save()
    sheet.lines.all().delete()
    ScoreLine.objects.bulk_create(
        ScoreLine(sheet=sheet, rule_id=rule_id, **v) for rule_id, v in values.items()
    )
    return True


def scores_publish(*, acting_user, year: int) -> AssessmentYear:
    """Publish (and freeze) the year's results."""
    access.require(acting_user, caps.MANAGE_SCORING)
    with transaction.atomic(), acting_as(acting_user):
        settings = AssessmentYear.objects.select_for_update().filter(year=year).first()
        if settings is None:
            raise ValidationError(f"尚未设置{year}年度考核参数")
        if settings.is_published:
            raise ScoresFrozen(year)
        if not ScoreSheet.objects.filter(year=year).exists():
            raise ValidationError(f"{year}年度尚未计算考核得分，请先计算")
        settings.published_at = timezone.now()
        settings.published_by = acting_user
        settings.save(update_fields=["published_at", "published_by"])
    return settings


def appeal_file(
    *, acting_user, sheet: ScoreSheet, reason: str, line: ScoreLine | None = None
) -> Appeal:
    access.require(acting_user, caps.APPEAL)
    if sheet.organisation_id != acting_user.organisation_id:
        raise PermissionDenied("只能对本单位的考核结果提出申诉")
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": "请写明申诉理由和依据"})
    if line is not None and line.sheet_id != sheet.pk:
        raise ValidationError({"line": "所选指标不属于该考核结果"})
    with transaction.atomic(), acting_as(acting_user):
        settings = AssessmentYear.objects.filter(year=sheet.year).first()
        if settings is None or not settings.is_published:
            raise ValidationError("考核结果尚未发布，发布后方可申诉")
        if Appeal.objects.filter(sheet=sheet, status=AppealStatus.PENDING).exists():
            raise ValidationError("该考核结果已有待处理的申诉，请等待处理结果")
        return Appeal.objects.create(sheet=sheet, line=line, reason=reason, filed_by=acting_user)


def appeal_decide(
    *,
    acting_user,
    appeal: Appeal,
    upheld: bool,
    decision: str,
    points_restored: Decimal = ZERO,
) -> Appeal:
    """The district office's decision; an upheld appeal restores points to the sheet's total
    (never more than were lost)."""
    access.require(acting_user, caps.MANAGE_SCORING)
    decision = clean_text(decision)
    if not decision:
        raise ValidationError({"decision": "请填写处理意见"})
    points_restored = points_restored if upheld else ZERO
    with transaction.atomic(), acting_as(acting_user):
        locked = (
            Appeal.objects.select_for_update(of=("self",)).select_related("line").get(pk=appeal.pk)
        )
        if locked.status != AppealStatus.PENDING:
            raise ValidationError("该申诉已处理")
        sheet = ScoreSheet.objects.select_for_update().get(pk=locked.sheet_id)
        if upheld:
            limit = locked.line.lost if locked.line else sheet.deducted
            limit -= sum(
                (a.points_restored for a in sheet.appeals.filter(status=AppealStatus.UPHELD)
                 if locked.line is None or a.line_id == locked.line_id),
                ZERO,
            )  # fmt: skip
            if points_restored <= 0 or points_restored > limit:
                raise ValidationError(
                    {"points_restored": f"申诉成立须恢复分值，且不超过被扣的 {limit} 分"}
                )
        locked.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        locked.decision = decision
        locked.points_restored = points_restored
        locked.decided_by = acting_user
        locked.decided_at = timezone.now()
        locked.save()
        if upheld:
            sheet.restored += points_restored
            sheet.total += points_restored
            sheet.save(update_fields=["restored", "total"])
    return locked
