"""Looking people up by ID number (issue 10, item 2): the number never goes into a URL or a log.

The rule is checked on every template (no form that asks for an ID or card number is a GET) and
on the two look-ups themselves (hiring and the labour survey): POSTs, and the number appears in
no URL, no redirect and no log line written while they run.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from django.urls import reverse

from payroll.models import SurveyResponse
from projects.choices import ProjectStatus
from tests.payroll.factories import SurveyRoundFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: Input names that carry a full resident ID or bank card number.
PERSONAL = re.compile(r'name="(id_number|bank_card|card|id_card|card_number)"')
FORM = re.compile(r"<form\b(?P<attrs>[^>]*)>(?P<body>.*?)</form>", re.S)


def id_of(worker) -> str:
    return worker.id_number_encrypted.reveal()


def test_no_form_sends_an_id_or_card_number_in_a_url():
    wrong = []
    for path in TEMPLATES.rglob("*.html"):
        for form in FORM.finditer(path.read_text(encoding="utf-8")):
            method = re.search(r'method="(\w+)"', form["attrs"])
            if PERSONAL.search(form["body"]) and (method is None or method[1].lower() != "post"):
                wrong.append(f"{path.relative_to(TEMPLATES)}: {form['attrs'].strip()}")
    assert not wrong, "forms asking for an ID or card number must POST:\n" + "\n".join(wrong)


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def _nothing_leaks(number: str, responses, logs) -> None:
    for response in responses:
        assert number not in response.request["PATH_INFO"]
        assert number not in response.request.get("QUERY_STRING", "")
        assert number not in response.headers.get("Location", "")
    assert not [record for record in logs.records if number in record.getMessage()]


def test_hiring_looks_people_up_by_post(make_user, client_for, places, logs):
    unit = make_user(Role.PROJECT_UNIT)
    project = ProjectFactory(
        owner=unit.organisation,
        status=ProjectStatus.IN_PROGRESS,
        townships=[places["chadao"].township],
    )
    position = PositionFactory(project=project)
    worker = WorkerFactory(name="韩玉珍", township=places["chadao"].township)
    number = id_of(worker)
    client = client_for(unit)
    url = reverse("payroll:position_candidates", args=[position.pk])
    by_get = client.get(url, {"id_number": number})  # an old bookmark: looks nobody up
    assert by_get.context["found"] is None
    found = client.post(url, {"id_number": number})
    assert found.status_code == 200 and found.context["found"] == worker
    assert number not in found.content.decode()
    _nothing_leaks(number, [found], logs)


def test_the_survey_takes_the_number_by_post_and_carries_it_encrypted(
    make_user, client_for, township, ids, logs
):
    survey_round = SurveyRoundFactory()
    client = client_for(make_user(Role.TOWNSHIP))
    url = reverse("payroll:survey_entry", args=[survey_round.pk])
    step_one = client.get(url, {"id_number": ids[0]})
    assert "form" not in step_one.context  # a GET never looks the number up
    step_two = client.post(url, {"id_number": ids[0], "lookup": ""})
    page = step_two.content.decode()
    assert step_two.status_code == 200 and ids[0] not in page
    token = step_two.context["token"]
    assert token and ids[0] not in token
    village = township.villages.create(name="岔道村")
    saved = client.post(
        url,
        {
            "token": token,
            "answer": "",
            "name": "韩玉珍",
            "phone": "13800000000",
            "township": township.pk,
            "village": village.pk,
            "willing": "1",
            "available_months": ["4", "5"],
            "skill_level": "none",
            "surveyed_on": "2026-03-10",
        },
    )
    assert saved.status_code == 302, saved.context["form"].errors
    response = SurveyResponse.objects.get()
    assert id_of(response.worker) == ids[0]
    _nothing_leaks(ids[0], [step_two, saved], logs)
    # A token from another purpose or tampered with finds nobody.
    assert client.post(url, {"token": token[:-4] + "AAAA"}).context["lookup"].errors
