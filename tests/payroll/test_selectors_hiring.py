"""The hiring order (national measures art. 28) and how each rank is explained."""

import datetime as dt

import pytest

from payroll.choices import ContractStatus, PriorityGroup
from payroll.selectors.hiring import explain, position_skill_words, ranked_candidates
from projects.choices import ProjectStatus
from tests.factories import TownshipFactory, VillageFactory
from tests.payroll.factories import LabourContractFactory, SurveyResponseFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory

pytestmark = pytest.mark.django_db

LIFTED = PriorityGroup.LIFTED_OUT_OF_POVERTY


@pytest.fixture
def position(places):
    """A dry-stone position on a project in 八达岭镇, village 岔道村, April to September."""
    project = ProjectFactory(
        townships=[places["chadao"].township], status=ProjectStatus.IN_PROGRESS
    )
    project.villages.set([places["chadao"]])
    return PositionFactory(
        project=project,
        title="砌石工",
        skills="砌石、勾缝",
        start_date=dt.date(2026, 4, 1),
        end_date=dt.date(2026, 9, 30),
    )


def person(name, village, *, groups=(), skills=(), months=range(3, 11), willing=True):
    worker = WorkerFactory(
        name=name,
        township=village.township,
        village=village,
        priority_groups=list(groups),
        skills=list(skills),
    )
    SurveyResponseFactory(worker=worker, willing=willing, available_months=list(months))
    return worker


def test_local_first_then_priority_groups_then_availability_then_skills(position, places):
    elsewhere = VillageFactory(township=TownshipFactory(name="四海镇", code="12"), name="四海村")
    expected = [
        person("同村优先有技能", places["chadao"], groups=[LIFTED], skills=["砌石"]),
        person("同村优先", places["chadao"], groups=[LIFTED]),
        person("同村", places["chadao"]),
        person("同镇优先两项", places["shixia"], groups=[LIFTED, PriorityGroup.MONITORED]),
        person("同镇优先", places["shixia"], groups=[LIFTED], months=[1, 2]),
        person("同镇能来有技能", places["shixia"], skills=["砌石"]),
        person("同镇能来", places["shixia"]),
        person("同镇冬季", places["shixia"], months=[11, 12]),
        person("外镇优先", elsewhere, groups=[PriorityGroup.DISASTER_RELIEF]),
        person("外镇", elsewhere),
        person("外乡镇张山营", places["xiwuli"]),
    ]
    person("不愿务工", places["chadao"], groups=[LIFTED], willing=False)
    WorkerFactory(name="未调查", township=places["chadao"].township, village=places["chadao"])
    ranked = list(ranked_candidates(position))
    assert [w.name for w in ranked[:8]] == [w.name for w in expected[:8]]
    assert {w.name for w in ranked[8:]} == {"外镇优先", "外镇", "外乡镇张山营"}
    assert ranked[8].name == "外镇优先"


def test_people_already_on_the_project_are_not_candidates(position, places):
    hired = person("已在岗", places["chadao"])
    LabourContractFactory(position=position, worker=hired)
    left = person("已解除", places["chadao"])
    LabourContractFactory(position=position, worker=left, status=ContractStatus.ENDED)
    assert [w.name for w in ranked_candidates(position)] == ["已解除"]


def test_the_latest_survey_answer_counts(position, places):
    worker = person("改变主意", places["chadao"], willing=True)
    SurveyResponseFactory(
        worker=worker,
        willing=False,
        round__name="2026年秋季调查",
        round__starts_on=dt.date(2026, 9, 1),
        round__ends_on=dt.date(2026, 9, 30),
    )
    assert list(ranked_candidates(position)) == []


def test_each_rank_is_explained_in_words(position, places):
    person("甲", places["chadao"], groups=[LIFTED], skills=["砌石", "木工"], months=[3, 4, 5])
    person("乙", places["shixia"], months=[11])
    first, second = ranked_candidates(position)
    assert str(explain(first, position)) == "同村 · 脱贫人口 · 4-5月可务工 · 有砌石技能"
    assert str(explain(second, position)) == "同乡镇"


def test_busy_elsewhere_is_shown(position, places):
    worker = person("另一项目在岗", places["chadao"])
    LabourContractFactory(worker=worker)  # another project, same period by default
    (candidate,) = ranked_candidates(position)
    assert candidate.busy_elsewhere


def test_position_skill_words(position):
    assert position_skill_words(position) == ["砌石", "勾缝"]
