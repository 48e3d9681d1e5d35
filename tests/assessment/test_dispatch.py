"""The quarterly dispatch workbook (plan task 5): its contents read back with openpyxl, built
once per quarter, rebuilt on request."""

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import load_workbook

from assessment.models import MonthlyReport, QuarterlyDispatch
from assessment.services.dispatch import quarterly_dispatch_build
from assessment.services.reports import monthly_reports_compute
from projects.choices import ProjectStatus
from tests.assessment.factories import ledger, started
from tests.training.factories import ConversionFactory, RecordFactory, SessionFactory

AUG, SEP = dt.date(2026, 8, 1), dt.date(2026, 9, 1)


def _rows(dispatch):
    with dispatch.file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()), data_only=True)
    sheet = book["2026年第3季度"]
    header = [cell.value for cell in sheet[3]]
    rows = [
        dict(zip(header, (cell.value for cell in row), strict=True))
        for row in sheet.iter_rows(min_row=4)
    ]
    return sheet, rows[:-1], rows[-1], book.sheetnames


@pytest.fixture
def quarter(cast, make_project, workers):
    office = cast.district_office
    main = make_project(status=ProjectStatus.IN_PROGRESS, name="岔道村道路", code="YQ-2026-001")
    started(main, office, dt.date(2026, 7, 1))
    old = make_project(status=ProjectStatus.COMPLETED, name="石峡村步道", code="YQ-2025-009",
                       year=2025)  # fmt: skip
    started(old, office, dt.date(2025, 5, 1), completed=dt.date(2025, 10, 1))
    make_project(status=ProjectStatus.RESERVE, name="储备项目", code="YQ-2026-050")
    zhang, li, wang = workers
    ledger(main, AUG, [(zhang, 20, 200, 4000, dt.date(2026, 9, 5)),
                       (li, 10, 200, 1500, dt.date(2026, 9, 5))])  # fmt: skip
    ledger(main, SEP, [(zhang, 22, 200, 4400, dt.date(2026, 10, 8)),
                       (wang, 5, 180, 900, dt.date(2026, 10, 8))])  # fmt: skip
    ledger(old, dt.date(2025, 9, 1), [(wang, 10, 150, 1000, dt.date(2025, 10, 9))])  # owes 500
    for month in (dt.date(2026, 7, 1), AUG, SEP):
        monthly_reports_compute(month=month)
    MonthlyReport.objects.filter(project=main, month=AUG).update(
        status="confirmed", funds_in_place=D("600000"), investment_completed=D("350000"),
        progress=40, confirmed_at=timezone.now(), confirmed_by=cast.project_unit,
    )  # fmt: skip
    session = SessionFactory(
        project=main, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 1)
    )
    RecordFactory(session=session, worker=zhang)
    RecordFactory(session=session, worker=li)
    later = SessionFactory(
        project=main, starts_on=dt.date(2026, 10, 10), ends_on=dt.date(2026, 10, 10)
    )
    RecordFactory(session=later, worker=wang)  # after the quarter
    ConversionFactory(project=main, worker=zhang, converted_on=dt.date(2026, 9, 20))
    return main, old


def test_the_workbook_has_one_row_per_project_with_cumulative_figures(quarter):
    dispatch, built = quarterly_dispatch_build(year=2026, quarter=3)
    assert built and dispatch.projects == 2
    sheet, rows, total, names = _rows(dispatch)

    assert names == ["2026年第3季度", "填报说明"]
    assert sheet["A1"].value.endswith("2026年第3季度以工代赈项目实施情况调度表")
    assert [r["项目编号"] for r in rows] == ["YQ-2025-009", "YQ-2026-001"]  # not the reserve
    row = rows[1]
    assert row["项目名称"] == "岔道村道路" and row["所在乡镇"] == "八达岭镇"
    assert row["总投资（元）"] == 1000000 and row["其中以工代赈专项资金（元）"] == 600000
    assert row["累计到位资金（元）"] == 600000 and row["累计完成投资（元）"] == 350000
    assert row["形象进度（%）"] == 40
    assert row["累计务工人数（人）"] == 3 and row["其中优先群体（人）"] == 2
    assert row["累计务工天数（人·日）"] == 57
    assert row["累计发放劳务报酬（元）"] == 5500  # September's wages were paid on 8 October
    # art. 30, like with like (issue 11 item 2): paid to date against the funds spent to date.
    # 350,000 invested of 1,000,000 (central 600,000 + district 400,000): the central part spent
    # is 350,000 × 600,000 / 1,000,000 = 210,000, the fiscal part all 350,000
    assert row["其中中央资金（元）"] == 600000
    assert (row["已支出中央资金（元）"], row["已支出财政资金（元）"]) == (210000, 350000)
    assert row["劳务报酬占中央资金比例（累计发放÷已支出中央资金）"] == 0.0262  # 5,500 / 210,000
    assert row["劳务报酬占财政资金比例（累计发放÷已支出财政资金）"] == 0.0157  # 5,500 / 350,000
    assert "劳务报酬占专项资金比例" not in row  # the old ratio (paid / the whole special funds)
    # August's wages were due by 15 September (李 500 short); September's not until 15 October
    assert row["季末欠发劳务报酬（元）"] == 500
    assert (row["累计培训（人）"], row["累计培训（人次）"], row["零工变长工（人）"]) == (2, 2, 1)
    assert row["本季度月度反馈确认"] == "1/3"
    assert rows[0]["季末欠发劳务报酬（元）"] == 500  # a 2025 project still owing
    assert total["序号"] == "合计" and total["累计发放劳务报酬（元）"] == 5500 + 1000
    # the 2025 project reported no investment: its 1,000 paid stays out of both sides
    assert rows[0]["劳务报酬占中央资金比例（累计发放÷已支出中央资金）"] is None
    assert total["劳务报酬占中央资金比例（累计发放÷已支出中央资金）"] == 0.0262
    assert total["劳务报酬占财政资金比例（累计发放÷已支出财政资金）"] == 0.0157
    assert sheet.cell(row=4, column=9).number_format == "#,##0.00"


def test_built_once_rebuilt_on_request(cast, quarter):
    first, built = quarterly_dispatch_build(year=2026, quarter=3)
    name = first.file.name
    again, built_again = quarterly_dispatch_build(year=2026, quarter=3)
    assert not built_again and again.file.name == name and again.built_at == first.built_at

    rebuilt, built = quarterly_dispatch_build(
        year=2026, quarter=3, acting_user=cast.district_office, rebuild=True
    )
    assert built and rebuilt.file.name != name and rebuilt.built_by == cast.district_office
    assert QuarterlyDispatch.objects.count() == 1
    with pytest.raises(ValidationError, match="尚未结束"):
        quarterly_dispatch_build(year=2026, quarter=4)
