"""The labour survey (plan task 4): answers entered one by one or imported by township."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from payroll.choices import SkillLevel, SurveyStatus
from payroll.importers.surveys import Months, SurveyImport
from payroll.models import SurveyResponse, Worker
from payroll.services.surveys import SurveyAnswer, survey_enter, survey_round_create
from payroll.services.workers import PersonDetails
from tests.payroll.factories import SurveyRoundFactory, WorkerFactory
from tests.payroll.sheets import xlsx
from yiguoji.core.roles import Role
from yiguoji.imports import run_import
from yiguoji.imports.errors import CellError

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("3-10月", list(range(3, 11))),
        ("3月至10月", list(range(3, 11))),
        ("3、4、5月", [3, 4, 5]),
        ("全年", list(range(1, 13))),
        ("11-2月", [1, 2, 11, 12]),
        (6.0, [6]),
        ("无", []),
    ],
)
def test_months_people_write(text, months):
    assert Months()(text) == months


def test_months_that_do_not_exist():
    with pytest.raises(CellError, match="月份应为1至12，不能是13"):
        Months()("13月")
    with pytest.raises(CellError, match="不是月份"):
        Months()("春节后")


@pytest.fixture
def township_user(make_user):
    return make_user(Role.TOWNSHIP)


def sheet(*rows):
    head = ["序号", "姓名", "公民身份号码", "村", "是否有务工意愿", "可务工时间", "技能特长",
            "技能水平", "意向岗位"]  # fmt: skip
    return xlsx([["2026年八达岭镇劳动力就业意愿和技能摸底调查表"], head, *rows], merges=["A1:I1"])


def run(content, user, survey_round):
    return run_import(
        SurveyImport(survey_round=survey_round),
        content,
        filename="调查.xlsx",
        context={"user": user},
    )


def test_import_registers_new_people_and_links_known_ones(township_user, places, ids):
    survey_round = SurveyRoundFactory()
    known = WorkerFactory(name="王建军", id_number=ids[0], township=places["chadao"].township)
    content = sheet(
        [1, "王建军", ids[0], "岔道村", "是", "4-10月", "砌石、钢筋", "中级工", "砌石护坡"],
        [2, "李秀英", ids[1], "石峡", "√", "全年", "", "", "保洁"],
        [3, "赵小六", ids[2], "岔道村", "否", "", "", "", ""],
    )
    result = run(content, township_user, survey_round)
    assert result.ok, result.messages()
    assert Worker.objects.count() == 3  # two new people registered from the survey
    answer = SurveyResponse.objects.get(worker=known)
    assert answer.available_months == list(range(4, 11))
    assert answer.skills == ["砌石", "钢筋"] and answer.skill_level == SkillLevel.INTERMEDIATE
    new = Worker.objects.get(name="李秀英")
    assert new.village == places["shixia"] and new.registered_by == township_user.organisation
    assert SurveyResponse.objects.get(worker=new).township == places["chadao"].township
    assert not SurveyResponse.objects.get(worker__name="赵小六").willing
    # Answering again in the same round updates the answer; nothing is duplicated.
    again = sheet([1, "王建军", ids[0], "岔道村", "是", "5月", "", "", ""])
    assert run(again, township_user, survey_round).ok
    assert SurveyResponse.objects.count() == 3
    assert SurveyResponse.objects.get(worker=known).available_months == [5]


def test_import_refuses_wrong_names_and_other_townships_people(township_user, places, ids):
    survey_round = SurveyRoundFactory()
    WorkerFactory(name="王建军", id_number=ids[0], township=places["chadao"].township)
    WorkerFactory(name="高峰", id_number=ids[1], township=places["xiwuli"].township)
    content = sheet(
        [1, "王建国", ids[0], "岔道村", "是", "4-10月", "", "", ""],
        [2, "高峰", ids[1], "岔道村", "是", "4-10月", "", "", ""],
        [3, "钱七", ids[2], "岔道村", "也许", "4-10月", "", "", ""],
    )
    result = run(content, township_user, survey_round)
    assert result.messages() == [
        "第3行 姓名：该公民身份号码在名册中的姓名为“王**”，与本行不一致",
        "第4行 公民身份号码：该人员登记在张山营镇，请由该乡镇（街道）登记调查",
        "第5行 是否有务工意愿：应填写“是”或“否”",
    ]
    assert not SurveyResponse.objects.exists()


def test_a_closed_round_takes_no_answers(township_user, places, ids):
    survey_round = SurveyRoundFactory(status=SurveyStatus.CLOSED)
    result = run(sheet([1, "王建军", ids[0], "岔道村", "是", "", "", "", ""]), township_user,
                 survey_round)  # fmt: skip
    assert result.messages() == [f"“{survey_round.name}”已结束，不能再登记"]


def test_entering_one_answer_registers_the_person_once(township_user, places, ids):
    survey_round = SurveyRoundFactory()
    answer = SurveyAnswer(willing=True, available_months=[4, 5], skills=["砌石"])
    details = PersonDetails(name="王建军", township=places["chadao"].township)
    survey_enter(acting_user=township_user, survey_round=survey_round, id_number=ids[0],
                 answer=answer, details=details)  # fmt: skip
    survey_enter(acting_user=township_user, survey_round=survey_round, id_number=ids[0],
                 answer=answer)  # fmt: skip
    assert Worker.objects.count() == 1 and SurveyResponse.objects.count() == 1
    with pytest.raises(ValidationError, match="请填写其基本信息"):
        survey_enter(acting_user=township_user, survey_round=survey_round, id_number=ids[1],
                     answer=answer)  # fmt: skip


def test_only_the_labour_bureau_runs_rounds(make_user):
    bureau = make_user(Role.LABOUR_BUREAU)
    survey_round = survey_round_create(
        acting_user=bureau,
        name="2027年春季摸底",
        year=2027,
        starts_on=dt.date(2027, 2, 1),
        ends_on=dt.date(2027, 3, 31),
    )
    assert survey_round.is_open
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        survey_round_create(
            acting_user=make_user(Role.TOWNSHIP),
            name="乡镇自行摸底",
            year=2027,
            starts_on=dt.date(2027, 2, 1),
            ends_on=dt.date(2027, 3, 31),
        )
