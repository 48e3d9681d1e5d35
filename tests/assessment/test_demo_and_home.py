"""The demo data (through the services, twice adds nothing) and the home-page to-dos."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from assessment.choices import RuleKind
from assessment.home import assessment_tasks
from assessment.models import (
    Acceptance,
    AnnualSummary,
    Appeal,
    AssessmentYear,
    CaseStudy,
    Finding,
    Forecast,
    MonthlyReport,
    QuarterlyDispatch,
    ScoreSheet,
    ScoringRule,
)
from assessment.selectors.collectives import collective_rows
from assessment.selectors.funds import funds_watch
from payroll.models import LabourContract, Worker
from projects.choices import Category, ProjectStatus
from projects.models import (
    ArchiveItem,
    AssetShare,
    Complaint,
    Disbursement,
    Dividend,
    Handover,
    Project,
    Recognition,
)
from tests.assessment.factories import complaint, finding, ledger, started
from yiguoji.core.models import User

MODELS = (AssessmentYear, ScoringRule, MonthlyReport, QuarterlyDispatch, AnnualSummary, CaseStudy,
          Forecast, Finding, Complaint, Acceptance, ScoreSheet, Disbursement,
          ArchiveItem, Handover, AssetShare, Dividend, Recognition, Worker,
          LabourContract)  # fmt: skip


def _counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.mark.django_db
def test_the_demo_is_complete_and_idempotent():
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    # every kind of rule but one: plan task 10 refuses an unexplained lower forecast, and a
    # deduction for it is the district's to add (issue 11 item 1)
    assert set(ScoringRule.objects.filter(year=2026).values_list("kind", flat=True)) == set(
        RuleKind.values
    ) - {RuleKind.BELOW_LAST_YEAR}
    recovering = Finding.objects.get(to_recover__gt=0)  # art. 50, in the demo
    assert (recovering.to_recover, recovering.recovered) == (12000, 8000)
    assert first["MonthlyReport"] > 0 and first["QuarterlyDispatch"] == 1
    assert AnnualSummary.objects.filter(year=2025, status="submitted").count() == 2
    assert CaseStudy.objects.filter(year=2025).count() == 2
    assert Forecast.objects.filter(year=2026).count() == 3
    assert set(Finding.objects.values_list("status", flat=True)) == {"open", "verified"}
    assert set(Complaint.objects.values_list("status", flat=True)) == {"received", "closed"}
    accepted = Acceptance.objects.get()
    assert accepted.passed and accepted.project.status == ProjectStatus.ACCEPTED
    assert ScoreSheet.objects.filter(year=2026).exists()
    assert not AssessmentYear.objects.get(year=2026).is_published
    # safeguard (二), art. 21: disbursements, with one project's money idle and one's lagging
    assert first["Disbursement"] > 0
    codes = set().union(*(row.codes for row in funds_watch(User.objects.get(username="district"))))
    assert {"idle", "lag"} <= codes
    # plan task 8: every accepted project's archives, a handover for each one in upkeep
    assert first["Handover"] > 0
    assert not Handover.objects.exclude(project__status=ProjectStatus.MAINTENANCE).exists()
    accepted = Project.objects.filter(status__in=("accepted", "maintenance")).count()
    assert ArchiveItem.objects.filter(kind="wage_payment").count() == accepted
    # art. 17: two finished projects' assets quantified into collectives' shares, with dividends
    assert (first["AssetShare"], first["Dividend"]) == (2, 2)
    # art. 17 (issue 11 item 3 of the rules helper): a public-welfare upkeep post filled from the
    # project's own workers, counted for its village collective
    district = User.objects.get(username="district")
    upkeep = [row for row in collective_rows(district) if row.posts_filled]
    assert upkeep and all(row.posts_filled <= row.posts_planned for row in upkeep)
    # art. 45 (issue 11 item 6): workers from central and western provinces on a key project
    migrants = LabourContract.objects.filter(worker__from_elsewhere=True)
    assert migrants.filter(project__category=Category.KEY_PROJECT).count() == 2
    assert {c.worker.home_province for c in migrants} == {"甘肃省", "四川省"}
    # art. 35-36: every rural-infrastructure project past the review is recognised and approved
    rural = Project.objects.filter(category=Category.RURAL_INFRASTRUCTURE)
    reviewed = rural.exclude(status__in=(ProjectStatus.RESERVE, ProjectStatus.WITHDRAWN))
    assert reviewed.exists()
    assert not reviewed.exclude(recognition__approved_on__isnull=False).exists()
    assert Recognition.objects.filter(approved_on__isnull=True).count() == 1  # awaiting approval


def _labels(user):
    return {task.label: task for task in assessment_tasks(user)}


def test_home_tasks(cast, make_project, workers, client_for):
    project = make_project(status=ProjectStatus.IN_PROGRESS)
    started(project, cast.district_office, dt.date(2026, 9, 1))
    ledger(project, dt.date(2026, 10, 1), [(workers[0], 10, 200, 2000, dt.date(2026, 11, 5))])
    from assessment.services.reports import monthly_reports_compute

    for month in (dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)):
        monthly_reports_compute(month=month)
    AssessmentYear.objects.create(year=2026, forecast_due=dt.date(2026, 1, 31),
                                  summary_due=dt.date(2027, 1, 31))  # fmt: skip
    finding(cast.district_office, project=project, found_on=dt.date(2026, 12, 1),
            deadline=dt.date(2026, 12, 31))  # fmt: skip
    complaint(project, cast.district_office)

    unit = _labels(cast.project_unit)
    reports = unit["月度反馈待确认"]
    assert reports.count == 2  # October (overdue: due 25 November) and November; not December
    assert reports.level == "danger" and "1 份已逾期" in reports.hint
    assert "2026年初预测待报送" in unit and "监督检查发现问题待整改" in unit
    office = _labels(cast.district_office)
    assert office["逾期未确认的月度反馈"].count == 1
    township = _labels(cast.users["township"])
    assert "2026年度总结和典型案例待提交" in township  # from December on
    assert "月度反馈待确认" not in township
    assert _labels(cast.leader) == {}
    assert not Appeal.objects.exists()
    home = client_for(cast.project_unit).get("/").content.decode()
    assert "月度反馈待确认" in home
