"""The leaders' dashboard: its figures on a hand-counted fixture, a fixed number of queries, and
aggregates only for leaders (no names, no ID numbers, no way into personal data)."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment.choices import RuleKind
from assessment.models import AssessmentYear
from assessment.selectors.dashboard import dashboard
from assessment.services.reports import monthly_reports_compute
from assessment.services.scoring import scores_compute, scores_publish
from payroll.models import WageSuspicion
from projects.choices import ProjectStatus
from tests.assessment.factories import complaint, finding, ledger, rule, started
from tests.payroll.factories import WorkerFactory
from tests.training.factories import ConversionFactory, RecordFactory, SessionFactory

OCT, NOV = dt.date(2026, 10, 1), dt.date(2026, 11, 1)
QUERIES = 15  # the dashboard selector, whatever the number of projects, ledgers and lines


@pytest.fixture
def board_data(cast, make_project, programme, workers):
    """Township A: project P (special funds 600,000) with October and November ledgers;
    township B: project Q (600,000) with a November ledger; a reserve project in A."""
    office = cast.district_office
    p = make_project(status=ProjectStatus.IN_PROGRESS, name="岔道村道路")
    q = make_project(status=ProjectStatus.IN_PROGRESS, name="西五里营水渠",
                     townships=[cast.other_township], owner=cast.orgs["other_unit"])  # fmt: skip
    make_project(status=ProjectStatus.RESERVE)
    for project in (p, q):
        started(project, office, dt.date(2026, 9, 1))
    zhang, li, wang = workers
    b = WorkerFactory(
        name="高玉兰", township=cast.other_township, priority_groups=["lifted", "disaster"]
    )
    oct_ledger = ledger(p, OCT, [(zhang, 20, 200, 4000, dt.date(2026, 11, 5)),
                                 (li, 10, 200, 2000, dt.date(2026, 11, 5))])  # fmt: skip
    ledger(p, NOV, [(zhang, 20, 200, 4000, dt.date(2026, 12, 5)), (wang, 5, 200, 0, None)])
    nov_q = ledger(q, NOV, [(b, 10, 300, 3000, dt.date(2026, 11, 28)),
                            (zhang, 10, 300, 3000, dt.date(2026, 11, 28))])  # fmt: skip
    for month in (dt.date(2026, 9, 1), OCT, NOV, dt.date(2026, 12, 1)):
        monthly_reports_compute(month=month)
    complaint(p, office, anonymous=False, complainant="王大山", content="11月劳务报酬未发")
    complaint(q, office, status="resolved")
    finding(office, project=p, found_on=dt.date(2026, 11, 20), deadline=dt.date(2026, 12, 20))
    suspicion = WageSuspicion.objects.create(
        worker=zhang, month=NOV, kind="days", detail="张建国11月在两个项目共30天", total_days=30
    )
    suspicion.ledgers.set([oct_ledger, nov_q])
    session = SessionFactory(project=p, starts_on=dt.date(2026, 8, 1), ends_on=dt.date(2026, 8, 1))
    RecordFactory(session=session, worker=zhang)
    RecordFactory(session=session, worker=li)
    ConversionFactory(project=p, worker=li, converted_on=dt.date(2026, 10, 1))
    rule(kind=RuleKind.ARREARS, weight=D(10), points=D(2))
    return p, q


def test_the_figures(cast, board_data, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        board = dashboard(cast.district_office, year=2026)

    assert board.projects == 2 and board.investment == D("2000000")
    assert {b.key: b.value for b in board.by_status if b.value} == {
        "reserve": 1, "in_progress": 2,
    }  # fmt: skip
    assert board.special_funds == D("1200000")
    assert [m.month for m in board.months] == [9, 10, 11, 12]
    assert board.paid_by_month == [D(0), D(0), D("12000"), D("4000")]  # by pay date
    assert board.payable_by_month == [D(0), D("6000"), D("11000"), D(0)]
    assert (board.paid, board.person_days) == (D("16000"), D("75"))
    assert (board.arrears, board.arrears_projects) == (D("1000"), 1)  # 王 at the end of Dec
    # art. 30, like with like: planned wages 2 x 180,000 against central funds 2 x 600,000,
    # and against fiscal funds (central + the district's 400,000 each); no spending reported
    # yet, so no to-date ratio (never wages paid so far against the whole year's funds)
    assert (board.wage_share, board.fiscal_wage_share) == (D("0.3000"), D("0.1800"))
    assert board.wage_share_to_date is None
    assert (board.workers, board.priority_workers) == (4, 3)  # 张 counted once, on two projects
    groups = {b.key: b.value for b in board.by_group}
    assert (groups["lifted"], groups["monitored"], groups["disaster"]) == (2, 1, 1)
    assert {t.label: t.value for t in board.townships} == {
        "八达岭镇": D("10000"),
        "张山营镇": D("6000"),
    }
    assert (board.open_complaints, board.open_suspicions, board.open_findings) == (1, 1, 1)
    assert (board.trained.people, board.conversions.people) == (2, 1)

    a = dashboard(cast.district_office, year=2026, township=cast.township)
    assert (a.projects, a.paid, a.workers, a.open_complaints) == (1, D("10000"), 3, 1)
    assert a.open_suspicions == 1  # the suspicion touches a ledger of a project in A


def test_the_ranking_shows_to_leaders_once_published(cast, board_data):
    scores_compute(year=2026)
    assert dashboard(cast.district_office, year=2026).ranking
    assert dashboard(cast.leader, year=2026).ranking == []
    AssessmentYear.objects.create(year=2026, forecast_due=dt.date(2026, 1, 31),
                                  summary_due=dt.date(2027, 1, 31))  # fmt: skip
    scores_publish(acting_user=cast.district_office, year=2026)
    ranking = dashboard(cast.leader, year=2026).ranking
    assert [r["rank"] for r in ranking if r["is_township"]] == [1, 2]


def test_leaders_see_numbers_never_people(cast, board_data, client_for, workers):
    client = client_for(cast.leader)
    pages = [
        reverse("assessment:dashboard") + "?year=2026",
        reverse("assessment:dashboard_projects") + "?year=2026&show=priority&group=lifted",
        reverse("assessment:dashboard_projects") + "?year=2026&show=complaints",
        reverse("assessment:dashboard_projects") + "?year=2026&show=suspicions",
        reverse("assessment:reports") + "?year=2026",
    ]
    people = [w.name for w in workers] + ["高玉兰"]
    numbers = [w.id_masked for w in workers] + [w.bank_card_masked for w in workers]
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert not [name for name in people if name in html], url
        assert not [n for n in numbers if n[-4:] in html and n[:6] in html], url
    assert "岔道村道路" in client.get(pages[2]).content.decode()  # the project, with its count

    zhang = workers[0]
    personal = [
        reverse("payroll:workers"), reverse("payroll:worker_detail", args=[zhang.pk]),
        reverse("payroll:contracts"), reverse("payroll:ledgers"),
        reverse("payroll:ledger_detail", args=[board_data[0].wage_ledgers.first().pk]),
        reverse("payroll:arrears"), reverse("payroll:suspicions"),
        reverse("training:records"), reverse("training:conversions"),
        reverse("projects:complaints"),
        reverse("projects:complaint", args=[board_data[0].complaints.first().pk]),
    ]  # fmt: skip
    assert {url: client.get(url).status_code for url in personal} == dict.fromkeys(personal, 403)


def test_the_export_has_a_sheet_per_panel(cast, board_data, client_for):
    response = client_for(cast.leader).get(reverse("assessment:dashboard_export") + "?year=2026")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["概况", "项目状态", "按月", "按乡镇", "优先群体", "考核排名"]
    overview = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=4, values_only=True)}
    assert overview["实发劳务报酬（元）"] == 16000
    assert overview["未办结劳务报酬投诉（件）"] == 1


def test_art_30_wages_paid_to_date_against_central_funds_spent_to_date(cast, board_data):
    """P reports 500,000 of its 1,000,000 invested: the central share of that is 300,000; its
    wages paid to date are 10,000 (Q reported nothing and stays out of both sides)."""
    from assessment.models import MonthlyReport

    p, _ = board_data
    MonthlyReport.objects.filter(project=p, month=NOV).update(investment_completed=D("500000"))
    board = dashboard(cast.district_office, year=2026)
    assert (board.central_spent, board.paid_on_spent) == (D("300000.00"), D("10000.00"))
    assert board.wage_share_to_date == D("0.0333")


def test_art_30_the_dashboard_says_which_ratio(cast, board_data, client_for):
    html = (
        client_for(cast.district_office)
        .get(reverse("assessment:dashboard") + "?year=2026")
        .content.decode()
    )
    assert "劳务报酬占中央资金（计划）" in html and "占财政资金 18.0%" in html
    assert "各乡镇计划劳务报酬占中央资金比例" in html
