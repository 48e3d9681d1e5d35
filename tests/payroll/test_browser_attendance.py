"""Keyboard entry in the attendance grid, in a real browser (static/payroll/attendance.js)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from payroll.models import AttendanceDay
from projects.choices import ProjectStatus
from tests.browser.conftest import sign_in
from tests.factories import PASSWORD, UserFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_1_5_0_moves_on_and_saves(live_server, page, artifacts):
    unit = UserFactory(username="grid-unit", role=Role.PROJECT_UNIT)
    project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(
        project=project, start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 31)
    )
    first, second = (WorkerFactory(name=name) for name in ("张一", "张二"))  # in grid order
    for worker in (first, second):
        LabourContractFactory(position=position, worker=worker)
    sign_in(page, live_server.url, "grid-unit", PASSWORD)
    page.goto(live_server.url + reverse("payroll:attendance_month", args=[project.pk, "2026-05"]))
    page.locator(f'input[name="a-{first.pk}-4"]').click()
    page.keyboard.type("15")  # 4 May full, 5 May half, cursor now on 6 May
    page.keyboard.press("ArrowDown")  # the second person, 6 May
    page.keyboard.type("1")
    page.keyboard.press("ArrowLeft")  # back to 6 May, then the person above it
    page.keyboard.press("ArrowUp")
    page.keyboard.type("0")  # 6 May of the first person stays empty
    assert page.locator(f'input[name="a-{first.pk}-4"]').input_value() == "1"
    assert page.locator(f'input[name="a-{first.pk}-5"]').input_value() == "0.5"
    assert page.locator(f'input[name="a-{second.pk}-6"]').input_value() == "1"
    assert page.locator('[data-total="0"]').inner_text().startswith("1.5")
    assert page.locator("[data-grand-total]").inner_text() == "2.5"
    page.locator('button[data-fill-row="1"]').click()  # 全勤 for the second person: Mon-Sat
    page.screenshot(path=str(artifacts / "attendance-grid-keyboard.png"), full_page=True)
    page.get_by_role("button", name="保存考勤").click()
    page.wait_for_load_state("networkidle")
    assert "已保存 2 人的考勤" in page.get_by_role("alert").inner_text()
    stored = dict(AttendanceDay.objects.filter(worker=first).values_list("date", "amount"))
    assert stored == {dt.date(2026, 5, 4): Decimal("1"), dt.date(2026, 5, 5): Decimal("0.5")}
    assert AttendanceDay.objects.filter(worker=second).count() == 26  # May 2026: 26 Mon-Sat
