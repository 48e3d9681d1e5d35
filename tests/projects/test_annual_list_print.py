"""The annual list prints like the paper form (issue 10 item 21; plan task 1): A4 landscape, one
page wide (Excel's fit-to-page on, every column on the width, as many pages tall as the rows
need, not four pages across), the header repeated on every page, its units stated above the
table and the signature block below it. Read back with openpyxl from the real download."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.exporters import SIGNATURE
from tests.projects.test_exporters import listed  # noqa: F401 (two listed projects)

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(listed, cast, client_for):  # noqa: F811
    response = client_for(cast.district_office).get(
        reverse("projects:annual_export"), {"year": 2026}
    )
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def test_every_sheet_prints_one_page_wide_on_a4_landscape(book):
    for sheet in book.worksheets:
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True, sheet.title
        assert sheet.page_setup.fitToWidth == 1 and sheet.page_setup.fitToHeight == 0
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert sheet.print_title_rows == "$3:$3"  # the header row on every page


def test_the_list_states_its_units(book):
    for sheet in book.worksheets:
        note = sheet["A2"].value
        assert "金额单位：元" in note, sheet.title
    assert "人数单位：人" in book["年度项目清单"]["A2"].value


def test_the_list_has_the_paper_forms_signature_block(book):
    sheet = book["年度项目清单"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    footer = next(i for i, row in enumerate(rows) if row[0] == "合计")
    block = rows[footer + 2]
    labels = [value for value in block if value]
    assert labels == list(SIGNATURE)
    assert labels[0] == "填报单位（盖章）：" and "单位负责人：" in labels and "填报人：" in labels
    assert "联系电话：" in labels and labels[-1].startswith("填报日期：")
    assert all(value is None for value in rows[footer + 1])  # a blank row between
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert any(r.startswith(f"A{footer + 3}:") for r in merged)  # room to sign after each label
    # the whole block sits within the table's width: the page stays one page wide
    assert max(c.column for c in sheet[footer + 3] if c.value) <= sheet.max_column
