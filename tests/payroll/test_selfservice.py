"""Worker self-service (plan task 9): sign-in without enumeration, rate limits per ID, phone and
address, the one-time code's expiry, attempts and single use, a short session of its own, every
page logged; a month confirmed or disputed (a complaint); confirmation rounds (art. 32)."""

from __future__ import annotations

import datetime as dt
import re
import statistics
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payroll.models import (
    CodeChallenge,
    ConfirmationRequest,
    PayConfirmation,
    SelfServiceLog,
    WageLedger,
    WageLine,
    WorkerSession,
)
from payroll.services import confirmations, selfservice
from projects.choices import ProjectStatus
from projects.models import Complaint
from tests.payroll.factories import WorkerFactory
from yiguoji.sms.backends.file import sent_messages

BEIJING = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 12, 1, 9, 0, tzinfo=BEIJING)
PHONE = "13912345678"


@pytest.fixture(autouse=True)
def _sms_and_eager_tasks(settings, tmp_path, fresh_cache, monkeypatch):
    """SMS to files; tasks enqueued after commit run at once (the test's transaction never
    commits), in this process."""
    from django.db import transaction

    from yiguoji.celery import app

    monkeypatch.setattr(transaction, "on_commit", lambda function, *a, **k: function())
    settings.SMS_BACKEND = "yiguoji.sms.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def project(make_project):
    return make_project(status=ProjectStatus.IN_PROGRESS, name="岔道村道路硬化")


@pytest.fixture
def worker(cast, project):
    person = WorkerFactory(name="张秀英", township=cast.township, phone=PHONE)
    for month, paid in ((dt.date(2026, 9, 1), 4000), (dt.date(2026, 10, 1), 3500)):
        ledger = WageLedger.objects.create(
            project=project, month=month, status="filed",
            pay_deadline=month.replace(month=month.month + 1, day=15),
        )  # fmt: skip
        WageLine.objects.create(
            ledger=ledger, worker=person, days=20, daily_rate=200, payable=4000, paid=paid,
            pay_date=month.replace(month=month.month + 1, day=10),
            card_masked=person.bank_card_masked,
        )  # fmt: skip
    return person


def _id(worker) -> str:
    return worker.id_number_encrypted.reveal()


def _post(client, url, data):
    token = re.search(
        r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode()
    )
    return client.post(url, {**data, "csrfmiddlewaretoken": token.group(1) if token else ""})


def _last_code(settings) -> str:
    return sent_messages(settings.SMS_FILE_PATH)[-1]["params"]["code"]


def _sign_in(settings, worker, client=None) -> Client:
    client = client or Client()
    response = client.post(reverse("selfservice:start"), {"id_number": _id(worker),
                                                          "phone": PHONE})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("selfservice:code"), {"code": _last_code(settings)})
    assert response.status_code == 302 and response["Location"] == reverse("selfservice:me")
    return client


def test_no_enumeration_same_answer_same_work(worker, settings, django_capture_on_commit_callbacks):
    """Registered ID with its phone, registered ID with another phone, unknown ID: the same
    status, page, cookie and number of queries; only a registered pair gets an SMS."""
    from payroll import samples

    unknown = samples.resident_id(dt.date(1980, 5, 5), 777, male=True)
    cases = {
        "known": {"id_number": _id(worker), "phone": PHONE},
        "wrong phone": {"id_number": _id(worker), "phone": "13800000000"},
        "unknown": {"id_number": unknown, "phone": PHONE},
    }
    seen = {}
    for n, (name, data) in enumerate(cases.items()):
        client = Client(REMOTE_ADDR=f"10.1.0.{n}")
        with CaptureQueriesContext(connection) as queries:
            response = client.post(reverse("selfservice:start"), data)
        page = client.get(reverse("selfservice:code")).content.decode()
        page = re.sub(r'value="[^"]{40,}"', "", page)  # the CSRF token differs
        seen[name] = (response.status_code, response["Location"], len(queries), page,
                      sorted(response.cookies))  # fmt: skip
    assert seen["known"] == seen["wrong phone"] == seen["unknown"]
    assert "如果身份证号和手机号与乡镇登记的一致" in seen["known"][3]
    assert [m["to"] for m in sent_messages(settings.SMS_FILE_PATH)] == [PHONE]
    assert CodeChallenge.objects.count() == 3
    assert CodeChallenge.objects.filter(worker__isnull=False).count() == 1
    # Nothing stored or logged holds the ID or the phone in plain text.
    for row in CodeChallenge.objects.values("id_digest", "phone_digest", "code_hash"):
        assert _id(worker) not in str(row) and PHONE not in str(row)


def test_no_enumeration_by_timing(worker, settings):
    """The medians of the request for a registered and an unregistered ID are alike (the SMS
    is sent by a task, after the response). Interleaved, generous bound: the machine is shared."""
    from payroll import samples
    from yiguoji.celery import app

    app.conf.task_always_eager = False  # a real deployment: the task goes to the queue
    unknown = samples.resident_id(dt.date(1981, 6, 6), 778, male=False)
    timings = {"known": [], "unknown": []}
    for n in range(9):
        for name, number in (("known", _id(worker)), ("unknown", unknown)):
            client = Client(REMOTE_ADDR=f"10.2.{n}.{len(name)}")
            started = time.perf_counter()
            client.post(reverse("selfservice:start"), {"id_number": number, "phone": PHONE})
            timings[name].append(time.perf_counter() - started)
    known, unknown_ = (statistics.median(timings[k]) for k in ("known", "unknown"))
    assert abs(known - unknown_) < max(0.5 * max(known, unknown_), 0.02), timings


def test_rate_limits_per_id_phone_and_address(worker):
    url = reverse("selfservice:start")
    data = {"id_number": _id(worker), "phone": PHONE}
    per_id = [Client(REMOTE_ADDR=f"10.3.0.{n}").post(url, data).status_code for n in range(6)]
    assert per_id == [302] * 5 + [429]
    # Another ID from the same phone number: the phone's limit is spent too.
    other = WorkerFactory(phone=PHONE)
    assert (
        Client(REMOTE_ADDR="10.3.1.1")
        .post(url, {"id_number": _id(other), "phone": PHONE})
        .status_code
        == 429
    )
    # One address trying many IDs.
    from payroll import samples

    one = Client(REMOTE_ADDR="10.3.2.2")
    tries = [
        one.post(url, {"id_number": samples.resident_id(dt.date(1970, 1, 1), 900 + n, male=True),
                       "phone": f"1370000{n:04d}"}).status_code
        for n in range(11)
    ]  # fmt: skip
    assert tries == [302] * 10 + [429]


def test_code_expires_is_single_use_and_limited(worker, settings, time_machine):
    time_machine.move_to(T0, tick=False)
    token = selfservice.code_request(id_number=_id(worker), phone=PHONE, address="10.4.0.1")
    code = _last_code(settings)
    wrong = "000000" if code != "000000" else "111111"
    assert selfservice.code_verify(token=token, code=wrong, address="10.4.0.1") is None
    time_machine.move_to(T0 + dt.timedelta(minutes=5, seconds=1), tick=False)
    assert selfservice.code_verify(token=token, code=code, address="10.4.0.1") is None  # expired
    time_machine.move_to(T0 + dt.timedelta(minutes=6), tick=False)
    token = selfservice.code_request(id_number=_id(worker), phone=PHONE, address="10.4.0.1")
    code = _last_code(settings)
    assert selfservice.code_verify(token=token, code=code, address="10.4.0.1")
    assert selfservice.code_verify(token=token, code=code, address="10.4.0.1") is None  # once
    token = selfservice.code_request(id_number=_id(worker), phone=PHONE, address="10.4.0.1")
    code = _last_code(settings)
    for _ in range(selfservice.CODE_ATTEMPTS):
        selfservice.code_verify(token=token, code=wrong, address="10.4.0.1")
    assert selfservice.code_verify(token=token, code=code, address="10.4.0.1") is None
    # a wrong code, an expired one, a used one, five wrong ones, then the right one too late
    assert SelfServiceLog.objects.filter(action="code_failed").count() == 1 + 1 + 1 + 5 + 1


def test_session_is_short_and_separate(worker, settings, time_machine, cast, client_for):
    time_machine.move_to(T0, tick=False)
    client = _sign_in(settings, worker)
    cookie = client.cookies["yg_worker"]
    assert (
        cookie["path"] == "/public/pay/" and cookie["httponly"] and cookie["samesite"] == "Strict"
    )
    assert "sessionid" not in client.cookies  # not a staff session
    assert client.get(reverse("selfservice:me")).status_code == 200
    # A staff user's session does not open the worker's page, nor the other way round.
    staff = client_for(cast.district_office)
    assert staff.get(reverse("selfservice:me")).status_code == 302
    assert client.get(reverse("projects:list")).status_code == 302
    time_machine.move_to(T0 + dt.timedelta(minutes=4), tick=False)
    assert client.get(reverse("selfservice:me")).status_code == 200
    time_machine.move_to(T0 + dt.timedelta(minutes=9, seconds=1), tick=False)  # idle 5 min
    assert client.get(reverse("selfservice:me")).status_code == 302
    time_machine.move_to(T0 + dt.timedelta(minutes=10), tick=False)
    client = _sign_in(settings, worker)
    for minute in (4, 8, 12, 14):
        time_machine.move_to(T0 + dt.timedelta(minutes=10 + minute), tick=False)
        assert client.get(reverse("selfservice:me")).status_code == 200
    time_machine.move_to(T0 + dt.timedelta(minutes=25, seconds=1), tick=False)  # 15 min total
    assert client.get(reverse("selfservice:me")).status_code == 302
    assert WorkerSession.objects.count() == 2


def test_the_page_shows_own_pay_only_and_every_view_is_logged(worker, settings, cast):
    WorkerFactory(name="李四", township=cast.township)
    client = _sign_in(settings, worker)
    html = client.get(reverse("selfservice:me")).content.decode()
    assert "张师傅" in html and "张秀英" not in html
    assert (
        "4000.00" in html
        and "3500.00" in html
        and html.count("尾号 " + worker.bank_card_masked[-4:]) == 2
    )
    card = worker.bank_card_encrypted.reveal()
    assert _id(worker) not in html and card not in html and card[:6] not in html
    assert "李四" not in html
    assert "no-store" in client.get(reverse("selfservice:me"))["Cache-Control"]
    actions = list(SelfServiceLog.objects.order_by("at", "pk").values_list("action", flat=True))
    assert actions == ["code_requested", "signed_in", "viewed", "viewed"]


def test_confirm_and_dispute_a_month(worker, settings, project, cast):
    client = _sign_in(settings, worker)
    url = reverse("selfservice:answer_month")
    client.post(url, {"project": project.pk, "month": "2026-09", "answer": "received"})
    client.post(url, {"project": project.pk, "month": "2026-10", "answer": "disputed",
                      "kind": "wrong_amount", "content": "少发了500元"})  # fmt: skip
    assert dict(PayConfirmation.objects.values_list("month", "answer")) == {
        dt.date(2026, 9, 1): "received", dt.date(2026, 10, 1): "disputed",
    }  # fmt: skip
    complaint = Complaint.objects.get()
    assert (complaint.channel, complaint.kind, complaint.worker, complaint.month) == (
        "self_service", "wrong_amount", worker, dt.date(2026, 10, 1),
    )  # fmt: skip
    assert complaint.handler == cast.orgs["project_unit"] and complaint.phone_masked
    html = client.get(reverse("selfservice:me")).content.decode()
    assert complaint.number in html and "您已确认：已收到" in html
    # Answered once: a second answer is refused, nothing doubled.
    client.post(url, {"project": project.pk, "month": "2026-09", "answer": "disputed",
                      "kind": "wage_arrears"})  # fmt: skip
    assert (
        Complaint.objects.count() == 1
        and "已答复过" in client.get(reverse("selfservice:me")).content.decode()
    )


def test_a_confirmation_round(worker, settings, project, cast, time_machine):
    time_machine.move_to(T0, tick=False)
    quiet = WorkerFactory(name="王五", township=cast.township, phone="")
    line = WageLine.objects.filter(worker=worker).first()
    WageLine.objects.create(ledger=line.ledger, worker=quiet, days=5, daily_rate=200,
                            payable=1000, paid=1000)  # fmt: skip
    with pytest.raises(PermissionDenied):
        confirmations.round_start(acting_user=cast.project_unit, project=project)
    asked = confirmations.round_start(acting_user=cast.district_office, project=project)
    requests = {r.worker_id: r for r in ConfirmationRequest.objects.filter(round=asked)}
    assert requests[worker.pk].days == Decimal(40) and requests[worker.pk].paid == Decimal(7500)
    assert requests[quiet.pk].send_failed == "无登记的手机号"
    sms = [m for m in sent_messages(settings.SMS_FILE_PATH) if m["template"] == "confirm"]
    assert len(sms) == 1 and "7500.00" in sms[0]["text"]
    sample = confirmations.round_start(acting_user=cast.district_office, project=project,
                                       sample_size=1)  # fmt: skip
    assert sample.requests.count() == 1

    client = _sign_in(settings, worker)
    html = client.get(reverse("selfservice:me")).content.decode()
    assert "请核对" in html and "属实" in html
    client.post(reverse("selfservice:answer_round"),
                {"request": requests[worker.pk].pk, "answer": "no"})  # fmt: skip
    answered = ConfirmationRequest.objects.get(pk=requests[worker.pk].pk)
    assert answered.answer == "no" and answered.complaint.channel == "confirmation"
    from payroll.selectors.confirmations import rounds_of

    summary = next(s for s in rounds_of(project) if s.round == asked)
    assert (summary.asked, summary.yes, len(summary.no), len(summary.not_sent)) == (2, 0, 1, 1)
    time_machine.move_to(T0 + dt.timedelta(days=8), tick=False)
    summary = next(s for s in rounds_of(project) if s.round == sample)
    assert summary.closed and summary.silent in (0, 1)
