"""Session pages: the list and the page with its ledger (fixed query counts), creating a session
in the browser, entering the ledger (by ID, from the project's workers, on the spot), photos."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payroll import samples
from payroll.models import Worker
from tests.payroll.factories import WorkerFactory
from tests.training.factories import PNG, RecordFactory, SessionFactory
from training.choices import OrganiserKind, TrainingMode
from training.models import TrainingPhoto, TrainingRecord, TrainingSession

pytestmark = pytest.mark.django_db


def _count_queries(client, url) -> int:
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["list", "detail"])
def test_pages_run_a_fixed_number_of_queries(place, users, client_for, path, hire):
    client = client_for(users.labour)

    def url(session):
        return (
            reverse("training:sessions")
            if path == "list"
            else reverse("training:session", args=[session.pk])
        )

    session = SessionFactory(
        township=place.a, project=place.project, mode=TrainingMode.PROJECT,
        organiser_kind=OrganiserKind.PROJECT_UNIT, organiser=place.unit,
    )  # fmt: skip
    for _ in range(3):
        RecordFactory(session=session, worker=hire().worker)
        SessionFactory(township=place.a, organiser=place.school)
    few = _count_queries(client, url(session))
    for _ in range(27):
        RecordFactory(session=session, worker=hire().worker)
        SessionFactory(township=place.a, organiser=place.school)
    assert _count_queries(client, url(session)) == few


def test_the_session_page_shows_the_ledger_with_masked_ids(place, users, client_for):
    session = SessionFactory(township=place.a, organiser=place.school)
    worker = WorkerFactory(name="韩玉珍", township=place.a, village=place.village_a)
    RecordFactory(session=session, worker=worker, hours=Decimal("12"), passed=False)
    page = client_for(users.township).get(reverse("training:session", args=[session.pk]))
    text = page.content.decode()
    assert "韩玉珍" in text and worker.id_masked in text and "八达岭镇岔道村" in text
    assert "不合格" in text and "参训 <strong>1</strong> 人" in text
    assert worker.id_number_encrypted.reveal() not in text
    assert "添加参训人员" in text and "现场登记新人员" in text  # the township keeps it


def test_leaders_see_the_session_but_not_the_people(place, users, client_for):
    session = SessionFactory(township=place.a, organiser=place.school)
    RecordFactory(session=session, worker=WorkerFactory(name="韩玉珍"))
    text = client_for(users.leader).get(reverse("training:session", args=[session.pk]))
    text = text.content.decode()
    assert (
        "参训 <strong>1</strong> 人" in text and "韩玉珍" not in text and "导出培训台账" not in text
    )


def test_a_session_is_created_in_the_browser_and_refusals_land_on_the_field(
    place, users, client_for
):
    client = client_for(users.labour)
    data = {
        "title": "2026年张山营镇安全生产培训",
        "kind": "safety",
        "mode": "on_the_job",
        "organiser_kind": "labour_bureau",
        "organiser": place.labour.pk,
        "township": place.a.pk,
        "project": place.project.pk,
        "starts_on": "2026-04-01",
        "ends_on": "2026-04-01",
        "hours": "8",
        "place": "岔道村施工现场",
        "trainer": "高工",
        "content": "施工现场安全",
    }
    page = client.post(reverse("training:session_create"), data)
    assert page.status_code == 200 and not TrainingSession.objects.exists()
    errors = page.context["form"].errors
    assert "第四十三条" in errors["partner"][0]
    page = client.post(reverse("training:session_create"), {**data, "partner": place.contractor.pk})
    session = TrainingSession.objects.get()
    assert page.status_code == 302 and page.url == reverse("training:session", args=[session.pk])


def test_a_township_form_offers_its_own_township_only(place, users, client_for):
    page = client_for(users.township).get(reverse("training:session_create"))
    form = page.context["form"]
    assert list(form.fields["township"].queryset) == [place.a]
    assert form.initial["organiser"] == place.township_org.pk


def test_the_ledger_is_entered_by_id_number_or_from_the_projects_workers(
    place, users, client_for, hire
):
    session = SessionFactory(
        township=place.a, project=place.project, mode=TrainingMode.PROJECT,
        organiser_kind=OrganiserKind.PROJECT_UNIT, organiser=place.unit,
    )  # fmt: skip
    hired = hire().worker
    client = client_for(users.unit)
    url = reverse("training:record_add", args=[session.pk])
    page = client.get(reverse("training:session", args=[session.pk]))
    assert list(page.context["record_form"].fields["worker"].queryset) == [hired]
    assert client.post(url, {"worker": hired.pk, "passed": "1"}).status_code == 302
    other = WorkerFactory(name="冯立新")
    number = other.id_number_encrypted.reveal()
    response = client.post(url, {"id_number": number, "hours": "6", "passed": "0"})
    assert response.status_code == 302
    assert sorted(session.records.values_list("worker__name", "hours", "passed")) == sorted(
        [(hired.name, Decimal("16.0"), True), ("冯立新", Decimal("6.0"), False)]
    )
    again = client.post(url, {"id_number": number, "passed": "1"})
    assert again.status_code == 400
    assert "冯立新已在" in again.content.decode()
    unknown = client.post(url, {"id_number": samples.resident_id(dt.date(1980, 1, 1), 3)})
    assert "未在务工人员名册中登记" in unknown.content.decode()


def test_a_new_person_is_registered_on_the_spot(place, users, client_for):
    session = SessionFactory(township=place.a, organiser=place.school)
    number = samples.resident_id(dt.date(1966, 8, 8), 21)
    response = client_for(users.township).post(
        reverse("training:record_register", args=[session.pk]),
        {"name": "宋桂兰", "id_number": number, "township": place.a.pk,
         "village": place.village_a.pk, "passed": "1"},
    )  # fmt: skip
    assert response.status_code == 302
    worker = Worker.objects.get(name="宋桂兰")
    assert worker.registered_by == place.township_org
    assert TrainingRecord.objects.get().worker == worker


def test_photos_are_uploaded_checked_and_served_through_the_scope(place, users, client_for):
    session = SessionFactory(township=place.a, organiser=place.school)
    client = client_for(users.township)
    url = reverse("training:photo_upload", args=[session.pk])
    bad = client.post(url, {"image": SimpleUploadedFile("现场.png", b"not an image")})
    assert bad.status_code == 400 and "不是有效的 PNG 文件" in bad.content.decode()
    good = client.post(url, {"image": SimpleUploadedFile("现场.png", PNG), "caption": "实操"})
    assert good.status_code == 302
    photo = TrainingPhoto.objects.get()
    served = client.get(reverse("training:photo", args=[photo.pk]))
    assert b"".join(served.streaming_content) == PNG
    assert (
        client_for(users.township_b).get(reverse("training:photo", args=[photo.pk])).status_code
        == 404
    )
