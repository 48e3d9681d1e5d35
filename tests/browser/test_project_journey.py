"""One project from reserve to started, in the browser, each step by the role that owns it:
the project unit proposes (form with inline funding lines and positions), plans expenditures
and uploads the proposal; the district office reviews (art. 24 checklist) and lists it; the water
department uploads the design and approval and approves; the project unit uploads the contract
and pledge, records the pre-start notice (art. 31) and starts. Screenshots in test-artifacts/."""

import datetime
import io

import pytest
from django.utils import timezone

from projects.choices import ProjectStatus
from projects.models import Project
from projects.services.programme import programme_year_save
from tests.browser.conftest import sign_in
from tests.projects.factories import PDF_BYTES
from yiguoji.core.demo import demo_password, seed_core
from yiguoji.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page, base):
    page.locator("header .dropdown-toggle").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{base}/login/")


def _as(page, base, username):
    sign_in(page, base, username, demo_password())
    assert page.url.rstrip("/") == base, f"{username} could not sign in"


def _upload(page, base, project, kind, tmp_path, **fields):
    page.goto(f"{base}/projects/{project.pk}/documents/upload/?kind={kind}")
    path = tmp_path / f"{kind}.pdf"
    path.write_bytes(PDF_BYTES)
    page.set_input_files("#id_file", str(path))
    for name, value in fields.items():
        page.fill(f"#id_{name}", value)
    page.get_by_role("button", name="上传").click()
    page.wait_for_url(f"{base}/projects/{project.pk}/")
    assert "已上传" in page.locator(".alert-success").inner_text()


def _status(project):
    project.refresh_from_db()
    return project.status


def test_a_project_from_reserve_to_started(live_server, page, artifacts, tmp_path):
    seed_core(io.StringIO())
    page.on("dialog", lambda dialog: dialog.accept())  # the steps ask "确定…吗？" (data-confirm)
    district = User.objects.get(username="district")
    programme_year_save(
        acting_user=district, year=2026, wage_share_target="0.30",
        wage_account_threshold=None, notice_days=7,
    )  # fmt: skip
    base = live_server.url

    # 1. The project unit proposes the project.
    _as(page, base, "unit_chadao")
    page.goto(f"{base}/projects/new/")
    page.fill("#id_name", "八达岭镇岔道村排水沟渠整治")
    page.select_option("#id_category", "special_fund")
    page.select_option("#id_sector", "water")
    page.select_option("#id_department", label="区水务局")
    page.select_option("#id_townships", label="八达岭镇")
    page.select_option("#id_villages", label="八达岭镇岔道村")
    page.fill("#id_content_and_scale", "清理、砌筑排水沟渠1.8公里，新建过路涵3处")
    page.fill("#id_work_relief_tasks", "土方开挖、砌筑沟渠等人工作业")
    page.check("input[name=segments][value=general]")
    page.check("input[name=segments][value=service]")
    page.fill("#id_social_benefit", "带动当地群众20人务工，人均增收8000元")
    page.fill("#id_performance_targets", "带动务工20人；发放劳务报酬16万元")
    page.fill("#id_planned_start", "2026-04-01")
    page.fill("#id_planned_end", "2026-12-31")
    page.fill("#id_total_investment", "600000")
    page.fill("#id_planned_wage_total", "160000")
    page.fill("#id_planned_local_jobs", "20")
    page.select_option("#id_contractor", label="妫水建筑")
    page.fill("#id_quality_unit", "妫水建筑")  # art. 27
    page.fill("#id_quality_person", "刘工")
    page.select_option("select[name='funding-0-source']", "central_budget")
    page.fill("input[name='funding-0-amount']", "500000")
    page.locator("[data-formset=funding] [data-formset-add]").click()
    page.select_option("select[name='funding-1-source']", "district")
    page.fill("input[name='funding-1-amount']", "100000")
    page.fill("input[name='positions-0-title']", "普工（土方、砌筑）")
    page.fill("input[name='positions-0-headcount']", "20")
    page.fill("input[name='positions-0-start_date']", "2026-04-01")
    page.fill("input[name='positions-0-end_date']", "2026-12-31")
    page.fill("input[name='positions-0-daily_wage']", "220")
    page.screenshot(path=str(artifacts / "project-journey-1-form.png"), full_page=True)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"{base}/projects/*/")
    project = Project.objects.get(name="八达岭镇岔道村排水沟渠整治")
    assert project.code == "YQ-2026-001" and project.funding_lines.count() == 2
    assert "尚缺以下条件" not in page.content()  # the unit cannot review: no next-step box
    page.goto(f"{base}/projects/{project.pk}/expenditures/")
    for category, description, amount, special in (
        ("wages", "当地群众务工劳务报酬", "160000", True),
        ("materials", "砂石、水泥", "300000", True),
        ("machinery_rental", "租赁当地群众小型机械", "140000", False),
    ):
        page.select_option("#id_category", category)
        page.fill("#id_description", description)
        page.fill("#id_amount", amount)
        if special:
            page.check("#id_from_special_fund")
        page.get_by_role("button", name="添加").click()
        page.wait_for_load_state("networkidle")
    assert project.expenditure_lines.count() == 3
    _upload(page, base, project, "proposal", tmp_path, title="项目建议书")
    _sign_out(page, base)

    # 2. The district office reviews (art. 24) and puts it on the annual list.
    _as(page, base, "district")
    page.goto(f"{base}/projects/{project.pk}/")
    missing = page.get_by_test_id("missing").inner_text()
    assert "前期审查清单“用工需求”未确认符合要求（第二十四条）" in missing
    page.screenshot(path=str(artifacts / "project-journey-2-reserve.png"), full_page=True)
    page.get_by_role("link", name="审查通过").click()
    page.check("#id_labour_demand_ok")
    page.fill("#id_labour_demand_note", "岗位20个，岔道村劳动力充足")
    page.check("#id_wage_feasibility_ok")
    page.fill("#id_wage_feasibility_note", "日报酬220元，资金已落实")
    page.check("#id_fund_compliance_ok")
    page.fill("#id_fund_compliance_note", "专项资金未用于第十九条所列支出")
    page.check("#id_fiscal_capacity_ok")  # art. 20
    page.fill("#id_fiscal_capacity_note", "区级配套已列入预算，不新增政府债务")
    page.locator("button[name=go]").click()
    page.wait_for_url(f"{base}/projects/{project.pk}/")
    assert _status(project) == ProjectStatus.REVIEWED
    page.goto(f"{base}/projects/annual/?year=2026")
    page.check(f"input[name=project][value='{project.pk}']")
    page.get_by_role("button", name="将所选项目列入2026年度清单").click()
    page.wait_for_load_state("networkidle")
    assert "已将 1 个项目列入2026年度项目清单" in page.content()
    assert _status(project) == ProjectStatus.LISTED
    page.screenshot(path=str(artifacts / "project-journey-3-annual-list.png"), full_page=True)
    _sign_out(page, base)

    # 3. The water department uploads the design and the approval, and approves.
    _as(page, base, "dept_water")
    _upload(page, base, project, "preliminary_design", tmp_path,
            key_terms="第八章“以工代赈就业岗位”：一般劳动岗位20个")  # fmt: skip
    _upload(page, base, project, "approval", tmp_path, number="延水字〔2026〕8号",
            key_terms="项目单位应优先吸纳当地群众务工，优先保障农民工工资支付")  # fmt: skip
    page.get_by_role("link", name="批复").first.click()
    page.locator("button[name=go]").click()
    page.wait_for_url(f"{base}/projects/{project.pk}/")
    assert _status(project) == ProjectStatus.APPROVED
    _sign_out(page, base)

    # 4. The project unit uploads the contract and pledge, posts the notice and starts.
    _as(page, base, "unit_chadao")
    terms = "合同第十二条：优先使用当地农村劳动力，劳务报酬按月通过银行卡发放"
    _upload(page, base, project, "tender_contract", tmp_path, key_terms=terms)
    _upload(page, base, project, "wage_pledge", tmp_path)
    posted = timezone.localdate() - datetime.timedelta(days=8)
    page.select_option("#id_kind", "pre_start")
    page.fill("#id_posted_on", posted.isoformat())
    page.fill("#id_location", "岔道村村务公开栏")
    page.get_by_role("button", name="登记已公示").click()
    page.wait_for_load_state("networkidle")
    assert "已登记开工前公示" in page.content()
    with page.expect_popup() as popup:
        page.get_by_role("link", name="打印开工前公示").click()
    assert popup.value.url.endswith("/notices/pre_start.pdf")
    page.get_by_role("link", name="登记开工").click()
    page.locator("button[name=go]").click()
    page.wait_for_url(f"{base}/projects/{project.pk}/")
    assert _status(project) == ProjectStatus.STARTED
    timeline = page.get_by_test_id("timeline").inner_text()
    for step in (
        "储备 → 已审查",
        "已审查 → 列入年度清单",
        "列入年度清单 → 已批复",
        "已批复 → 已开工",
    ):
        assert step in timeline, step
    page.screenshot(path=str(artifacts / "project-journey-4-started.png"), full_page=True)
    actors = list(project.transitions.order_by("at").values_list("actor__username", flat=True))
    assert actors == ["district", "district", "dept_water", "unit_chadao"]
