"""The ranked candidate list for a position (national measures art. 28).

Order: the project's own villages first, then its townships, then the rest of the district;
within each, members of a priority group first; then people available in the position's months,
then people whose skills match the position; then more priority groups, then name. Candidates
are the people whose latest survey answer says they are willing to work, not already working on
this project. Every rank is explained in words ("同村 · 脱贫人口 · 有砌石技能").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.text import format_lazy

from payroll.choices import COMMON_SKILLS, ContractStatus, PriorityGroup
from payroll.models import LabourContract, SurveyResponse, Worker
from payroll.models.surveys import months_text
from yiguoji.core.terms import term

LOCAL_VILLAGE, LOCAL_TOWNSHIP, DISTRICT = 0, 1, 2
LOCALITY_LABELS = {
    LOCAL_VILLAGE: "同村",
    LOCAL_TOWNSHIP: "同乡镇",
    DISTRICT: format_lazy("{}其他乡镇", term("within")),  # 区内 / 县内
}
_WORDS = re.compile(r"[、，,；;/\s和及或等]+")


def position_months(position) -> list[int]:
    """The calendar months the position runs in (April to September: [4, ..., 9])."""
    months, year, month = [], position.start_date.year, position.start_date.month
    while (year, month) <= (position.end_date.year, position.end_date.month) and len(months) < 12:
        months.append(month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return sorted(months)


def position_skill_words(position) -> list[str]:
    """Skill words the position asks for: common skills named in its title or requirements,
    and the short words of its requirements ("砌石、钢筋" -> 砌石, 钢筋)."""
    text = f"{position.title} {position.skills}"
    words = [skill for skill in COMMON_SKILLS if skill in text and skill != "普工"]
    words += [w for w in _WORDS.split(position.skills or "") if 1 < len(w) <= 6]
    return list(dict.fromkeys(words))


class Cardinality(Func):
    function = "cardinality"
    output_field = IntegerField()


def ranked_candidates(position):
    """Workers for ``position`` ranked by art. 28, annotated with the reasons of their rank."""
    project = position.project
    village_ids = list(project.villages.values_list("pk", flat=True))
    township_ids = list(project.townships.values_list("pk", flat=True))
    months = position_months(position)
    words = position_skill_words(position)
    latest = SurveyResponse.objects.filter(worker=OuterRef("pk")).order_by(
        "-round__starts_on", "-pk"
    )
    month_array = ArrayField(models.PositiveSmallIntegerField())
    word_array = ArrayField(models.CharField(max_length=20))
    active = LabourContract.objects.filter(worker=OuterRef("pk"), status=ContractStatus.ACTIVE)
    skill_match = (
        Q(skills__overlap=words) | Q(survey_skills__overlap=words) if words else Q(pk=None)
    )
    return (
        Worker.objects.select_related("township", "village")
        .annotate(
            willing=Subquery(latest.values("willing")[:1]),
            survey_months=Subquery(latest.values("available_months")[:1], output_field=month_array),
            survey_skills=Subquery(latest.values("skills")[:1], output_field=word_array),
            survey_level=Subquery(latest.values("skill_level")[:1]),
        )
        .filter(willing=True)
        .exclude(Exists(active.filter(project=project)))
        .annotate(
            locality=Case(
                When(village_id__in=village_ids, then=Value(LOCAL_VILLAGE)),
                When(township_id__in=township_ids, then=Value(LOCAL_TOWNSHIP)),
                default=Value(DISTRICT),
            ),
            in_priority=Case(When(priority_groups=[], then=Value(1)), default=Value(0)),
            available=Case(When(survey_months__overlap=months, then=Value(0)), default=Value(1)),
            skilled=Case(When(skill_match, then=Value(0)), default=Value(1)),
            group_count=Cardinality(F("priority_groups")),
            busy_elsewhere=Exists(
                active.exclude(project=project).filter(
                    starts_on__lte=position.end_date, ends_on__gte=position.start_date
                )
            ),
        )
        .order_by("locality", "in_priority", "available", "skilled", "-group_count", "name", "pk")
    )


@dataclass(frozen=True)
class Explanation:
    locality: str
    groups: list[str]
    months: str
    skills: list[str]

    def __str__(self) -> str:
        parts = [self.locality, *self.groups]
        if self.months:
            parts.append(f"{self.months}可务工")
        parts += [f"有{skill}技能" for skill in self.skills]
        return " · ".join(parts)


def explain(worker: Worker, position) -> Explanation:
    """Why ``worker`` (an item of :func:`ranked_candidates`) stands where it stands."""
    labels = dict(PriorityGroup.choices)
    words = set(position_skill_words(position))
    own = list(dict.fromkeys([*worker.skills, *(worker.survey_skills or [])]))
    wanted = set(position_months(position))
    months = [m for m in (worker.survey_months or []) if m in wanted]
    return Explanation(
        locality=str(LOCALITY_LABELS[worker.locality]),
        groups=[labels.get(code, code) for code in worker.priority_groups],
        months=months_text(months) if months else "",
        skills=[skill for skill in own if skill in words],
    )


def positions_of(project):
    """The project's positions with how many people are working in each now."""
    active = LabourContract.objects.filter(position=OuterRef("pk"), status=ContractStatus.ACTIVE)
    return (
        project.positions.annotate(
            hired=Coalesce(
                Subquery(active.values("position").annotate(n=Count("pk")).values("n")[:1]), 0
            )
        )
        .annotate(vacant=F("headcount") - F("hired"))
        .order_by("segment", "start_date", "pk")
    )


def hiring_projects_for(user):
    """Projects ``user`` may see that plan positions, with planned and hired headcounts."""
    from projects.models import Position
    from projects.scopes import visible_projects

    planned = (
        Position.objects.filter(project=OuterRef("pk"))
        .values("project")
        .annotate(n=Sum("headcount"))
        .values("n")[:1]
    )
    hired = (
        LabourContract.objects.filter(project=OuterRef("pk"), status=ContractStatus.ACTIVE)
        .values("project")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        visible_projects(user)
        .filter(Exists(Position.objects.filter(project=OuterRef("pk"))))
        .select_related("owner", "contractor")
        .annotate(planned=Coalesce(Subquery(planned), 0), hired=Coalesce(Subquery(hired), 0))
        .order_by("-year", "code")
    )
