"""The leaders' dashboard in Chromium: the charts draw from the embedded JSON with the vendored
ECharts, a bar opens the list behind it, and the page fits a projector and a 390 px phone.
Screenshots in test-artifacts/ (dashboard-1366.png, dashboard-390.png)."""

import datetime as dt
import io
from decimal import Decimal

import pytest

from assessment.services.reports import monthly_reports_refresh
from projects.choices import ProjectStatus
from tests.assessment.factories import ledger, started
from tests.browser.conftest import sign_in
from tests.payroll.factories import WorkerFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory
from yiguoji.core.demo import demo_password, seed_core
from yiguoji.core.models import Organisation, Township, User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
YEAR = dt.date.today().year  # the live server runs on the real clock


def _world() -> None:
    seed_core(io.StringIO())
    office = User.objects.get(username="district")
    unit = Organisation.objects.get(name="八达岭镇岔道村村民委员会")
    townships = list(Township.objects.order_by("code")[:4])
    months = [dt.date(YEAR, m, 1) for m in range(1, dt.date.today().month)]
    for n, township in enumerate(townships):
        project = ProjectFactory(
            code=f"YQ-{YEAR}-9{n:02d}", name=f"{township.name}村道硬化", year=YEAR,
            owner=unit, townships=[township], status=ProjectStatus.IN_PROGRESS,
        )  # fmt: skip
        FundingLineFactory(project=project, amount=Decimal("500000"))
        started(project, office, months[0])
        people = [WorkerFactory(name=f"工{n}{k}", township=township,
                                priority_groups=["lifted"] if k % 2 else [])
                  for k in range(4)]  # fmt: skip
        for month in months[-3:]:
            paid_on = (month + dt.timedelta(days=35)).replace(day=5)
            ledger(project, month, [(w, 10 + n, 200, (10 + n) * 200, paid_on) for w in people])
    monthly_reports_refresh()


def test_the_dashboard_draws_drills_down_and_fits_a_phone(live_server, page, artifacts):
    _world()
    sign_in(page, live_server.url, "leader", demo_password())
    page.goto(f"{live_server.url}/assessment/?year={YEAR}")
    page.wait_for_selector("#chart-months canvas")
    for chart in (
        "chart-months",
        "chart-status",
        "chart-townships",
        "chart-shares",
        "chart-groups",
    ):
        assert page.locator(f"#{chart} canvas").count() == 1, chart
    assert "16" in page.locator(".kpi").nth(1).inner_text()  # 4 projects x 4 people
    page.screenshot(path=str(artifacts / "dashboard-1366.png"), full_page=True)

    # A bar of the priority-group chart opens the project list behind it (no people).
    page.locator("#chart-groups").scroll_into_view_if_needed()
    box = page.locator("#chart-groups").bounding_box()
    x, y = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('chart-groups'));
            return chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [1, 0]);
        }"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/assessment/dashboard/projects/**")
    assert "group=lifted" in page.url
    table = page.locator("table").first.inner_text()
    assert "村道硬化" in table and "工0" not in table

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/assessment/?year={YEAR}")
    page.wait_for_selector("#chart-groups canvas")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 390, f"the page is {overflow} px wide on a 390 px phone"
    page.screenshot(path=str(artifacts / "dashboard-390.png"), full_page=True)
