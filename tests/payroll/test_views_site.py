"""The phone's pages and the entry endpoint (payroll.views.site; issue 16 item 1)."""

import datetime as dt
import json
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from payroll.models import AttendanceDay, SiteEntry
from projects.choices import ProjectStatus
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.payroll.site_helpers import photo_upload
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 5, 17, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def crew(make_user):
    foreman = make_user(Role.CONTRACTOR)
    project = ProjectFactory(contractor=foreman.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(project=project)
    workers = [
        LabourContractFactory(position=position, worker=WorkerFactory(name=f"孙{n}")).worker
        for n in "一二三四五六"
    ]
    return foreman, project, workers


def entry_data(worker, entry_id, **extra):
    return {
        "entry_id": str(entry_id),
        "date": "2026-06-05",
        "marked_at": "2026-06-05T00:30:00.000Z",
        "marks": json.dumps({str(worker.pk): "1"}),
        "latitude": "40.45632198",
        "longitude": "115.97321045",
        "accuracy": "14",
        **extra,
    }


def test_an_entry_sent_twice_over_http_is_stored_once(crew, client_for):
    foreman, project, workers = crew
    client = client_for(foreman)
    url = reverse("payroll:site_entry_post", args=[project.pk])
    entry_id = uuid.uuid4()
    first = client.post(url, {**entry_data(workers[0], entry_id), "photo": photo_upload()})
    again = client.post(url, {**entry_data(workers[0], entry_id), "photo": photo_upload()})
    assert first.status_code == again.status_code == 200
    assert first.json()["outcome"] == "stored" and first.json()["replay"] is False
    assert again.json()["replay"] is True and again.json()["recorded"] == ["孙一"]
    assert SiteEntry.objects.count() == 1 and AttendanceDay.objects.count() == 1
    entry = SiteEntry.objects.get()
    assert str(entry.latitude) == "40.456322"  # the phone's position, kept to 6 places
    photo = client.get(reverse("payroll:site_photo", args=[entry.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert "private, no-store" in photo["Cache-Control"]


def test_an_unreadable_entry_is_answered_400_with_the_field(crew, client_for):
    foreman, project, workers = crew
    url = reverse("payroll:site_entry_post", args=[project.pk])
    response = client_for(foreman).post(url, entry_data(workers[0], "x", latitude="95"))
    assert response.status_code == 400
    error = response.json()["error"]
    assert "记录编号格式不对" in error and "纬度" in error
    assert not SiteEntry.objects.exists()


def test_crew_page_lists_today_s_crew_in_fixed_queries(
    crew, client_for, django_assert_max_num_queries
):
    foreman, project, workers = crew
    client = client_for(foreman)
    url = reverse("payroll:site_crew", args=[project.pk])
    client.get(url)
    # fixed: session, user, audit context and scope checks (10 after the merged branches)
    with django_assert_max_num_queries(10):
        response = client.get(url)
    body = response.content.decode()
    assert all(worker.name in body for worker in workers)
    assert "<script>" not in body and "onclick" not in body  # strict CSP: no inline script
    assert 'capture="environment"' in body and 'accept="image/*"' in body


def test_service_worker_is_served_under_the_phone_pages(crew, client_for):
    foreman, _, _ = crew
    response = client_for(foreman).get(reverse("payroll:site_service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "/static/payroll/site/site.js" in body and "yiguoji-site-" in body
    # Background Sync: the worker imports the page's queue and sends it on "sync"
    assert "importScripts('/static/payroll/site/queue.js')" in body
    assert "addEventListener('sync'" in body and "SiteQueue.flush" in body
