"""The annual list export (plan task 1; art. 9), read back with openpyxl; the list export; the
shell command."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from projects.choices import Category, FundSource, ProjectStatus
from tests.projects.factories import FundingLineFactory
from yiguoji.core.choices import Sector

pytestmark = pytest.mark.django_db
S = ProjectStatus


@pytest.fixture
def listed(make_project, cast, programme):
    water = make_project(
        status=S.APPROVED, name="岔道村排水沟渠整治", content_and_scale="砌筑排水沟渠1.8公里",
        performance_targets="带动务工30人",
    )  # fmt: skip
    key = make_project(
        status=S.LISTED, name="康庄镇污水管网", category=Category.KEY_PROJECT,
        sector=Sector.ECOLOGY, complete=False, total_investment=Decimal("2000000"),
        planned_wage_total=Decimal("150000"), townships=[cast.township, cast.other_township],
    )  # fmt: skip
    FundingLineFactory(
        project=key, source=FundSource.MUNICIPAL, amount=Decimal("2000000"), is_special_fund=False
    )
    make_project(status=S.REVIEWED, name="未列入的项目")
    make_project(status=S.WITHDRAWN, name="撤回的项目")
    make_project(status=S.LISTED, name="明年的项目", year=2027)
    return water, key


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _check_workbook(content, water, key):
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["年度项目清单", "按行业汇总", "按乡镇汇总", "按资金来源汇总"]
    sheet = book["年度项目清单"]
    rows = _rows(sheet)
    assert rows[0][0] == "2026年延庆区以工代赈年度项目清单"
    assert rows[1][0].startswith("导出时间：")
    header = rows[2]
    assert header[:8] == ["序号", "项目编号", "项目类别", "项目名称", "建设内容及规模", "建设地点",
                          "建设工期", "总投资（元）"]  # fmt: skip
    assert header[-6:] == ["劳务报酬占财政资金比例", "计划带动务工（人）", "绩效目标", "项目单位",
                           "责任部门", "状态"]  # fmt: skip
    assert rows[3][0] == "一、以工代赈专项资金项目（1个）"
    assert "A4:W4" in {str(r) for r in sheet.merged_cells.ranges}
    first = dict(zip(header, rows[4], strict=True))
    assert first["序号"] == 1 and first["项目编号"] == water.code
    assert first["项目名称"] == "岔道村排水沟渠整治"
    assert first["建设内容及规模"] == "砌筑排水沟渠1.8公里"
    assert first["建设地点"] == "八达岭镇"
    assert first["建设工期"] == "2026.04.01—2026.10.31"
    assert first["总投资（元）"] == 1000000
    assert first["中央预算内投资（元）"] == 600000 and first["区级资金（元）"] == 400000
    assert first["以工代赈专项资金（元）"] == 600000
    # art. 30: planned wages 180,000 against central funds (600,000) and fiscal funds (1,000,000)
    assert first["劳务报酬占中央资金比例"] == pytest.approx(0.3)
    assert first["劳务报酬占财政资金比例"] == pytest.approx(0.18)
    assert first["绩效目标"] == "带动务工30人"
    assert first["项目单位"] == "岔道村村民委员会" and first["责任部门"] == "区水务局"
    assert first["状态"] == "已批复"
    assert rows[5][0] == "三、重点工程项目实施以工代赈（1个）"
    second = dict(zip(header, rows[6], strict=True))
    assert second["项目名称"] == "康庄镇污水管网"
    assert second["建设地点"] == "八达岭镇、张山营镇"
    assert second["劳务报酬占中央资金比例"] is None  # no central funds: no central ratio
    footer = dict(zip(header, rows[7], strict=True))
    assert footer["序号"] == "合计" and footer["项目编号"] == "2个"
    assert footer["总投资（元）"] == 3000000 and footer["市级资金（元）"] == 2000000
    # reviewed, withdrawn and next year's projects are not on the list; below the 合计 row, a
    # blank row and the paper form's signature block (issue 10 item 21)
    assert len(rows) == 10 and rows[9][0] == "填报单位（盖章）："
    sectors = _rows(book["按行业汇总"])
    assert sectors[2] == ["行业领域", "项目数", "总投资（元）", "计划发放劳务报酬（元）",
                          "中央资金（元）", "劳务报酬占中央资金比例", "财政资金（元）",
                          "劳务报酬占财政资金比例"]  # fmt: skip
    assert {r[0]: r[1] for r in sectors[3:]} == {"水利": 1, "生态环境": 1}
    townships = {r[0]: tuple(r[1:3]) for r in _rows(book["按乡镇汇总"])[3:]}
    assert townships == {"八达岭镇": (2, 3000000), "张山营镇": (1, 2000000)}
    sources = {r[0]: r[1] for r in _rows(book["按资金来源汇总"])[3:]}
    assert sources["中央预算内投资"] == 600000 and sources["市级资金"] == 2000000
    assert sources["合计"] == 3000000


def test_the_page_exports_the_annual_list(listed, cast, client_for):
    response = client_for(cast.district_office).get(
        reverse("projects:annual_export"), {"year": 2026}
    )
    assert response.status_code == 200
    _check_workbook(response.content, *listed)


def test_the_export_is_scoped(listed, cast, client_for):
    response = client_for(cast.users["other_township"]).get(
        reverse("projects:annual_export"), {"year": 2026}
    )
    rows = _rows(load_workbook(io.BytesIO(response.content))["年度项目清单"])
    names = [r[3] for r in rows[3:] if isinstance(r[0], int)]
    assert names == ["康庄镇污水管网"]


def test_the_command_exports_the_same(listed, tmp_path):
    target = tmp_path / "清单.xlsx"
    out = io.StringIO()
    call_command("export_annual_list", "--year", "2026", str(target), stdout=out)
    assert "2 个项目" in out.getvalue()
    _check_workbook(target.read_bytes(), *listed)


def test_the_command_refuses_a_wrong_file_name(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match=r"\.xlsx"):
        call_command("export_annual_list", "--year", "2026", str(tmp_path / "清单.csv"))


def test_every_filtered_list_exports(listed, cast, client_for):
    response = client_for(cast.district_office).get(
        reverse("projects:list"), {"sector": Sector.ECOLOGY, "export": "xlsx"}
    )
    rows = _rows(load_workbook(io.BytesIO(response.content)).active)
    assert rows[0][0] == "以工代赈项目库（筛选结果）"
    assert [r[3] for r in rows[3:]] == ["康庄镇污水管网"]
