"""A township's year-end score computed by hand from the plan's own words (issue 11 item 1).

Plan task 10: 原则上各项目单位研提项目数量、惠及当地农民数量及发放劳务报酬金额不得低于上一年度
（本年度没有项目……应作出说明），且相关数据预测应科学准确预计，与年底实际数据相差过大、弄虚作假将
在考核评价中予以扣分. Safeguard (三): 对成效显著的乡镇在考核评价中予以倾斜. Issue 14: wage
complaints feed the score.

The district's rules for 2026 (weight / points per occurrence), all of them data:

  T1 预测与实际偏差超过 30%, all three figures        30 / 10
  T2 劳务报酬投诉超期办理                              5 / 1
  T3 劳务报酬投诉经核查属实                            10 / 5
  T4 成效显著加分, growth of 20% or more, townships    6 / 2 (added, on top of full marks)
  (no "预测数低于上一年度" rule: the district did not add one)

八达岭镇 (township A), by hand:
  2025: one listed project; wages 6,000 paid in 2025 to two local rural people.
  2026: two listed projects; wages paid in 2026: 张 4,000 and 李 2,000 (local rural),
        城镇低收入 person 1,000 (urban: not 当地农民), 甘肃 migrant 3,000 (art. 45: counted apart)
        -> projects 2, 惠及当地农民 2 (not 4), wages 10,000.
  Forecast (20 January): projects 2, beneficiaries 4, wages 10,000, last year's 1 / 2 / 6,000.
  T1 projects 0% ; beneficiaries |2 - 4| / 4 = 50% > 30% -> -10 ; wages 0%          -10
  T2 one wage complaint escalated as overdue on P1                                 -1
  T3 one wage complaint on P2 found true (a quality complaint found true: no)      -5
  T4 projects 1 -> 2 = +100% >= 20% -> +2 ; beneficiaries 2 -> 2 = 0% ;
     wages 6,000 -> 10,000 = +66.7% >= 20% -> +2                                   +4
  full marks 30 + 5 + 10 = 45 ; total 45 - 16 + 4 = 33
"""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from assessment.choices import AppliesTo, RuleKind
from assessment.models import AssessmentYear, ScoreSheet
from assessment.services.scoring import scores_compute
from assessment.services.settings import scoring_rule_save
from payroll.choices import PriorityGroup
from payroll.samples import resident_id
from projects.choices import ProjectStatus
from tests.assessment.factories import complaint, forecast, ledger, rule
from tests.payroll.factories import WorkerFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOV25, NOV26 = dt.date(2025, 11, 1), dt.date(2026, 11, 1)


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def township_year(cast, make_project, programme, workers):
    AssessmentYear.objects.create(
        year=2026, report_due_day=25, forecast_due=dt.date(2026, 1, 31),
        summary_due=dt.date(2027, 1, 31),
    )  # fmt: skip
    rules = {
        "T1": rule(order=1, kind=RuleKind.FORECAST_DEVIATION, threshold=D("0.30"),
                   weight=D(30), points=D(10)),
        "T2": rule(order=2, kind=RuleKind.COMPLAINTS_OVERDUE, weight=D(5), points=D(1)),
        "T3": rule(order=3, kind=RuleKind.COMPLAINTS_UPHELD, weight=D(10), points=D(5)),
        "T4": rule(order=4, kind=RuleKind.MARKED_RESULTS, threshold=D("0.20"), weight=D(6),
                   points=D(2), applies_to=AppliesTo.TOWNSHIP),
    }  # fmt: skip
    zhang, li, _ = workers
    urban = WorkerFactory(township=cast.township, priority_groups=[PriorityGroup.URBAN_HARDSHIP])
    migrant = WorkerFactory(township=cast.township, from_elsewhere=True, home_province="甘肃省")
    p25 = make_project(status=ProjectStatus.MAINTENANCE, year=2025, name="P25", complete=False)
    ledger(p25, NOV25, [(zhang, 20, 150, 3000, dt.date(2025, 12, 5)),
                        (li, 20, 150, 3000, dt.date(2025, 12, 5))])  # fmt: skip
    p1 = make_project(status=ProjectStatus.IN_PROGRESS, name="P1", complete=False)
    p2 = make_project(status=ProjectStatus.IN_PROGRESS, name="P2", complete=False)
    ledger(p1, NOV26, [(zhang, 20, 200, 4000, dt.date(2026, 12, 5)),
                       (migrant, 15, 200, 3000, dt.date(2026, 12, 5))])  # fmt: skip
    ledger(p2, NOV26, [(li, 10, 200, 2000, dt.date(2026, 12, 5)),
                       (urban, 5, 200, 1000, dt.date(2026, 12, 5))])  # fmt: skip
    forecast(cast.orgs["township"], cast.users["township"], projects=2, beneficiaries=4,
             wages="10000", last_projects=1, last_beneficiaries=2,
             last_wage_total=D("6000"))  # fmt: skip
    office = cast.district_office
    complaint(p1, office, escalated_at=_at(2026, 6, 20, 9), escalated_stage="close")
    complaint(p2, office, status="closed", substantiated=True)
    complaint(p2, office, status="closed", kind="quality", substantiated=True)  # not wages
    elsewhere = make_project(status=ProjectStatus.IN_PROGRESS, name="PB", complete=False,
                             townships=[cast.other_township])  # fmt: skip
    complaint(elsewhere, office, status="closed", substantiated=True)  # township B's
    return rules


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_plan_task_10_a_townships_score_by_hand(cast, township_year):
    scores_compute(year=2026, acting_user=cast.district_office)

    sheet = ScoreSheet.objects.get(organisation=cast.orgs["township"])
    lines = {line.rule.order: line for line in sheet.lines.select_related("rule")}
    assert {n: (line.lost, line.gained) for n, line in lines.items()} == {
        1: (D(10), D(0)), 2: (D(1), D(0)), 3: (D(5), D(0)), 4: (D(0), D(4)),
    }  # fmt: skip
    assert (sheet.full_marks, sheet.deducted, sheet.added, sheet.total) == (
        D(45), D(16), D(4), D(33),
    )  # fmt: skip
    assert (
        "惠及当地农民数量：预测 4人，实际 2人，偏差 50.0%（阈值 30.0%），超过阈值"
        in lines[1].detail
    )
    assert "项目数量：预测 2个，实际 2个，偏差 0.0%" in lines[1].detail
    assert "发放劳务报酬金额：预测 10,000.00元，实际 10,000.00元" in lines[1].detail
    assert [e["type"] for e in lines[2].evidence] == ["complaint"]
    assert lines[3].occurrences == 1 and "经核查属实 1 件" in lines[3].detail
    assert "项目数量：2026年 2个，上年 1个，增长 100.0%" in lines[4].detail
    assert lines[4].score == D(4)


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_plan_task_10_a_fall_below_last_year_costs_nothing_unless_the_district_adds_it(
    cast, township_year, make_project
):
    """The actual falling below last year is no deduction of its own: the text asks the forecast
    (研提) not to fall below without an explanation, and the forecast service refuses that."""
    scores_compute(year=2026)
    before = ScoreSheet.objects.get(organisation=cast.orgs["project_unit"]).total
    added = scoring_rule_save(
        acting_user=cast.district_office, year=2026,
        values={"order": 5, "indicator": "预测数不低于上年", "kind": RuleKind.BELOW_LAST_YEAR,
                "weight": D(5), "points": D(5), "applies_to": AppliesTo.ALL},
    )  # fmt: skip
    assert added.metric == ""  # all three figures
    scores_compute(year=2026)
    unit = ScoreSheet.objects.get(organisation=cast.orgs["project_unit"])
    # its weight joins the full marks and none of it is lost: the unit sent no forecast to
    # judge (a missing forecast has a rule of its own)
    assert unit.total == before + 5 and unit.lines.get(rule=added).lost == 0
    township = ScoreSheet.objects.get(organisation=cast.orgs["township"])
    assert township.lines.get(rule=added).lost == 0  # its forecast is not below last year


def test_safeguard_3_bonus_rules_are_for_townships(cast):
    with pytest.raises(ValidationError) as refused:
        scoring_rule_save(
            acting_user=cast.district_office, year=2026,
            values={"indicator": "成效显著", "kind": RuleKind.MARKED_RESULTS, "weight": D(6),
                    "points": D(2), "threshold": D("0.2"), "applies_to": AppliesTo.ALL},
        )  # fmt: skip
    assert "只适用于乡镇" in refused.value.message_dict["applies_to"][0]


def test_art_45_home_place_comes_from_the_id():
    from payroll.identity import home_of

    assert home_of(resident_id(dt.date(1980, 1, 1), 7, area="622424")) == ("甘肃省", "通渭县")
    assert home_of(resident_id(dt.date(1980, 1, 1), 7, area="110229")) == ("北京市", "延庆县")
