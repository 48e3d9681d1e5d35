"""The wage share of art. 30 in the reports that were still on the old ratio (issue 11 item 2):
the year-end scoring rule and the township's annual figures. Art. 30 asks two ratios, each with
its own denominator — wages against the *central* funds (劳务报酬占中央资金比例, which the year's
target holds) and against the *fiscal* funds (尽最大可能提高……占财政资金的比例) — compared like with
like: planned wages with the funds arranged, wages paid to date with the funds spent to date.
(The dispatch workbook's columns: tests/assessment/test_dispatch.py.)"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from assessment.choices import ReportStatus, RuleKind
from assessment.models import MonthlyReport
from assessment.selectors.townships import township_year
from assessment.services.scoring_rules import scoring_facts, wage_share
from projects import funds
from projects.choices import FundSource, ProjectStatus
from tests.assessment.factories import ledger, rule
from tests.projects.factories import FundingLineFactory

pytestmark = pytest.mark.django_db
NOV = dt.date(2026, 11, 1)


def test_art_30_the_part_spent_follows_the_funding():
    # 400,000 spent of a 1,000,000 project with 600,000 central and 1,000,000 fiscal funds
    assert funds.spent_part(D("400000"), D("600000"), D("1000000")) == D("240000.00")
    assert funds.spent_part(D("400000"), D("1000000"), D("1000000")) == D("400000.00")
    # more reported than the investment counts as the whole investment
    assert funds.spent_part(D("1200000"), D("600000"), D("1000000")) == D("600000.00")
    assert funds.spent_part(None, D("600000"), D("1000000")) is None  # nothing reported
    assert funds.spent_part(D("400000"), D("0"), D("1000000")) is None  # no such funds


@pytest.fixture
def paid_and_spent(cast, make_project, programme, workers):
    """P: central 600,000 + district 400,000, 12,000 paid in 2026, 400,000 invested by
    November (confirmed); Q: only the district's 200,000, 8,000 paid, nothing reported."""
    p = make_project(status=ProjectStatus.IN_PROGRESS, name="岔道村道路")
    q = make_project(status=ProjectStatus.IN_PROGRESS, name="石峡村步道", complete=False,
                     total_investment=D("200000"), planned_wage_total=D("60000"))  # fmt: skip
    FundingLineFactory(project=q, source=FundSource.DISTRICT, amount=D("200000"),
                       is_special_fund=False)  # fmt: skip
    zhang, li, _ = workers
    ledger(p, NOV, [(zhang, 30, 400, 12000, dt.date(2026, 12, 5))])
    ledger(q, NOV, [(li, 20, 400, 8000, dt.date(2026, 12, 5))])
    MonthlyReport.objects.create(
        project=p, month=NOV, computed_at=timezone.now(), due_on=dt.date(2026, 12, 25),
        status=ReportStatus.CONFIRMED, investment_completed=D("400000"), progress=40,
    )  # fmt: skip
    return p, q


def test_art_30_scoring_compares_paid_to_date_with_central_funds_spent(cast, paid_and_spent):
    _, q = paid_and_spent
    unit = cast.orgs["project_unit"]
    facts = scoring_facts(2026, [unit], today=dt.date(2027, 1, 10))
    # by hand: 12,000 paid ÷ (400,000 × 600,000 / 1,000,000 = 240,000) = 5.0% < 30%;
    # the old ratio would have read 12,000 ÷ 600,000 = 2.0%
    outcome = wage_share(rule(kind=RuleKind.WAGE_SHARE), unit, facts)
    assert outcome.occurrences == 1
    assert outcome.evidence[0]["label"].endswith(
        "：5.0%（发放 12,000.00元÷已支出中央资金 240,000.00元）"
    )
    assert "劳务报酬占中央资金比例（年末累计发放÷已支出中央资金）低于 30.0%" in outcome.detail
    # Q has no central funds: not judged by this ratio at all (no 8,000 ÷ 0, no 8,000 added)
    assert q.code not in outcome.detail
    # a threshold of 5% is met exactly (5.0% is not below 5%)
    assert wage_share(rule(kind=RuleKind.WAGE_SHARE, threshold=D("0.05")), unit,
                      facts).occurrences == 0  # fmt: skip


def test_art_30_scoring_names_projects_it_cannot_judge(cast, paid_and_spent):
    p, _ = paid_and_spent
    MonthlyReport.objects.filter(project=p).update(investment_completed=None)
    unit = cast.orgs["project_unit"]
    outcome = wage_share(rule(kind=RuleKind.WAGE_SHARE), unit,
                         scoring_facts(2026, [unit], today=dt.date(2027, 1, 10)))  # fmt: skip
    assert outcome.occurrences == 0
    assert f"未报累计完成投资、无法计算的项目 1 个（{p.code}）" in outcome.detail


def test_art_30_the_township_figures_show_planned_against_central(cast, paid_and_spent):
    figures = township_year(cast.township, 2026)
    # planned vs planned, only the project with central funds: 180,000 ÷ 600,000 = 30%
    # (Q's 60,000 planned wages are not added to a ratio it has no central funds for)
    assert (figures.central_planned_wages, figures.central_funds) == (D("180000"), D("600000"))
    assert figures.wage_share == D("0.3000")
