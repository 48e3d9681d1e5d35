"""The labour survey (摸底调查): rounds run by the labour bureau, responses entered by townships.

Plan task 4: "区人力社保局根据项目岗位需求，开展劳动力就业意愿和技能水平摸底调查，建立工作台账，
并动态管理". A person answers once per round; answering again updates the answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from payroll import capabilities as caps
from payroll.choices import SkillLevel, SurveyStatus
from payroll.models import SurveyResponse, SurveyRound, Worker
from payroll.services.workers import clean_skills
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.roles import Role


@dataclass
class SurveyAnswer:
    willing: bool
    available_months: Sequence[int] = ()
    skills: Sequence[str] = ()
    skill_level: str = SkillLevel.NONE
    preferred_work: str = ""
    surveyed_on: dt.date | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def survey_round_create(
    *, acting_user, name: str, year: int, starts_on: dt.date, ends_on: dt.date, description=""
) -> SurveyRound:
    access.require(acting_user, caps.MANAGE_SURVEYS)
    if ends_on < starts_on:
        raise ValidationError({"ends_on": "截止日期不能早于开始日期"})
    with transaction.atomic(), acting_as(acting_user):
        survey_round = SurveyRound(
            name=name.strip(),
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            description=description.strip(),
            created_by=acting_user,
        )
        survey_round.full_clean()
        survey_round.save()
    return survey_round


def survey_round_close(*, acting_user, survey_round: SurveyRound) -> SurveyRound:
    access.require(acting_user, caps.MANAGE_SURVEYS)
    with transaction.atomic(), acting_as(acting_user):
        SurveyRound.objects.filter(pk=survey_round.pk).update(status=SurveyStatus.CLOSED)
    survey_round.status = SurveyStatus.CLOSED
    return survey_round


def response_township_id(acting_user, worker: Worker) -> int:
    """The township a response is filed under: the surveying township's own people only."""
    if acting_user is not None and acting_user.role == Role.TOWNSHIP:
        if worker.township_id != acting_user.township_id:
            raise ValidationError(
                f"{worker.name}登记在{worker.township.name}，请由该乡镇（街道）登记调查"
            )
        return acting_user.township_id
    return worker.township_id


def check_round_open(survey_round: SurveyRound) -> None:
    if not survey_round.is_open:
        raise ValidationError(f"“{survey_round.name}”已结束，不能再登记")


def check_answer(answer: SurveyAnswer, survey_round: SurveyRound) -> None:
    check_round_open(survey_round)
    if any(not 1 <= month <= 12 for month in answer.available_months):
        raise ValidationError({"available_months": "月份应为1至12"})
    if answer.surveyed_on and answer.surveyed_on > timezone.localdate():
        raise ValidationError({"surveyed_on": "调查日期不能晚于今天"})


def response_values(acting_user, answer: SurveyAnswer) -> dict:
    return {
        "willing": answer.willing,
        "available_months": sorted(set(answer.available_months)),
        "skills": clean_skills(answer.skills),
        "skill_level": answer.skill_level or SkillLevel.NONE,
        "preferred_work": answer.preferred_work.strip()[:100],
        "surveyed_on": answer.surveyed_on or timezone.localdate(),
        "note": answer.note.strip()[:200],
        "entered_by": acting_user,
    }


def survey_response_save(
    *, acting_user, survey_round: SurveyRound, worker: Worker, answer: SurveyAnswer
) -> SurveyResponse:
    """Record (or update) one person's answer in an open round."""
    access.require(acting_user, caps.ENTER_SURVEY)
    check_answer(answer, survey_round)
    township_id = response_township_id(acting_user, worker)
    with transaction.atomic(), acting_as(acting_user):
        response, _ = SurveyResponse.objects.update_or_create(
            round=survey_round,
            worker=worker,
            defaults={"township_id": township_id, **response_values(acting_user, answer)},
        )
        scope.ensure(acting_user, scope.CHANGE, response)
    return response


def survey_enter(
    *,
    acting_user,
    survey_round: SurveyRound,
    id_number: str,
    answer: SurveyAnswer,
    details=None,
) -> SurveyResponse:
    """One answer entered in the browser: the person is found by ID number, or registered from
    ``details`` when not yet in the register (one person, one record)."""
    from payroll.services.workers import worker_find, worker_register

    access.require(acting_user, caps.ENTER_SURVEY)
    check_answer(answer, survey_round)
    with transaction.atomic():
        worker = worker_find(id_number=id_number)
        if worker is None:
            if details is None:
                raise ValidationError("该人员不在务工人员名册中，请填写其基本信息")
            worker = worker_register(acting_user=acting_user, id_number=id_number, details=details)
        return survey_response_save(
            acting_user=acting_user, survey_round=survey_round, worker=worker, answer=answer
        )
