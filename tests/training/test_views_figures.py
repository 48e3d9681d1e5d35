"""Figures page with drill-down, a project's pre-start page and maintenance candidates, the
record and conversion lists, the conversion form, home to-dos and the slots on other pages."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.payroll.factories import WorkerFactory
from tests.training.factories import PDF, ConversionFactory, RecordFactory, SessionFactory
from training.choices import ConversionKind, TrainingKind
from training.models import Conversion
from yiguoji.core import registry

pytestmark = pytest.mark.django_db


def test_the_figures_page_shows_the_counts_and_links_to_the_rows(season, users, client_for):
    page = client_for(users.labour).get(reverse("training:figures"), {"year": 2026})
    text = page.content.decode()
    kind_row = page.context["by_kind"][0]
    assert (kind_row.label, kind_row.people) == ("岗前培训", 3)
    assert f'href="{kind_row.url}"' in text.replace("&amp;", "&")
    assert page.context["share_total"].share == Decimal("0.4000") and "40.0%" in text
    rows = client_for(users.labour).get(kind_row.url)
    assert rows.status_code == 200
    assert sorted(r.worker.name for r in rows.context["table"].data) == ["乙一", "甲一", "甲二"]


def test_leaders_see_figures_without_links_to_people(season, users, client_for):
    page = client_for(users.leader).get(reverse("training:figures"), {"year": 2026})
    text = page.content.decode()
    assert page.context["total"].people == 4
    kind_cell = text.split("岗前培训</td>")[1].split("</td>")[0]
    assert kind_cell.strip().endswith(">3")  # the count is shown, just not linked
    assert reverse("training:records") not in text and "drill" not in text.split("培训人数")[1][:80]


def test_the_pre_start_page_names_who_trained_before_the_first_day(
    season, users, client_for, place
):
    page = client_for(users.unit).get(reverse("training:pre_start", args=[place.project.pk]))
    rows = {row.worker.name: row for row in page.context["rows"]}
    assert {name for name, row in rows.items() if row.trained} == {"甲一", "甲三"}
    assert rows["甲二"].after["session__kind"] == "pre_job"  # 岗前 on 03-10, after 03-05
    assert (page.context["share"].hired, page.context["share"].trained) == (4, 2)


def test_candidates_rank_reserve_skill_first_and_flag_conversions(place, users, client_for, hire):
    def person(name):
        return hire(WorkerFactory(name=name, township=place.a)).worker

    passed_reserve, attended_reserve, busy, converted = (
        person(n) for n in ("储备合格", "储备未过", "培训多", "已转岗")
    )
    person("没培训")
    reserve = SessionFactory(
        township=place.a, organiser=place.school, kind=TrainingKind.RESERVE_SKILL
    )
    other = SessionFactory(township=place.a, organiser=place.school)
    third = SessionFactory(township=place.a, organiser=place.school)
    RecordFactory(session=reserve, worker=passed_reserve, certificate_no="GH-1")
    RecordFactory(session=reserve, worker=attended_reserve, passed=False)
    for session in (other, third):
        RecordFactory(session=session, worker=busy)
    RecordFactory(session=other, worker=converted)
    ConversionFactory(worker=converted, project=place.project)
    page = client_for(users.unit).get(reverse("training:candidates", args=[place.project.pk]))
    ranked = page.context["candidates"]
    assert [c.worker.name for c in ranked] == ["储备合格", "储备未过", "培训多", "已转岗"]
    assert ranked[0].certificates == ["GH-1"] and ranked[3].converted
    assert [p.title for p in page.context["positions"]] == ["道路养护员"]
    assert f"worker={passed_reserve.pk}&kind=maintenance&position={place.upkeep.pk}" in (
        page.content.decode()
    )


def test_a_conversion_is_recorded_in_the_browser(place, users, client_for, hire):
    worker = hire().worker
    client = client_for(users.unit)
    url = reverse("training:conversion_create")
    assert "第一步：选择项目" in client.get(url).content.decode()
    form = client.get(url, {"project": place.project.pk, "worker": worker.pk})
    assert list(form.context["form"].fields["worker"].queryset) == [worker]
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(url, {
        "project": place.project.pk, "worker": worker.pk, "kind": ConversionKind.MAINTENANCE,
        "position": place.upkeep.pk, "converted_on": "2026-11-02", "employer": place.unit.pk,
        "post": "道路养护员", "evidence": SimpleUploadedFile("聘用.pdf", PDF),
    })  # fmt: skip
    conversion = Conversion.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "training:conversion", args=[conversion.pk]
    )
    evidence = client.get(reverse("training:conversion_evidence", args=[conversion.pk]))
    assert b"".join(evidence.streaming_content) == PDF


@pytest.mark.parametrize("name", ["training:records", "training:conversions"])
def test_lists_run_a_fixed_number_of_queries(place, users, client_for, hire, name):
    client = client_for(users.township)
    session = SessionFactory(township=place.a, organiser=place.school)

    def add(count):
        for _ in range(count):
            worker = hire().worker
            RecordFactory(session=session, worker=worker)
            ConversionFactory(worker=worker, project=place.project)

    def queries():
        client.get(reverse(name))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(name)).status_code == 200
        return len(captured)

    add(3)
    few = queries()
    add(27)
    assert queries() == few


def test_home_lists_ended_sessions_without_a_ledger(place, users, client_for):
    SessionFactory(township=place.a, organiser=place.school)  # ended 2026-03-11, empty
    SessionFactory(
        township=place.a, organiser=place.school,
        starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 1), hours=Decimal("8"),
    )  # fmt: skip
    tasks = [t for t in registry.tasks_for(users.township) if "培训台账" in t.label]
    assert [(t.label, t.count) for t in tasks] == [("培训已结束，尚未登记培训台账", 1)]
    listed = client_for(users.township).get(tasks[0].url)
    assert len(listed.context["table"].data) == 1
    assert not [t for t in registry.tasks_for(users.township_b) if "培训台账" in t.label]
    assert not [t for t in registry.tasks_for(users.auditor) if "培训台账" in t.label]


def _slot(name, user, obj):
    request = RequestFactory().get("/")
    request.user = user
    return "".join(provider(request, obj) for provider in registry.slot_providers(name))


def test_the_worker_page_slot_shows_their_trainings(place, users, hire):
    worker = hire().worker
    RecordFactory(session=SessionFactory(title="2026年砌石技能培训", township=place.a,
                                         organiser=place.school), worker=worker)  # fmt: skip
    ConversionFactory(worker=worker, project=place.project, post="道路养护员")
    html = _slot("payroll.worker_detail", users.township, worker)
    assert "2026年砌石技能培训" in html and "道路养护员" in html
    assert _slot("payroll.worker_detail", users.leader, worker) == ""


def test_the_project_page_shows_its_training(place, users, client_for, hire):
    worker = hire().worker
    RecordFactory(
        session=SessionFactory(title="岔道村现场安全培训", township=place.a,
                               organiser=place.school, starts_on=dt.date(2026, 3, 1)),
        worker=worker,
    )  # fmt: skip
    html = _slot("projects.project_detail", users.unit, place.project)
    assert "开工前培训情况：1/1 人" in html and "1 个管护岗位" in html
    page = client_for(users.unit).get(reverse("projects:detail", args=[place.project.pk]))
    assert "后期管护岗位人选" in page.content.decode()
