"""The public side on a phone (390 px), in the browser: a worker signs in with ID, phone and
the SMS code, checks a month and reports it unpaid; the project unit sees the complaint and
answers it; the worker confirms. Also the published project page, the list, the complaint
form and tracking. Screenshots of each in test-artifacts/ (public-*.png)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest

from payroll.models import WageLedger, WageLine
from projects.choices import ProjectStatus
from projects.models import Complaint
from projects.services.publication import project_publish
from tests.browser.conftest import sign_in
from tests.payroll.factories import WorkerFactory
from tests.projects.factories import FundingLineFactory, ProjectFactory
from yiguoji.core.demo import demo_password, seed_core
from yiguoji.core.models import Township, User
from yiguoji.sms.backends.file import sent_messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = "13911112222"
PHONE_SIZE = {"width": 390, "height": 844}


@pytest.fixture
def world(settings, tmp_path, fresh_cache):
    from yiguoji.celery import app

    settings.SMS_BACKEND = "yiguoji.sms.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    app.conf.task_always_eager = True  # the live server's thread runs the SMS tasks
    seed_core(io.StringIO())
    unit = User.objects.get(username="unit_chadao")
    township = unit.organisation.township or Township.objects.order_by("code").first()
    project = ProjectFactory(
        name="岔道村村内道路硬化工程", owner=unit.organisation, status=ProjectStatus.IN_PROGRESS,
        townships=[township], location="岔道村东侧", planned_local_jobs=25,
    )  # fmt: skip
    FundingLineFactory(project=project)
    project_publish(acting_user=User.objects.get(username="district"), project=project)
    worker = WorkerFactory(name="张秀英", township=township, phone=PHONE)
    for month, paid in ((dt.date(2026, 9, 1), 4000), (dt.date(2026, 10, 1), 0)):
        ledger = WageLedger.objects.create(
            project=project, month=month, status="filed",
            pay_deadline=month.replace(month=month.month + 1, day=15),
            workers=1, total_days=20, total_payable=4000, total_paid=paid,
        )  # fmt: skip
        WageLine.objects.create(
            ledger=ledger, worker=worker, days=20, daily_rate=200, payable=4000, paid=paid,
            pay_date=month.replace(month=month.month + 1, day=10) if paid else None,
            card_masked=worker.bank_card_masked,
        )  # fmt: skip
    yield project, worker, settings.SMS_FILE_PATH
    app.conf.task_always_eager = False


def _phone(browser):
    context = browser.new_context(viewport=PHONE_SIZE, locale="zh-CN", is_mobile=True)
    context.set_default_timeout(15_000)
    return context


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_SIZE["width"], f"{page.url} is {width}px wide at 390px"


def test_worker_reports_a_month_unit_answers_worker_confirms(world, live_server, browser,
                                                             artifacts):  # fmt: skip
    project, worker, sms_dir = world
    base = live_server.url
    errors = []
    phone = _phone(browser)
    page = phone.new_page()
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )

    # The public pages a villager reaches from the QR code.
    page.goto(f"{base}/public/projects/")
    _fits(page)
    page.screenshot(path=artifacts / "public-project-list.png", full_page=True)
    page.get_by_text("岔道村村内道路硬化工程").click()
    page.wait_for_url(f"{base}/public/projects/{project.code}/")
    assert "已发放劳务报酬" in page.content() and "0.40" in page.content()
    _fits(page)
    page.screenshot(path=artifacts / "public-project-page.png", full_page=True)
    page.get_by_role("link", name=re.compile("网上投诉")).click()
    _fits(page)
    page.screenshot(path=artifacts / "public-complaint-form.png", full_page=True)

    # The worker signs in with the ID, the registered phone and the code sent by SMS.
    page.goto(f"{base}/public/pay/")
    page.fill("#id_id_number", worker.id_number_encrypted.reveal())
    page.fill("#id_phone", PHONE)
    _fits(page)
    page.screenshot(path=artifacts / "public-pay-start.png", full_page=True)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url(f"{base}/public/pay/code/")
    code = sent_messages(sms_dir)[-1]["params"]["code"]
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    page.wait_for_url(f"{base}/public/pay/me/")
    october = page.locator('[data-month="2026-10"]')
    assert "4000.00" in october.inner_text() and "0.00" in october.inner_text()
    assert worker.id_number_encrypted.reveal() not in page.content()
    _fits(page)
    page.screenshot(path=artifacts / "public-pay-months.png", full_page=True)

    # September: received. October: not received — a complaint for the project unit.
    page.locator('[data-month="2026-09"]').get_by_role("button", name="已收到").click()
    page.wait_for_url(f"{base}/public/pay/me/")
    assert "您已确认：已收到" in page.locator('[data-month="2026-09"]').inner_text()
    october = page.locator('[data-month="2026-10"]')
    assert october.get_by_role("button", name="已收到").count() == 0  # nothing was paid
    october.get_by_label("没收到").check()
    october.get_by_role("button", name="提交反映").click()
    page.wait_for_url(f"{base}/public/pay/me/")
    complaint = Complaint.objects.get()
    assert complaint.number in page.locator("#pay-flash").inner_text()
    page.screenshot(path=artifacts / "public-pay-reported.png", full_page=True)

    # The project unit sees it on its phone, and answers.
    staff = _phone(browser)
    unit = staff.new_page()
    sign_in(unit, base, "unit_chadao", demo_password())
    unit.goto(f"{base}/projects/complaints/")
    unit.get_by_role("link", name=complaint.number).click()
    assert "张秀英" in unit.content()  # a wage complaint: the unit must know whom to pay
    unit.get_by_label("经核查属实").check()
    unit.fill("#id_answer-answer", "经核实10月劳务报酬漏发，已于12月5日补发4000元到您尾号银行卡。")
    unit.locator('button[data-action="answer"]').click()
    unit.wait_for_url(re.compile(r"/projects/complaints/\d+/$"))
    assert "已答复待确认" in unit.content()
    unit.screenshot(path=artifacts / "public-complaint-unit-answered.png", full_page=True)
    staff.close()

    # The worker sees the answer (and was told by SMS: received, answered), and confirms.
    told = [m["params"]["step"] for m in sent_messages(sms_dir) if m["template"] == "complaint"]
    assert len(told) == 2 and told[1].startswith("已答复")
    page.goto(f"{base}/public/pay/me/")
    card = page.locator(f'[data-complaint="{complaint.number}"]')
    assert "补发4000元" in card.inner_text()
    page.screenshot(path=artifacts / "public-pay-answer.png", full_page=True)
    card.get_by_role("button", name="满意，已解决").click()
    page.wait_for_url(f"{base}/public/pay/me/")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_how) == ("closed", "confirmed")
    assert "已办结" in page.locator(f'[data-complaint="{complaint.number}"]').inner_text()
    page.screenshot(path=artifacts / "public-pay-confirmed.png", full_page=True)

    # Anyone can follow a complaint with its number and code (here: a fresh one).
    page.goto(f"{base}/public/complaints/track/")
    _fits(page)
    page.screenshot(path=artifacts / "public-complaint-track.png", full_page=True)
    assert not errors, errors  # no CSP or script errors on the public pages
    phone.close()
