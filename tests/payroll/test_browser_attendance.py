"""Keyboard entry in the attendance grid, in a real browser (static/payroll/attendance.js)."""

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from payroll.models import AttendanceDay
from projects.choices import ProjectStatus
from tests.browser.conftest import ARTIFACTS, CHROMIUM
from tests.factories import PASSWORD, UserFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def test_typing_1_5_0_moves_on_and_saves(live_server):
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    unit = UserFactory(username="grid-unit", role=Role.PROJECT_UNIT)
    project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(
        project=project, start_date=dt.date(2026, 5, 1), end_date=dt.date(2026, 5, 31)
    )
    first, second = (WorkerFactory(name=name) for name in ("张一", "张二"))  # in grid order
    for worker in (first, second):
        LabourContractFactory(position=position, worker=worker)
    ARTIFACTS.mkdir(exist_ok=True)
    path = reverse("payroll:attendance_month", args=[project.pk, "2026-05"])
    driver = subprocess.run(
        [sys.executable, "-m", "tests.payroll.browser_driver", live_server.url, "grid-unit",
         PASSWORD, path, str(first.pk), str(second.pk), str(ARTIFACTS / "attendance-grid.png")],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert driver.returncode == 0, driver.stderr
    seen = json.loads(driver.stdout)
    assert (seen["first_4"], seen["first_5"], seen["first_6"]) == ("1", "0.5", "")
    assert seen["second_6"] == "1"
    assert seen["first_total"] == "1.5" and seen["grand_total"] == "2.5"
    assert "已保存 2 人的考勤" in seen["message"]
    stored = dict(AttendanceDay.objects.filter(worker=first).values_list("date", "amount"))
    assert stored == {dt.date(2026, 5, 4): Decimal("1"), dt.date(2026, 5, 5): Decimal("0.5")}
    assert AttendanceDay.objects.filter(worker=second).count() == 26  # May 2026: 26 Mon-Sat
