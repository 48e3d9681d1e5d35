"""The two wage shares of art. 30 (issue 11 item 2): 劳务报酬占中央资金比例 (the special plan's
requirement, held by the year's target) and 占财政资金的比例 (as high as possible), each with its
own denominator, like with like (planned wages against the funds arranged), and totals that
count only the projects that have such funds."""

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects import funds
from projects.choices import FundSource, ProjectStatus
from projects.models import Project
from projects.selectors import annual_totals, project_facts, with_figures
from tests.projects.factories import FundingLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(make_project, programme):
    """P1: central 600,000 + district 400,000, planned wages 180,000 (make_project's own);
    P2: only the district's 100,000 (no central funds), planned wages 50,000."""
    p1 = make_project(status=ProjectStatus.LISTED, name="岔道村道路")
    p2 = make_project(status=ProjectStatus.LISTED, name="石峡村步道", complete=False,
                      total_investment=D("100000"), planned_wage_total=D("50000"))  # fmt: skip
    FundingLineFactory(project=p2, source=FundSource.DISTRICT, amount=D("100000"),
                       is_special_fund=False)  # fmt: skip
    return p1, p2


def test_art_30_each_ratio_has_its_own_denominator(listed):
    p1, p2 = listed
    lines = list(p1.funding_lines.all())
    assert (funds.central_funds(lines), funds.fiscal_funds(lines)) == (D("600000"), D("1000000"))
    facts = project_facts(p1)
    assert (facts.wage_share, facts.fiscal_wage_share) == (D("0.3000"), D("0.1800"))
    rows = {p.pk: p for p in with_figures(Project.objects.all())}
    assert (rows[p1.pk].wage_share, rows[p1.pk].fiscal_wage_share) == (D("0.3"), D("0.18"))
    assert rows[p2.pk].wage_share is None  # no central funds: not applicable
    assert rows[p2.pk].fiscal_wage_share == D("0.5")


def test_art_30_a_project_without_central_funds_does_not_inflate_the_total(listed):
    projects = list(
        with_figures(Project.objects.all()).prefetch_related("townships", "funding_lines")
    )
    township = annual_totals(projects)["township"].rows[0]
    assert township.wages == D("230000")  # every planned wage is listed...
    # ...but the central ratio divides only P1's wages by P1's central funds (not 230/600)
    assert township.central_share == D("0.3000")
    assert township.fiscal_share == D("0.2091")  # 230,000 / 1,100,000


def test_art_30_the_annual_list_project_page_and_export_say_which_ratio(cast, listed, client_for):
    p1, _ = listed
    client = client_for(cast.district_office)
    annual = client.get(reverse("projects:annual") + "?year=2026").content.decode()
    assert "劳务报酬占中央资金比例目标" in annual and "占财政资金" in annual
    assert 'data-testid="total-central-share">30.0%' in annual
    page = client.get(reverse("projects:detail", args=[p1.pk])).content.decode()
    assert "劳务报酬占中央资金比例（计划）" in page and "占财政资金 18.0%（第三十条）" in page
    book = load_workbook(io.BytesIO(
        client.get(reverse("projects:annual_export") + "?year=2026").content
    ))  # fmt: skip
    header = [c.value for c in book["按乡镇汇总"][3]]
    assert "劳务报酬占中央资金比例" in header and "劳务报酬占财政资金比例" in header
