"""The ledger import page (the shared upload panel) and the ledger export in its paper layout:
masked ID numbers, or full ones for roles that file the ledger, each reveal logged."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.payroll.factories import WorkerFactory
from tests.training.factories import RecordFactory, SessionFactory
from tests.training.test_import_ledger import id_of, sheet
from training.models import TrainingRecord
from yiguoji.core.models import RevealLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(place):
    return SessionFactory(
        title="2026年八达岭镇岗前培训", township=place.a, organiser=place.school,
        place="岔道村委会会议室",
    )  # fmt: skip


def test_the_import_page_lists_every_error_and_writes_nothing(session, users, client_for, place):
    worker = WorkerFactory(name="韩玉珍", township=place.a)
    client = client_for(users.township)
    url = reverse("training:ledger_import", args=[session.pk])
    assert "表格需要的列" in client.get(url).content.decode()
    bad = client.post(url, {"file": sheet([["韩玉珍", id_of(worker), "", 30, "合格", None, None]])})
    text = bad.content.decode()
    assert bad.status_code == 400 and not TrainingRecord.objects.exists()
    assert "第4行 培训学时：韩玉珍的培训学时（30）超过本期培训学时（16）" in text
    assert "下载标注了错误的工作簿" in text
    good = client.post(
        url, {"file": sheet([["韩玉珍", id_of(worker), "", 16, "合格", None, None]])}
    )
    assert good.status_code == 302 and TrainingRecord.objects.get().worker == worker


def _export(client, session, **post):
    url = reverse("training:ledger_export", args=[session.pk])
    response = client.post(url, post) if post else client.get(url)
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content)).active


def test_the_export_has_the_ledger_layout_with_masked_ids(session, users, client_for, place):
    workers = [WorkerFactory(name=n, township=place.a, village=place.village_a)
               for n in ("韩玉珍", "冯立新")]  # fmt: skip
    RecordFactory(session=session, worker=workers[0], hours=Decimal("16"))
    RecordFactory(session=session, worker=workers[1], hours=Decimal("12.5"), passed=False)
    ws = _export(client_for(users.office), session)
    assert ws["A1"].value == "2026年八达岭镇岗前培训台账"
    note = ws["A2"].value
    assert "主办单位：延庆区职业技能培训学校" in note and "2026-03-10至2026-03-11" in note
    assert "培训地点：岔道村委会会议室" in note
    assert [c.value for c in ws[3]] == [
        "序号", "姓名", "身份证号", "所在乡镇/村", "培训学时", "考核结果", "证书编号", "签字",
    ]  # fmt: skip
    assert [c.value for c in ws[4]][:7] == [
        1, "韩玉珍", workers[0].id_masked, "八达岭镇岔道村", 16, "合格", None,
    ]  # fmt: skip
    assert [c.value for c in ws[5]][5] == "不合格"
    assert [c.value for c in ws[6]][:6] == ["合计", "2人", None, None, 28.5, "合格1人"]
    assert ws.cell(row=8, column=1).value == "填表人："
    assert not RevealLog.objects.exists()


def test_full_ids_go_only_to_roles_that_file_the_ledger_and_are_logged(
    session, users, client_for, place
):
    worker = WorkerFactory(name="韩玉珍", township=place.a)
    RecordFactory(session=session, worker=worker)
    url = reverse("training:ledger_export", args=[session.pk])
    # A reveal states its purpose (issue 10 item 4): without one, nothing is revealed.
    refused = client_for(users.labour).post(url, {"full_ids": "1"})
    assert refused.status_code == 302 and not RevealLog.objects.exists()
    full = _export(client_for(users.labour), session, full_ids="1", purpose="报送人社局备案")
    assert full["C4"].value == id_of(worker)
    log = RevealLog.objects.get()
    assert (log.user, log.object_id) == (users.labour, str(worker.pk))
    assert log.purpose == "导出培训台账2026年八达岭镇岗前培训：报送人社局备案"
    office = _export(client_for(users.office), session, full_ids="1", purpose="报送人社局备案")
    assert office["C4"].value == worker.id_masked and RevealLog.objects.count() == 1
