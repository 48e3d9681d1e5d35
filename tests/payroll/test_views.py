"""The payroll pages: fixed query counts whatever the number of rows, and the key flows."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from payroll.models import AttendanceDay, AttendanceMonth, LabourContract, Worker
from projects.choices import ProjectStatus
from tests.payroll.factories import (
    LabourContractFactory,
    SurveyResponseFactory,
    SurveyRoundFactory,
    WorkerFactory,
)
from tests.payroll.sheets import upload, xlsx
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
MAY = "2026-05"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 20, 12, tzinfo=ZoneInfo("Asia/Shanghai")))


def queries(client, url) -> int:
    """Queries of one request, after a first one has filled the per-process caches."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


@pytest.fixture
def unit(make_user):
    return make_user(Role.PROJECT_UNIT)


@pytest.fixture
def position(unit, places):
    project = ProjectFactory(
        owner=unit.organisation,
        status=ProjectStatus.IN_PROGRESS,
        townships=[places["chadao"].township],
    )
    return PositionFactory(project=project, headcount=60)


def hire(position, count, township):
    for _ in range(count):
        LabourContractFactory(position=position, worker=WorkerFactory(township=township))


def test_register_list_has_a_fixed_number_of_queries(make_user, client_for, places):
    township = places["chadao"].township
    client = client_for(make_user(Role.TOWNSHIP))
    url = reverse("payroll:workers")
    WorkerFactory.create_batch(3, township=township, village=places["chadao"])
    few = queries(client, url)
    WorkerFactory.create_batch(27, township=township, village=places["shixia"])
    assert queries(client, url) == few
    page = client.get(url).content.decode()
    assert "110229********" in page


def test_register_export_is_masked(make_user, client_for, places, ids):
    WorkerFactory(id_number=ids[0], township=places["chadao"].township)
    response = client_for(make_user(Role.TOWNSHIP)).get(reverse("payroll:workers") + "?export=xlsx")
    cells = [c.value for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
             for c in row]  # fmt: skip
    assert ids[0][:6] + "********" + ids[0][-4:] in cells
    assert not any(ids[0] in str(value) for value in cells)


def test_worker_page_reveals_on_request_and_logs_it(make_user, client_for, places, ids, cards):
    worker = WorkerFactory(id_number=ids[0], card=cards[0], township=places["chadao"].township)
    client = client_for(make_user(Role.TOWNSHIP))
    page = client.get(reverse("payroll:worker_detail", args=[worker.pk])).content.decode()
    assert ids[0] not in page and cards[0] not in page and "查看完整号码" in page
    response = client.post(reverse("payroll:worker_reveal", args=[worker.pk, "id_number"]))
    assert ids[0] in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert RevealLog.objects.get().field == "公民身份号码"


def test_district_office_sees_masked_numbers_without_a_reveal_button(make_user, client_for, ids):
    worker = WorkerFactory(id_number=ids[0])
    client = client_for(make_user(Role.DISTRICT_OFFICE))
    page = client.get(reverse("payroll:worker_detail", args=[worker.pk])).content.decode()
    assert "查看完整号码" not in page and ids[0] not in page
    url = reverse("payroll:worker_reveal", args=[worker.pk, "id_number"])
    assert client.post(url).status_code == 403


def test_registering_a_known_id_opens_the_existing_person(make_user, client_for, places, ids):
    worker = WorkerFactory(name="王建军", id_number=ids[0], township=places["chadao"].township)
    client = client_for(make_user(Role.TOWNSHIP))
    data = {"name": "王建国", "id_number": ids[0].lower(), "township": worker.township_id}
    response = client.post(reverse("payroll:worker_register"), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("payroll:worker_detail", args=[worker.pk])
    assert Worker.objects.count() == 1


def test_candidates_page_has_a_fixed_number_of_queries(unit, client_for, position, places):
    client = client_for(unit)
    url = reverse("payroll:position_candidates", args=[position.pk])
    for _ in range(3):
        SurveyResponseFactory(worker=WorkerFactory(township=places["chadao"].township))
    few = queries(client, url)
    for _ in range(27):
        SurveyResponseFactory(worker=WorkerFactory(township=places["shixia"].township))
    assert queries(client, url) == few


def test_hiring_from_the_candidates_page(unit, client_for, position, places):
    worker = WorkerFactory(township=places["chadao"].township)
    response = client_for(unit).post(
        reverse("payroll:position_hire", args=[position.pk]),
        {
            "worker": worker.pk,
            "starts_on": "2026-04-01",
            "ends_on": "2026-09-30",
            "employer": position.project.owner_id,
            "ranking": "同乡镇",
        },
    )
    contract = LabourContract.objects.get()
    assert response["Location"] == reverse("payroll:contract_detail", args=[contract.pk])
    assert contract.ranking == "同乡镇"


def test_project_hiring_and_contract_pages_have_fixed_query_counts(unit, client_for, position,
                                                                   places):  # fmt: skip
    client = client_for(unit)
    urls = [
        reverse("payroll:project_hiring", args=[position.project_id]),
        reverse("payroll:contracts"),
        reverse("payroll:hiring_projects"),
    ]
    hire(position, 3, places["chadao"].township)
    few = [queries(client, url) for url in urls]
    hire(position, 27, places["chadao"].township)
    assert [queries(client, url) for url in urls] == few


def test_attendance_grid_has_a_fixed_number_of_queries(unit, client_for, position, places):
    client = client_for(unit)
    url = reverse("payroll:attendance_month", args=[position.project_id, MAY])
    hire(position, 3, places["chadao"].township)
    few = queries(client, url)
    hire(position, 27, places["chadao"].township)
    assert queries(client, url) == few


def test_attendance_projects_have_a_fixed_number_of_queries(unit, client_for, places):
    client = client_for(unit)
    url = reverse("payroll:attendance_projects") + f"?month={MAY}"

    def projects(count):
        for _ in range(count):
            project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
            hire(PositionFactory(project=project), 2, places["chadao"].township)

    projects(3)
    few = queries(client, url)
    projects(12)
    assert queries(client, url) == few


def test_attendance_grid_saves_and_shows_each_refusal(
    unit, client_for, position, places, elsewhere
):
    hire(position, 2, places["chadao"].township)
    first, second = (c.worker for c in LabourContract.objects.order_by("worker__name"))
    _, other = elsewhere(second)
    AttendanceDay.objects.create(project=other, worker=second, date=dt.date(2026, 5, 6), amount=1)
    client = client_for(unit)
    url = reverse("payroll:attendance_month", args=[position.project_id, MAY])
    response = client.post(url, {f"a-{first.pk}-4": "1", f"a-{first.pk}-5": "半",
                                 f"a-{second.pk}-6": "0.5"})  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert f"{second.name} 5月6日：当天已在YQ-2026-900登记1天出勤" in page
    assert 'value="半"' in page  # what was typed stays on screen
    assert not AttendanceDay.objects.filter(project=position.project).exists()
    response = client.post(url, {f"a-{first.pk}-4": "1", f"a-{first.pk}-5": "半"})
    assert response.status_code == 302
    months = dict(
        AttendanceMonth.objects.filter(project=position.project).values_list("worker", "days")
    )
    assert months == {first.pk: Decimal("1.5"), second.pk: Decimal("0")}


def test_only_the_projects_own_unit_keeps_attendance(unit, client_for, position, make_user):
    url = reverse("payroll:attendance_month", args=[position.project_id, MAY])
    assert client_for(make_user(Role.LABOUR_BUREAU)).post(url).status_code == 403
    outsider = make_user(Role.CONTRACTOR, username="outsider")
    assert client_for(outsider).get(url).status_code == 404


def test_roster_is_masked_unless_full_numbers_are_asked_for(unit, client_for, position, places):
    hire(position, 2, places["chadao"].township)
    client = client_for(unit)
    url = reverse("payroll:roster_export", args=[position.project_id])
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    assert sheet["A1"].value == f"{position.project.name}用工名册"
    assert "项目单位" in sheet["A2"].value
    assert [cell.value for cell in sheet[3]][:5] == ["序号", "姓名", "性别", "年龄", "公民身份号码"]
    assert "********" in sheet["E4"].value and not RevealLog.objects.exists()
    # A GET never reveals, whatever its query (issue 10 item 4): a link or a crawler writes no
    # reveal rows.
    masked = load_workbook(io.BytesIO(client.get(url + "?full=1").content)).active
    assert "********" in masked["E4"].value and not RevealLog.objects.exists()
    full_url = reverse("payroll:roster_export_full", args=[position.project_id])
    assert client.get(full_url).status_code == 405
    refused = client.post(full_url, {"purpose": ""})
    assert refused.status_code == 302 and not RevealLog.objects.exists()
    response = client.post(full_url, {"purpose": "发放2026年5月劳务报酬"})
    assert "no-store" in response["Cache-Control"]
    full = load_workbook(io.BytesIO(response.content)).active
    assert "*" not in full["E4"].value and len(full["E4"].value) == 18
    assert RevealLog.objects.filter(field="公民身份号码").count() == 2
    assert RevealLog.objects.filter(field="银行卡号").count() == 2
    assert set(RevealLog.objects.values_list("purpose", flat=True)) == {
        f"导出{position.project.code}用工名册：发放2026年5月劳务报酬"
    }


def test_survey_ledger_has_a_fixed_number_of_queries(make_user, client_for, places):
    survey_round = SurveyRoundFactory()
    client = client_for(make_user(Role.TOWNSHIP))
    url = reverse("payroll:survey_ledger", args=[survey_round.pk])
    for _ in range(3):
        SurveyResponseFactory(
            round=survey_round, worker=WorkerFactory(township=places["chadao"].township)
        )
    few = queries(client, url)
    for _ in range(27):
        SurveyResponseFactory(
            round=survey_round, worker=WorkerFactory(township=places["chadao"].township)
        )
    assert queries(client, url) == few


def test_register_upload_page_shows_every_error_and_the_marked_workbook(make_user, client_for,
                                                                         places, ids):  # fmt: skip
    client = client_for(make_user(Role.TOWNSHIP))
    content = xlsx([["姓名", "身份证号", "村"], ["王建军", ids[0][:17] + "Y", "岔道村"],
                    ["李秀英", ids[1], "无名村"]])  # fmt: skip
    response = client.post(reverse("payroll:worker_import"), {"file": upload(content)})
    page = response.content.decode()
    assert "第2行 身份证号：只能包含数字，末位可为X" in page
    assert "第3行 村：“无名村”不是八达岭镇的村（社区）" in page
    assert "下载标注了错误的工作簿" in page
    assert not Worker.objects.exists()
    good = xlsx([["姓名", "身份证号", "村"], ["王建军", ids[0], "岔道村"]])
    response = client.post(reverse("payroll:worker_import"), {"file": upload(good)})
    assert "已导入 1 条记录。" in response.content.decode()


def test_survey_ledger_exports_what_the_page_shows(make_user, client_for, places, ids):
    survey_round = SurveyRoundFactory(name="2026年春季摸底")
    worker = WorkerFactory(name="王建军", id_number=ids[0], township=places["chadao"].township,
                           priority_groups=["lifted"])  # fmt: skip
    SurveyResponseFactory(round=survey_round, worker=worker, available_months=[4, 5, 6, 9])
    client = client_for(make_user(Role.TOWNSHIP))
    url = reverse("payroll:survey_ledger", args=[survey_round.pk]) + "?export=xlsx"
    sheet = load_workbook(io.BytesIO(client.get(url).content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "2026年春季摸底工作台账"
    line = next(row for row in rows if "王建军" in row)
    assert "4-6月、9月" in line and "脱贫人口" in line and "有" in line
    assert ids[0][:6] + "********" + ids[0][-4:] in line and ids[0] not in line
