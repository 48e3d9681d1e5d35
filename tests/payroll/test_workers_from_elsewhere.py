"""Workers from elsewhere (art. 45: 重点工程项目……可吸纳中西部省份务工人员): the register takes a
person whose home is outside the district, with the home province and county from the ID, and
every figure counts them apart from local rural workers (issue 11 item 6)."""

import datetime as dt
from decimal import Decimal

import pytest

from assessment.selectors.actuals import actual_of
from assessment.selectors.wages import cumulative_figures, month_figures
from payroll import samples
from payroll.importers.workers import WorkerImport
from payroll.models import Worker
from payroll.services.workers import PersonDetails, worker_register
from projects.choices import ProjectStatus
from tests.assessment.factories import ledger
from tests.payroll.factories import WorkerFactory
from tests.payroll.sheets import xlsx
from tests.projects.factories import ProjectFactory
from yiguoji.core.roles import Role
from yiguoji.imports import run_import

pytestmark = pytest.mark.django_db
GANSU = "622424"  # 甘肃省通渭县
NOV = dt.date(2026, 11, 1)


def test_art_45_the_register_takes_a_person_from_another_province(make_user, places):
    township = make_user(Role.TOWNSHIP)
    number = samples.resident_id(dt.date(1985, 4, 2), 31, area=GANSU)
    worker = worker_register(
        acting_user=township,
        id_number=number,
        details=PersonDetails(name="马国强", township=places["chadao"].township,
                              from_elsewhere=True),
    )  # fmt: skip
    worker.refresh_from_db()
    assert worker.from_elsewhere is True
    assert (worker.home_province, worker.home_county) == ("甘肃省", "通渭县")
    assert worker.place == "甘肃省通渭县（外地，在八达岭镇务工）"
    assert not worker.is_local_rural


def test_art_45_an_upload_says_who_is_from_elsewhere(places):
    local = samples.resident_id(dt.date(1970, 1, 5), 11)
    other = samples.resident_id(dt.date(1988, 6, 9), 12, area=GANSU)
    content = xlsx([
        ["姓名", "身份证号码", "乡镇", "村", "户籍类型"],
        ["张本地", local, "八达岭镇", "岔道村", ""],
        ["马外地", other, "八达岭镇", "", "外地"],
    ], text_columns="B")  # fmt: skip
    result = run_import(WorkerImport(), content, filename="名册.xlsx", context={"user": None})
    assert result.ok, result.messages()
    rows = dict(Worker.objects.values_list("name", "from_elsewhere"))
    assert rows == {"张本地": False, "马外地": True}
    assert Worker.objects.get(name="马外地").home_county == "通渭县"
    assert Worker.objects.get(name="张本地").home_county == "延庆县"


def test_art_45_figures_count_workers_from_elsewhere_apart(cast, programme):
    project = ProjectFactory(
        owner=cast.orgs["project_unit"], status=ProjectStatus.IN_PROGRESS, year=2026
    )
    project.townships.set([cast.township])
    local = WorkerFactory(township=cast.township)
    migrant = WorkerFactory(township=cast.township, from_elsewhere=True)
    ledger(project, NOV, [(local, 10, 200, 2000, dt.date(2026, 12, 5)),
                          (migrant, 10, 200, 2000, dt.date(2026, 12, 5))])  # fmt: skip

    month = month_figures(NOV, [project.pk])[project.pk]
    assert (month.workers, month.migrant_workers) == (2, 1)
    assert cumulative_figures(dt.date(2026, 12, 31), [project.pk])[project.pk].migrant_workers == 1
    unit = actual_of(2026, cast.orgs["project_unit"])
    # plan task 10: 惠及当地农民 counts the local person only; the wages are all wages paid
    assert (unit.beneficiaries, unit.wage_total) == (1, Decimal("4000.00"))
