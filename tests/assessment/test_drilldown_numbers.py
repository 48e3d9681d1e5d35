"""The dashboard's drill-down export writes numbers as numbers (issue 10 item 21): every count
and amount is a number cell Excel can sum, amounts in 元 with two decimals, shares as percents;
the same for the overview workbook. Read back with openpyxl."""

import io
from numbers import Number

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.assessment.test_dashboard import board_data  # noqa: F401 (the hand-counted fixture)
from yiguoji.xlsx import MONEY, PERCENT

pytestmark = pytest.mark.django_db

NUMBERS = [
    "务工人数", "其中优先群体", "务工天数", "应发（元）", "实发（元）", "最近月末欠发（元）",
    "中央资金（元）", "计划劳务报酬占中央资金", "未办结投诉", "虚报用工疑点", "未销号问题",
]  # fmt: skip


def _sheet(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows())
    header_at = next(i for i, row in enumerate(rows) if row[0].value == "项目编号")
    header = [c.value for c in rows[header_at]]
    return sheet, header, rows[header_at + 1 :]


def test_the_drill_down_export_writes_numbers_as_numbers(cast, board_data, client_for):  # noqa: F811
    url = reverse("assessment:dashboard_projects") + "?year=2026&export=xlsx"
    response = client_for(cast.district_office).get(url)
    assert response.status_code == 200
    sheet, header, rows = _sheet(response.content)
    assert rows, "the drill-down lists the projects"
    assert set(NUMBERS) <= set(header)
    for row in rows:
        cells = dict(zip(header, row, strict=False))
        for name in NUMBERS:
            value = cells[name].value
            assert value is None or (isinstance(value, Number) and not isinstance(value, bool)), (
                name,
                value,
            )
        for name in ("应发（元）", "实发（元）", "中央资金（元）"):
            assert cells[name].number_format == MONEY, name
        assert cells["计划劳务报酬占中央资金"].number_format == PERCENT
    by_name = {r[1].value: dict(zip(header, r, strict=False)) for r in rows}
    road = by_name["岔道村道路"]
    assert road["实发（元）"].value == 10000 and road["务工天数"].value == 55
    assert road["计划劳务报酬占中央资金"].value == pytest.approx(0.3)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


def test_the_overview_writes_numbers_as_numbers(cast, board_data, client_for):  # noqa: F811
    response = client_for(cast.district_office).get(
        reverse("assessment:dashboard_export") + "?year=2026"
    )
    book = load_workbook(io.BytesIO(response.content))
    texts = {"考核排名": (1, 3)}  # 类别 and 单位 are words; every other value column a number
    for sheet in book.worksheets:
        for row in sheet.iter_rows(min_row=4, min_col=2):
            for cell in row:
                if cell.value is None or cell.column in texts.get(sheet.title, ()):
                    continue
                assert isinstance(cell.value, Number), (sheet.title, cell.coordinate, cell.value)
