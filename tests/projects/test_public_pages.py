"""The public project pages (art. 25, 31): only published projects, no personal data anywhere,
cacheable and crawl-safe; the public complaint form and tracking (CSRF, rate limits, size
limits, no HTML, nothing personal in a URL)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from projects.choices import NoticeKind, ProjectStatus
from projects.models import Complaint, PublicSettings
from projects.pdf import notice_context
from projects.services import publication
from tests.projects.conftest import add_notice

S = ProjectStatus


@pytest.fixture(autouse=True)
def _fresh(fresh_cache):
    return fresh_cache


@pytest.fixture
def published(make_project, cast):
    project = make_project(status=S.IN_PROGRESS, name="岔道村道路硬化", location="岔道村东")
    publication.project_publish(acting_user=cast.district_office, project=project)
    return project


@pytest.fixture
def paid_worker(published, cast):
    """A worker with a filed ledger line on the published project (full name, ID, card)."""
    from payroll.models import WageLedger, WageLine
    from tests.payroll.factories import WorkerFactory

    worker = WorkerFactory(name="张三丰", township=cast.township, phone="13912345678")
    worker.set_bank_card("6222020200112233445")
    worker.save()
    ledger = WageLedger.objects.create(
        project=published, month=dt.date(2026, 10, 1), status="filed",
        pay_deadline=dt.date(2026, 11, 15), workers=1, total_days=Decimal(20),
        total_payable=Decimal(4000), total_paid=Decimal(4000),
    )  # fmt: skip
    WageLine.objects.create(
        ledger=ledger, worker=worker, days=20, daily_rate=200, payable=4000, paid=4000,
        pay_date=dt.date(2026, 11, 10),
    )  # fmt: skip
    return worker


def _secrets(worker) -> list[str]:
    id_number = worker.id_number_encrypted.reveal()
    card = worker.bank_card_encrypted.reveal()
    return [worker.name, id_number, id_number[-8:], card, card[:10], worker.phone]


def test_only_published_projects_are_shown(client, published, make_project, cast):
    hidden = make_project(status=S.IN_PROGRESS, name="未发布的项目")
    listing = client.get(reverse("public:projects")).content.decode()
    assert "岔道村道路硬化" in listing and "未发布的项目" not in listing
    assert client.get(reverse("public:project", args=[published.code])).status_code == 200
    assert client.get(reverse("public:project", args=[hidden.code])).status_code == 404
    assert client.get(reverse("public:project", args=["NO-SUCH"])).status_code == 404
    publication.project_unpublish(acting_user=cast.district_office, project=published,
                                  reason="信息有误")  # fmt: skip
    assert client.get(reverse("public:project", args=[published.code])).status_code == 404


def test_no_personal_data_on_any_public_page(client, published, paid_worker, cast):
    PublicSettings.objects.create(show_worker_pay=True)
    secrets = _secrets(paid_worker)
    pages = [
        reverse("public:projects"),
        reverse("public:project", args=[published.code]),
        reverse("public:project_complain", args=[published.code]),
        reverse("public:complaint_track"),
        reverse("public:project", args=["NO-SUCH"]),
        "/robots.txt",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not [s for s in secrets if s in html], url
    page = client.get(reverse("public:project", args=[published.code])).content.decode()
    assert ("张**" in page and "4,000.00" in page) or "4000.00" in page
    assert "0.40" in page  # wages paid: 0.40 万元
    assert cast.orgs["project_unit"].name in page and "12345" in page  # owner, hotline


def test_pay_table_only_when_the_district_says_so(client, published, paid_worker, fresh_cache):
    url = reverse("public:project", args=[published.code])
    assert "张**" not in client.get(url).content.decode()
    PublicSettings.objects.create(show_worker_pay=True)
    fresh_cache()
    assert "张**" in client.get(url).content.decode()
    assert client.get(url + "?pay=2").status_code == 404  # one page of 50: no page 2
    assert client.get(url + "?pay=abc").status_code == 404


def test_pages_are_cacheable_with_an_etag_and_cost_nothing_when_cached(client, published):
    url = reverse("public:project", args=[published.code])
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert first.has_header("ETag") and "Cookie" not in first.get("Vary", "")
    assert not first.cookies  # no session, no CSRF cookie: the same bytes for everyone
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) == 0  # served from the cache (Redis)


def test_the_list_is_bounded_for_crawlers(
    client, make_project, cast, django_assert_num_queries, fresh_cache
):
    for n in range(25):
        project = make_project(status=S.APPROVED, name=f"项目{n:02d}")
        publication.project_publish(acting_user=cast.district_office, project=project)
    fresh_cache()
    url = reverse("public:projects")
    first = client.get(url).content.decode()
    assert first.count('class="public-row"') == 20 and "第 1 / 2 页" in first
    assert client.get(url + "?page=2").content.decode().count('class="public-row"') == 5
    for bad in ("?page=3", "?page=0", "?page=x", "?year=99999", "?township=%3Cscript%3E"):
        assert client.get(url + bad).status_code == 404, bad
    fresh_cache()
    # count, page, townships of the page, wages paid (2), the filter's townships and years,
    # the district's name and hotline: the same for 20 rows as for 1.
    with django_assert_num_queries(9):
        client.get(url + f"?township={cast.township.code}&year=2026")


def test_notice_pdf_carries_a_qr_code_once_published(published, make_project, settings):
    settings.PUBLIC_BASE_URL = "https://yiguoji.example.gov.cn"
    context = notice_context(published, NoticeKind.DURING_WORKS)
    assert context["public_url"] == (
        f"https://yiguoji.example.gov.cn/public/projects/{published.code}/"
    )
    assert context["qr"].startswith("data:image/svg+xml")
    unpublished = make_project(status=S.IN_PROGRESS)
    assert notice_context(unpublished, NoticeKind.DURING_WORKS)["qr"] == ""


def _csrf_client():
    return Client(enforce_csrf_checks=True)


def _token(client, url) -> str:
    html = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_complaint_from_the_public_page(published, cast, settings):
    client = _csrf_client()
    url = reverse("public:project_complain", args=[published.code])
    data = {"kind": "quality", "content": "路面开裂", "anonymous": "on"}
    assert client.post(url, data).status_code == 403  # no CSRF token
    data["csrfmiddlewaretoken"] = _token(client, url)
    response = client.post(url, data)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.project, complaint.anonymous) == ("web", published, True)
    html = response.content.decode()
    code = re.search(r'id="tracking-code">([A-Z0-9]+)<', html).group(1)
    # Tracking is a POST: neither the number nor the code is ever in a URL.
    track = reverse("public:complaint_track")
    token = _token(client, track)
    found = client.post(track, {"number": complaint.number, "code": code,
                                "csrfmiddlewaretoken": token})  # fmt: skip
    assert "待受理" in found.content.decode()
    wrong = client.post(track, {"number": complaint.number, "code": "AAAAAAAA",
                                "csrfmiddlewaretoken": token})  # fmt: skip
    assert wrong.status_code == 400 and "不正确" in wrong.content.decode()


def test_an_objection_during_the_notice_period(published, client, fresh_cache):
    add_notice(published, NoticeKind.DURING_WORKS, days_ago=2)
    fresh_cache()
    page = client.get(reverse("public:project", args=[published.code])).content.decode()
    assert "公示期内，可提出异议" in page
    client.post(reverse("public:project_complain", args=[published.code]), {
        "kind": "other", "content": "公示的投资额与实际不符", "anonymous": "on", "objection": "on",
    })  # fmt: skip
    assert Complaint.objects.get().channel == "notice"


def test_public_form_refusals(published, client):
    url = reverse("public:project_complain", args=[published.code])
    response = client.post(url, {"kind": "wage_arrears", "content": "<b>欠薪</b>",
                                 "anonymous": "on"})  # fmt: skip
    html = response.content.decode()
    assert response.status_code == 400 and "网页代码" in html and "须留姓名和手机号" in html
    assert "<b>欠薪</b>" not in html  # what was typed is escaped, never rendered
    big = client.post(url, {"kind": "other", "content": "x" * 20_000, "anonymous": "on"})
    assert big.status_code == 413
    assert not Complaint.objects.exists()


def test_complaints_are_rate_limited_per_address(published, client):
    url = reverse("public:project_complain", args=[published.code])
    data = {"kind": "quality", "content": "路面开裂", "anonymous": "on"}
    statuses = [client.post(url, data).status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    assert Complaint.objects.count() == 5
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(url, data).status_code == 200


def test_tracking_is_rate_limited_per_number(published, client):
    track = reverse("public:complaint_track")
    guesses = [
        Client(REMOTE_ADDR=f"10.0.1.{n}").post(track, {"number": "TS2026000001", "code": "X"})
        for n in range(11)
    ]
    assert [r.status_code for r in guesses] == [400] * 10 + [429]
