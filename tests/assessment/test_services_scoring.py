"""Year-end scoring against a hand-computed fixture covering every kind of rule (plan task 10).

The year is 2026; scoring runs on 15 January 2027. Rules (weight / points per occurrence):

  R1 预测数低于上年且未作说明 (projects) 10 / 5   all
  R2 预测偏差 >20% (wages)              10 / 4   units
  R3 发现问题 (虚报用工、弄虚作假)       20 / 6   all      (capped at its weight)
  R4 年末欠发项目                        10 / 3   all
  R5 月度反馈逾期                        5 / 1    units
  R6 劳务报酬占比低于目标 (30%)           10 / 2   all
  R7 未按期报送预测                      5 / 5    all
  R8 未按期报送总结和案例                 10 / 10  townships

Hand computation:

  岔道村委会 (unit, township A): full 70
    R1 forecast 3 projects against last year's 4, no explanation               -5
    R2 forecast 100,000 yuan, paid 5,500: deviation 94.5% > 20%               -4
    R3 four 虚报用工 findings: 4 x 6 = 24, capped at 20                        -20
    R4 P1 owes 1,400 at year end (李 500 short, 王 900 unpaid)                 -3
    R5 October report never answered, November answered on 28 Dec (due 25)    -2
    R6 P1 paid 5,500 of 600,000 special funds = 0.9%                          -2
    R7 forecast on 20 January, due 31 January                                  0
    total 70 - 36 = 34
  西五里营村合作社 (unit, township B): full 70
    R1 forecast 1 against 0; R2 10,000 forecast, 11,000 paid: 10%; R4 fully paid;
    R5 both reports on time; R6 11,000 / 30,000 = 36.7%                         0
    R3 one 弄虚作假 finding against the cooperative                            -6
    R7 forecast on 10 February, after the deadline                             -5
    total 70 - 11 = 59
  八达岭镇 (township A): full 65
    R1 no forecast at all: nothing to judge 0 (R7 covers it); R3 P1's four findings -20;
    R4 P1 -3; R6 P1 -2; R7 no forecast -5; R8 summary and a case study on time 0
    total 65 - 30 = 35
  张山营镇 (township B): full 65
    R3 the cooperative (in township B) -6; R8 no summary -10; others 0 (its forecast
    was on time)
    total 65 - 16 = 49
"""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from assessment.choices import AppealStatus, AppliesTo, FindingKind, Metric, RuleKind
from assessment.models import (
    AnnualSummary,
    AssessmentYear,
    CaseStudy,
    MonthlyReport,
    ScoreSheet,
)
from assessment.services.reports import monthly_reports_compute
from assessment.services.scoring import (
    ScoresFrozen,
    appeal_decide,
    appeal_file,
    scores_compute,
    scores_publish,
)
from assessment.services.settings import assessment_year_save, scoring_rule_save
from projects.choices import ProjectStatus
from tests.assessment.factories import finding, forecast, ledger, rule, started
from tests.payroll.factories import WorkerFactory
from tests.projects.factories import FundingLineFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)


def _at(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def year(cast, make_project, programme, workers):
    AssessmentYear.objects.create(
        year=2026, report_due_day=25, forecast_due=dt.date(2026, 1, 31),
        summary_due=dt.date(2027, 1, 31),
    )  # fmt: skip
    office, unit, coop = cast.district_office, cast.orgs["project_unit"], cast.orgs["other_unit"]
    rules = {
        "R1": rule(order=1, kind=RuleKind.BELOW_LAST_YEAR, metric=Metric.PROJECTS,
                   weight=D(10), points=D(5)),
        "R2": rule(order=2, kind=RuleKind.FORECAST_DEVIATION, metric=Metric.WAGES,
                   threshold=D("0.20"), weight=D(10), points=D(4), applies_to=AppliesTo.UNIT),
        "R3": rule(order=3, kind=RuleKind.FINDINGS, weight=D(20), points=D(6),
                   finding_kinds=[FindingKind.FALSE_HIRING, FindingKind.FALSE_FIGURES]),
        "R4": rule(order=4, kind=RuleKind.ARREARS, weight=D(10), points=D(3)),
        "R5": rule(order=5, kind=RuleKind.LATE_REPORTS, weight=D(5), points=D(1),
                   applies_to=AppliesTo.UNIT),
        "R6": rule(order=6, kind=RuleKind.WAGE_SHARE, weight=D(10), points=D(2)),
        "R7": rule(order=7, kind=RuleKind.MISSING_FORECAST, weight=D(5), points=D(5)),
        "R8": rule(order=8, kind=RuleKind.MISSING_SUMMARY, weight=D(10), points=D(10),
                   applies_to=AppliesTo.TOWNSHIP),
    }  # fmt: skip
    for name in ("P25a", "P25b"):
        make_project(status=ProjectStatus.MAINTENANCE, year=2025, name=name, complete=False)
    p1 = make_project(status=ProjectStatus.IN_PROGRESS, name="岔道村道路")
    started(p1, office, dt.date(2026, 9, 1))
    pb = make_project(
        status=ProjectStatus.IN_PROGRESS, name="西五里营水渠", owner=coop,
        townships=[cast.other_township], complete=False,
    )  # fmt: skip
    FundingLineFactory(project=pb, amount=D("30000.00"))
    started(pb, office, dt.date(2026, 9, 1))
    zhang, li, wang = workers
    ledger(p1, NOV, [
        (zhang, 20, 200, 4000, dt.date(2026, 11, 28)),
        (li, 10, 200, 1500, dt.date(2026, 12, 1)),
        (wang, 5, 180, 0, None),
    ])  # fmt: skip
    b1, b2 = (WorkerFactory(township=cast.other_township) for _ in range(2))
    ledger(pb, NOV, [(b1, 30, 200, 6000, dt.date(2026, 11, 30)),
                     (b2, 25, 200, 5000, dt.date(2026, 12, 5))])  # fmt: skip
    with time_machine.travel(_at(2026, 12, 2, 3), tick=False):
        monthly_reports_compute(month=OCT)
        monthly_reports_compute(month=NOV)
    answered = {(p1, NOV): _at(2026, 12, 28, 9), (pb, OCT): _at(2026, 11, 20, 9),
                (pb, NOV): _at(2026, 12, 20, 9)}  # fmt: skip
    for (project, month), moment in answered.items():
        MonthlyReport.objects.filter(project=project, month=month).update(
            status="confirmed", confirmed_at=moment, confirmed_by=cast.project_unit
        )
    # art. 30 like with like (R6): p1 has spent 100,000 of its 1,000,000 by November, so the
    # central funds spent are 100,000 × 600,000 / 1,000,000 = 60,000; pb reported no investment
    MonthlyReport.objects.filter(project=p1, month=NOV).update(investment_completed=D("100000"))
    f = [finding(office, project=p1, found_on=dt.date(2026, 3 + i, 1),
                 deadline=dt.date(2026, 12, 31)) for i in range(4)]  # fmt: skip
    finding(office, kind=FindingKind.MISUSED_FUNDS, project=p1)  # not a kind of R3
    finding(office, project=p1, found_on=dt.date(2025, 6, 1), deadline=dt.date(2025, 7, 1))
    f.append(finding(office, kind=FindingKind.FALSE_FIGURES, organisation=coop))
    forecast(unit, cast.project_unit, projects=3, beneficiaries=10, wages="100000",
             last_projects=4)  # fmt: skip
    forecast(coop, cast.other_unit, projects=1, beneficiaries=2, wages="10000",
             submitted=_at(2026, 2, 10, 9))  # fmt: skip
    forecast(cast.orgs["other_township"], cast.users["other_township"], projects=1,
             beneficiaries=2, wages="10000")  # fmt: skip
    summary = AnnualSummary.objects.create(
        township=cast.township, year=2026, status="submitted",
        submitted_at=_at(2027, 1, 10, 9), submitted_by=cast.users["township"],
    )  # fmt: skip
    CaseStudy.objects.create(
        township=cast.township, year=2026, title="岔道村以工代赈", background="b",
        practice="p", results="r",
    )  # fmt: skip
    return {"rules": rules, "p1": p1, "pb": pb, "findings": f, "summary": summary}


def _sheets():
    return {s.organisation.name: s for s in ScoreSheet.objects.select_related("organisation")}


def _lost(sheet) -> dict[int, D]:
    return {line.rule.order: line.lost for line in sheet.lines.select_related("rule")}


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_scores_match_the_hand_computation(cast, year):
    result = scores_compute(year=2026, acting_user=cast.district_office)
    assert (result.sheets, result.changed) == (4, 4)

    sheets = _sheets()
    unit, coop = sheets["岔道村村民委员会"], sheets["西五里营村合作社"]
    a, b = sheets["八达岭镇人民政府"], sheets["张山营镇人民政府"]
    assert (unit.full_marks, unit.deducted, unit.total) == (D(70), D(36), D(34))
    assert _lost(unit) == {1: 5, 2: 4, 3: 20, 4: 3, 5: 2, 6: 2, 7: 0}
    assert (coop.full_marks, coop.total) == (D(70), D(59))
    assert _lost(coop) == {1: 0, 2: 0, 3: 6, 4: 0, 5: 0, 6: 0, 7: 5}
    assert (a.full_marks, a.total, a.is_township) == (D(65), D(35), True)
    assert _lost(a) == {1: 0, 3: 20, 4: 3, 6: 2, 7: 5, 8: 0}
    assert (b.full_marks, b.total) == (D(65), D(49))
    assert _lost(b) == {1: 0, 3: 6, 4: 0, 6: 0, 7: 0, 8: 10}


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_every_point_names_the_rows_behind_it(cast, year):
    scores_compute(year=2026)
    lines = {line.rule.order: line for line in _sheets()["岔道村村民委员会"].lines.all()}

    findings = [e["id"] for e in lines[3].evidence if e["type"] == "finding"]
    assert findings == [f.pk for f in year["findings"][:4]]
    assert lines[3].occurrences == 4 and "4 个" in lines[3].detail
    arrears = lines[4].evidence
    assert arrears[0] == {
        "type": "project", "id": year["p1"].pk,
        "label": f"{year['p1'].code} 岔道村道路：欠发 1,400.00元，2行",
    }  # fmt: skip
    assert [e["type"] for e in arrears[1:]] == ["wage_line", "wage_line"]
    late = [e["label"] for e in lines[5].evidence]
    assert late == [f"{year['p1'].code} 2026年10月（截止11月25日）",
                    f"{year['p1'].code} 2026年11月（截止12月25日）"]  # fmt: skip
    assert lines[2].evidence[0]["type"] == "forecast"
    assert "偏差 94.5%（阈值 20.0%），超过阈值" in lines[2].detail
    assert "项目数量：预测 3个，上年 4个，低于上年且未作说明" in lines[1].detail
    # 5,500 paid by the year's end ÷ 60,000 central funds spent = 9.2% < 30%
    assert "9.2%（发放 5,500.00元÷已支出中央资金 60,000.00元）" in lines[6].evidence[0]["label"]


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_an_explanation_with_the_forecast_excuses_a_forecast_below_last_year(cast, year):
    """plan task 10: 不得低于上一年度（……应作出说明）judges the forecast (研提), not the actual."""
    mine = forecast(cast.orgs["township"], cast.users["township"], projects=1, last_projects=2,
                    explanation="2026年本镇仅一个适用以工代赈的项目")  # fmt: skip
    scores_compute(year=2026)
    township = _sheets()["八达岭镇人民政府"]
    assert _lost(township)[1] == 0
    assert _lost(township)[7] == 0  # the forecast is there now (on 20 January)
    mine.explanation = ""
    mine.save()
    scores_compute(year=2026)
    assert _lost(_sheets()["八达岭镇人民政府"])[1] == 5


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_computing_again_writes_nothing_and_publishing_freezes(cast, year):
    scores_compute(year=2026)
    before = {s.pk: (s.total, s.computed_at) for s in ScoreSheet.objects.all()}
    events = ScoreSheet.pgh_event_model.objects.count()

    again = scores_compute(year=2026)
    assert again.changed == 0
    assert {s.pk: (s.total, s.computed_at) for s in ScoreSheet.objects.all()} == before
    assert ScoreSheet.pgh_event_model.objects.count() == events

    scores_publish(acting_user=cast.district_office, year=2026)
    finding(
        cast.district_office,
        project=year["p1"],
        found_on=dt.date(2026, 12, 1),
        deadline=dt.date(2026, 12, 31),
    )
    with pytest.raises(ScoresFrozen):
        scores_compute(year=2026)
    with pytest.raises(ValidationError, match="已发布"):
        scoring_rule_save(acting_user=cast.district_office, year=2026,
                          values={"points": D(1)}, rule=year["rules"]["R1"])  # fmt: skip
    with pytest.raises(ValidationError, match="已发布"):
        assessment_year_save(
            acting_user=cast.district_office, year=2026, report_due_day=20,
            forecast_due=dt.date(2026, 1, 31), summary_due=dt.date(2027, 1, 31),
        )  # fmt: skip
    assert _sheets()["岔道村村民委员会"].total == D(34)


@time_machine.travel(_at(2027, 1, 15, 10), tick=False)
def test_appeals_after_publication_restore_no_more_than_was_lost(cast, year):
    scores_compute(year=2026)
    sheet = _sheets()["岔道村村民委员会"]
    line = sheet.lines.get(rule=year["rules"]["R5"])
    with pytest.raises(ValidationError, match="尚未发布"):
        appeal_file(acting_user=cast.project_unit, sheet=sheet, reason="已按期确认")
    scores_publish(acting_user=cast.district_office, year=2026)
    with pytest.raises(PermissionDenied):
        appeal_file(acting_user=cast.other_unit, sheet=sheet, reason="不是本单位")

    appeal = appeal_file(
        acting_user=cast.project_unit, sheet=sheet, line=line,
        reason="10月项目停工，已书面报告区发展改革委",
    )  # fmt: skip
    with pytest.raises(ValidationError, match="待处理"):
        appeal_file(acting_user=cast.project_unit, sheet=sheet, reason="再次申诉")
    with pytest.raises(ValidationError, match="不超过被扣的 2"):
        appeal_decide(acting_user=cast.district_office, appeal=appeal, upheld=True,
                      decision="情况属实", points_restored=D(3))  # fmt: skip
    decided = appeal_decide(acting_user=cast.district_office, appeal=appeal, upheld=True,
                            decision="情况属实，恢复1分", points_restored=D(1))  # fmt: skip
    assert decided.status == AppealStatus.UPHELD
    sheet.refresh_from_db()
    assert (sheet.restored, sheet.total) == (D(1), D(35))
    assert sheet.lines.get(pk=line.pk).lost == D(2)  # the published line is as it was
    assert timezone.localtime(decided.decided_at).date() == dt.date(2027, 1, 15)
