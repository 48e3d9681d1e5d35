"""The foreman's phone at 390 px with the network off and on again (issue 16 item 1): mark a
crew, take the photo from a file, go online, see the days in the attendance grid."""

import datetime as dt
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from payroll.models import AttendanceDay, SiteEntry
from projects.choices import ProjectStatus
from tests.browser.conftest import ARTIFACTS, CHROMIUM
from tests.factories import PASSWORD, UserFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.payroll.site_helpers import photo_bytes
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def test_offline_marks_are_sent_when_the_signal_returns(live_server):
    if not CHROMIUM.exists():
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    today = timezone.localdate()
    foreman = UserFactory(username="site-foreman", role=Role.CONTRACTOR)
    project = ProjectFactory(contractor=foreman.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(
        project=project,
        start_date=today - dt.timedelta(days=40),
        end_date=today + dt.timedelta(days=40),
    )
    first, second = (WorkerFactory(name=name) for name in ("石一", "石二"))
    for worker in (first, second):
        LabourContractFactory(position=position, worker=worker)
    ARTIFACTS.mkdir(exist_ok=True)
    photo = ARTIFACTS / "site-photo.jpg"
    photo.write_bytes(photo_bytes(3, size=(2000, 1500)))
    driver = subprocess.run(
        [sys.executable, "-m", "tests.payroll.site_driver", live_server.url, "site-foreman",
         PASSWORD, reverse("payroll:site_crew", args=[project.pk]),
         reverse("payroll:attendance_month", args=[project.pk, f"{today:%Y-%m}"]),
         str(first.pk), str(second.pk), str(photo), str(ARTIFACTS)],
        cwd=ROOT, capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    assert driver.returncode == 0, driver.stderr
    seen = json.loads(driver.stdout)
    assert project.name in seen["offline_title"]  # the page came from the service worker
    assert (
        "等待发送" in seen["waiting"] and "2人" in seen["waiting"] and "含照片" in seen["waiting"]
    )
    assert "无信号" in seen["signal_offline"]
    if seen["sync"] is not None:  # Background Sync where the browser has it (Chromium does)
        assert seen["sync"] == "registered"
    assert "已记入考勤" in seen["results"] and "已记入2人" in seen["results"]
    assert seen["outbox_after"] == 0
    assert (seen["grid_first"], seen["grid_second"]) == ("1", "0.5")
    assert seen["map_points"] >= 1 and "已记入考勤" in seen["records"]  # map.js ran, no inline JS
    stored = dict(AttendanceDay.objects.filter(project=project).values_list("worker", "amount"))
    assert stored == {first.pk: Decimal("1"), second.pk: Decimal("0.5")}
    entry = SiteEntry.objects.get()
    assert (float(entry.latitude), float(entry.longitude)) == (40.3561, 116.0203)
    assert entry.accuracy == 15 and entry.photo.size < 600_000  # scaled down on the phone
    # What the phone downloads (issue 16, closing note): written for the report, and bounded.
    traffic = seen["traffic"]
    (ARTIFACTS / "site-traffic.json").write_text(json.dumps(traffic, ensure_ascii=False, indent=1))
    assert "offline" not in traffic  # nothing went over the network without a signal
    (post,) = [r for r in traffic["send"]["requests"] if r[0] == "POST"]
    assert entry.photo.size < post[3] < entry.photo.size + 5_000  # the scaled photo, sent once
    assert traffic["first"]["down_gzip"] < 600_000
    opened = [r[1] for r in traffic["open"]["requests"]]
    assert reverse("payroll:site_crew", args=[project.pk]) in opened
    assert not [path for path in opened if path.startswith("/static/")]  # kept on the phone
