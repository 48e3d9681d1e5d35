"""Importing proposed projects from real-world sheets: tolerant, all-or-nothing, every bad row
with row, column and reason (plan task 1; yiguoji.imports)."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects import importers
from projects.choices import ProjectStatus
from projects.importers import ProposedProjectImport
from projects.models import Project
from tests.projects.sheets import HEADER, row, workbook
from yiguoji.core.models import Job
from yiguoji.imports import run_import

pytestmark = pytest.mark.django_db


def run(user, data, year=2026):
    return run_import(
        ProposedProjectImport(), data, filename="项目表.xlsx", context={"user": user, "year": year}
    )


def test_a_real_sheet_is_imported(cast):
    data = workbook([row(1, "岔道村排水沟渠整治"), row(2, "岔道村街巷硬化", 用工环节="无")])
    result = run(cast.department, data)
    assert result.ok, result.messages()
    assert result.written == 2
    project = Project.objects.get(name="岔道村排水沟渠整治")
    assert project.status == ProjectStatus.RESERVE
    assert project.code == "YQ-2026-001"
    assert project.owner == cast.orgs["project_unit"]
    assert project.department == cast.orgs["department"]  # the importing department
    assert project.total_investment == Decimal("600000.00")
    assert project.planned_wage_total == Decimal("160000.00")
    assert project.planned_local_jobs == 20
    assert project.segments == ["general", "service"]
    assert [t.name for t in project.townships.all()] == ["八达岭镇"]
    assert [v.name for v in project.villages.all()] == ["岔道村"]
    lines = {(f.source, f.amount, f.is_special_fund) for f in project.funding_lines.all()}
    assert lines == {
        ("central_budget", Decimal("500000.00"), True),
        ("district", Decimal("100000.00"), False),
    }
    assert Project.objects.get(name="岔道村街巷硬化").segments == []


def test_every_bad_row_is_reported_and_nothing_is_written(cast, make_project):
    existing = make_project(name="已有的项目", year=2026)
    data = workbook(
        [
            row(1, "好的项目"),
            row(2, "坏项目一", 业主单位="不存在的村委会", 所在乡镇="火星镇"),
            row(3, "坏项目二", 所在村="西五里营村", 计划完工时间="2026-03-01"),
            row(4, "坏项目三", **{"总投资（万元）": 70}),
            row(5, "坏项目四", 项目类别="扶贫项目", 所属行业=""),
            row(6, "好的项目"),
            row(7, "已有的项目"),
        ]
    )
    before = Project.objects.count()
    result = run(cast.department, data)
    assert not result.ok and result.written == 0
    assert Project.objects.count() == before
    assert result.messages() == [
        "第4行 项目名称：与第9行重复",
        "第5行 业主单位：“不存在的村委会”不是平台已登记、可由您填报的项目单位",
        "第5行 所在乡镇：“火星镇”不是本区的乡镇（街道）",
        "第6行 所在村：“西五里营村”不是所填乡镇下的村",
        "第6行 计划完工时间：计划完工日期早于计划开工日期",
        "第7行 总投资（万元）：各资金来源合计 600,000.00 元，与总投资 700,000.00 元不一致",
        "第8行 项目类别：“扶贫项目”不是可选的值，应为：以工代赈专项资金项目、"
        "农业农村基础设施推广以工代赈方式项目、重点工程项目实施以工代赈",
        "第8行 所属行业：不能为空",
        "第9行 项目名称：与第4行重复",
        f"第10行 项目名称：本年度已有同名项目（{existing.code}），请勿重复导入",
    ]
    assert result.error_workbook() is not None


def test_a_sheet_in_yuan_is_read_in_yuan(cast):
    header = [h.replace("（万元）", "（元）") for h in HEADER]
    values = row(1, "元为单位的项目")
    values[-4:] = ["600,000.00", "500000", "100000", "160000元"]
    result = run(cast.district_office, workbook([values], header=header))
    assert result.ok, result.messages()
    assert Project.objects.get().total_investment == Decimal("600000.00")


def test_a_money_column_without_its_unit_is_refused(cast):
    header = [h.replace("总投资（万元）", "总投资") for h in HEADER]
    result = run(cast.district_office, workbook([row(1, "项目")], header=header))
    assert not result.ok
    assert "缺少“总投资（元）”或“总投资（万元）”列（金额列须注明单位）" in result.messages()


def test_both_units_for_one_amount_is_refused(cast):
    header = [*HEADER, "总投资（元）"]
    values = [*row(1, "项目"), 600000]
    result = run(cast.district_office, workbook([values], header=header))
    assert "第4行 总投资（元）：“总投资”同时填写了元和万元，请只填一种" in result.messages()


def test_a_township_imports_only_its_own_projects(cast):
    data = workbook([row(1, "张山营的项目", 所在乡镇="张山营镇", 所在村="", 业主单位="岔道村委会")])
    result = run(cast.users["township"], data)
    assert result.messages() == ["第4行 所在乡镇：乡镇只能导入位于本乡镇的项目"]


def test_a_failure_while_writing_undoes_every_row(cast, monkeypatch):
    from django.core.exceptions import ValidationError

    calls = []
    real = importers.project_save

    def fail_on_second(**kwargs):
        calls.append(kwargs["fields"]["name"])
        if len(calls) == 2:
            raise ValidationError("保存失败：测试")
        return real(**kwargs)

    monkeypatch.setattr(importers, "project_save", fail_on_second)
    result = run(cast.department, workbook([row(1, "第一个"), row(2, "第二个")]))
    assert not result.ok
    assert result.messages() == ["第5行：保存失败：测试"]
    assert not Project.objects.exists()


def test_the_template_has_every_column():
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(ProposedProjectImport().template_workbook()))
    headers = [cell.value for cell in next(book.worksheets[0].iter_rows(min_row=2, max_row=2))]
    assert "项目名称" in " ".join(str(h) for h in headers)


# --- the page -------------------------------------------------------------------------------


def test_the_page_imports_a_good_file(cast, client_for):
    client = client_for(cast.department)
    upload = SimpleUploadedFile("项目表.xlsx", workbook([row(1, "页面导入的项目")]))
    response = client.post(reverse("projects:import"), {"year": 2026, "file": upload})
    assert response.status_code == 302
    assert Project.objects.filter(name="页面导入的项目").exists()


def test_the_page_lists_every_error_and_offers_the_marked_workbook(cast, client_for):
    client = client_for(cast.department)
    upload = SimpleUploadedFile("项目表.xlsx", workbook([row(1, "项目", 所在乡镇="火星镇")]))
    response = client.post(reverse("projects:import"), {"year": 2026, "file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "第4行 所在乡镇：“火星镇”不是本区的乡镇（街道）" in page
    errors_url = response.context["outcome"].errors_url
    assert errors_url and client.get(errors_url).status_code == 200
    assert not Project.objects.exists()


def test_a_big_file_becomes_a_background_job(cast, client_for, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 1000
    client = client_for(cast.department)
    upload = SimpleUploadedFile("项目表.xlsx", workbook([row(1, "大文件项目")]))
    response = client.post(reverse("projects:import"), {"year": 2026, "file": upload})
    assert response.status_code == 302 and response["Location"] == reverse("core:jobs")
    job = Job.objects.get()
    assert job.params["upload"] == importers.UPLOAD_KEY and job.params["params"] == {"year": 2026}
