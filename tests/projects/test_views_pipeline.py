"""The pipeline's other pages: transitions, annual list, settings, changes, expenditure plan,
notices and uploads."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from projects.choices import ChangeStatus, DocumentKind, NoticeKind, ProjectStatus
from projects.models import ChangeRequest, ProgrammeYear, ProjectReview
from tests.projects.conftest import pass_review_checklist
from tests.projects.factories import PDF_BYTES

pytestmark = pytest.mark.django_db
S = ProjectStatus


def test_the_transition_page_lists_what_is_missing(make_project, cast, programme, client_for):
    project = make_project(status=S.LISTED)
    client = client_for(cast.department)
    url = reverse("projects:transition", args=[project.pk, "approve"])
    page = client.get(url).content.decode()
    assert "尚未上传“批复文件”" in page
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert 'data-testid="refusal"' in response.content.decode()
    project.refresh_from_db()
    assert project.status == S.LISTED


def test_a_transition_through_the_page(make_project, cast, programme, client_for):
    project = make_project(status=S.REVIEWED)
    response = client_for(cast.district_office).post(
        reverse("projects:transition", args=[project.pk, "withdraw"]), {"reason": "重复申报"}
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == S.WITHDRAWN
    assert project.transitions.get().reason == "重复申报"


def test_a_side_path_without_reason_shows_the_field_error(
    make_project, cast, programme, client_for
):
    project = make_project(status=S.REVIEWED)
    response = client_for(cast.district_office).post(
        reverse("projects:transition", args=[project.pk, "return"]), {"reason": ""}
    )
    assert response.status_code == 200 and "必填项" in response.content.decode()


def test_the_review_page_saves_and_passes_the_checklist(make_project, cast, programme, client_for):
    project = make_project()
    client = client_for(cast.district_office)
    url = reverse("projects:transition", args=[project.pk, "review"])
    data = {
        "labour_demand_ok": "on", "labour_demand_note": "岗位合理",
        "wage_feasibility_ok": "on", "wage_feasibility_note": "已论证",
        "fund_compliance_note": "待核实", "reason": "",
        "fiscal_capacity_ok": "on", "fiscal_capacity_note": "财政可承受，不新增债务",  # art. 20
    }  # fmt: skip
    assert client.post(url, {**data, "save": "1"}).status_code == 302
    review = ProjectReview.objects.get(project=project)
    assert review.labour_demand_note == "岗位合理" and not review.fund_compliance_ok
    assert client.get(url).context["form"].initial["labour_demand_note"] == "岗位合理"
    refused = client.post(url, data)
    assert "资金投向合规情况”未确认符合要求" in refused.content.decode()
    passed = client.post(url, {**data, "fund_compliance_ok": "on"})
    assert passed.status_code == 302
    project.refresh_from_db()
    assert project.status == S.REVIEWED


def test_unknown_actions_and_capabilities(make_project, cast, client_for):
    project = make_project()
    client = client_for(cast.project_unit)
    assert client.get(reverse("projects:transition", args=[project.pk, "nope"])).status_code == 404
    assert (
        client.get(reverse("projects:transition", args=[project.pk, "review"])).status_code == 403
    )


def test_the_annual_list_page_lists_chosen_projects(make_project, cast, programme, client_for):
    good = make_project(status=S.REVIEWED, name="好项目")
    incomplete = make_project(status=S.REVIEWED, name="缺内容的项目", social_benefit="")
    client = client_for(cast.district_office)
    page = client.get(reverse("projects:annual"), {"year": 2026})
    assert {p.name for p in page.context["candidates"]} == {"好项目", "缺内容的项目"}
    response = client.post(
        reverse("projects:annual_add"),
        {"year": 2026, "project": [good.pk, incomplete.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "已将 1 个项目列入2026年度项目清单" in html
    assert f"未能列入：{incomplete.code} 缺内容的项目：未填写社会效益评价" in html
    good.refresh_from_db()
    incomplete.refresh_from_db()
    assert good.status == S.LISTED and incomplete.status == S.REVIEWED
    assert [p.name for p in response.context["projects"]] == ["好项目"]


def test_only_the_district_office_compiles(make_project, cast, programme, client_for):
    project = make_project(status=S.REVIEWED)
    client = client_for(cast.department)
    assert client.get(reverse("projects:annual")).context["candidates"] == []
    response = client.post(reverse("projects:annual_add"), {"year": 2026, "project": [project.pk]})
    assert response.status_code == 403


def test_the_settings_page(cast, client_for):
    client = client_for(cast.district_office)
    page = client.get(reverse("projects:settings_year", args=[2026]))
    assert page.context["form"]["stage_approved"].initial == ["preliminary_design", "approval"]
    data = {
        "year": 2026, "wage_share_target_percent": "35", "wage_account_threshold": "3000000",
        "notice_days": 5, "stage_reviewed": ["proposal"], "stage_approved": ["approval"],
        "stage_started": ["wage_pledge", "tender_contract"],
    }  # fmt: skip
    response = client.post(reverse("projects:settings_year", args=[2026]), data)
    assert response.status_code == 302
    programme = ProgrammeYear.objects.get(year=2026)
    assert str(programme.wage_share_target) == "0.3500" and programme.notice_days == 5
    assert {(r.stage, r.kind, r.condition) for r in programme.requirements.all()} == {
        ("reviewed", "proposal", "always"), ("approved", "approval", "always"),
        ("started", "wage_pledge", "always"), ("started", "tender_contract", "not_self_build"),
    }  # fmt: skip
    assert client_for(cast.department).get(reverse("projects:settings")).status_code == 403


def test_change_request_pages(make_project, cast, client_for):
    project = make_project(status=S.APPROVED)
    client = client_for(cast.project_unit)
    url = reverse("projects:change_new", args=[project.pk])
    initial = client.get(url).context["funding"].initial
    assert len(initial) == 2
    data = {
        "reason": "延长沟渠", "content_and_scale": "砌筑排水沟渠2.2公里",
        "total_investment": "1100000", "planned_wage_total": "200000", "planned_local_jobs": 35,
        "planned_start": "2026-04-01", "planned_end": "2026-11-30",
        "funding-TOTAL_FORMS": 2, "funding-INITIAL_FORMS": 0,
        "funding-0-source": "central_budget", "funding-0-amount": "700000",
        "funding-1-source": "district", "funding-1-amount": "400000",
    }  # fmt: skip
    response = client.post(url, data)
    change = ChangeRequest.objects.get()
    assert response.status_code == 302
    detail = client_for(cast.department).get(reverse("projects:change", args=[change.pk]))
    assert detail.context["can_decide"]
    assert ("总投资", "1,000,000.00 元", "1,100,000.00 元") in detail.context["rows"]
    listing = client_for(cast.department).get(reverse("projects:changes"))
    assert [c.pk for c in listing.context["page"]] == [change.pk]
    decided = client_for(cast.department).post(
        reverse("projects:change", args=[change.pk]), {"decision": "approve", "decision_note": ""}
    )
    assert decided.status_code == 302
    change.refresh_from_db()
    assert change.status == ChangeStatus.APPROVED
    assert (
        client_for(cast.other_unit).get(reverse("projects:change", args=[change.pk])).status_code
        == 404
    )


def test_the_expenditure_page_names_art19(make_project, cast, client_for):
    project = make_project(complete=False)
    client = client_for(cast.project_unit)
    response = client.post(
        reverse("projects:expenditures", args=[project.pk]),
        {"category": "large_machinery", "description": "购买挖掘机", "amount": "300000",
         "from_special_fund": "on"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "第十九条第（五）项规定的禁止支出，不得列支以工代赈专项资金" in response.content.decode()
    assert not project.expenditure_lines.exists()
    ok = client.post(
        reverse("projects:expenditures", args=[project.pk]),
        {"category": "wages", "description": "务工报酬", "amount": "180000",
         "from_special_fund": "on"},
    )  # fmt: skip
    assert ok.status_code == 302 and project.expenditure_lines.count() == 1
    line = project.expenditure_lines.get()
    deleted = client.post(reverse("projects:expenditure_delete", args=[project.pk, line.pk]))
    assert deleted.status_code == 302 and not project.expenditure_lines.exists()
    assert (
        client_for(cast.users["leader"])
        .get(reverse("projects:expenditures", args=[project.pk]))
        .context["can_plan"]
        is False
    )


def test_recording_a_notice(make_project, cast, client_for):
    project = make_project(status=S.APPROVED)
    client = client_for(cast.project_unit)
    today = timezone.localdate()
    url = reverse("projects:notice_post", args=[project.pk])
    future = client.post(
        url, {"kind": NoticeKind.PRE_START, "posted_on": today + datetime.timedelta(days=1),
              "location": "村务公开栏"}, follow=True,
    )  # fmt: skip
    assert "公示日期不能晚于今天" in future.content.decode()
    client.post(url, {"kind": NoticeKind.PRE_START, "posted_on": today, "location": "村务公开栏"})
    assert project.notices.get().location == "村务公开栏"
    wrong = client.post(
        url, {"kind": NoticeKind.PERMANENT, "posted_on": today, "location": "项目点"}, follow=True
    )
    assert "不能登记永久性公示牌" in wrong.content.decode()
    assert client_for(cast.contractor).post(url, {}).status_code == 403


def test_uploading_through_the_page(make_project, cast, client_for):
    project = make_project(status=S.LISTED)
    client = client_for(cast.department)
    url = reverse("projects:document_upload", args=[project.pk])
    form = client.get(url, {"kind": "approval"}).context["form"]
    assert form.initial["kind"] == "approval"
    assert "approval" in dict(form.fields["kind"].choices)
    upload = SimpleUploadedFile("a.pdf", PDF_BYTES)
    missing_terms = client.post(url, {"kind": "approval", "number": "延水字1号", "file": upload})
    assert "吸纳当地群众务工就业" in missing_terms.content.decode()
    ok = client.post(
        url,
        {"kind": "approval", "number": "延水字1号", "key_terms": "优先吸纳当地群众务工",
         "file": SimpleUploadedFile("批复.pdf", PDF_BYTES)},
    )  # fmt: skip
    assert ok.status_code == 302
    document = project.documents.get(kind=DocumentKind.APPROVAL)
    assert document.kind == DocumentKind.APPROVAL
    void_url = reverse("projects:document_void", args=[project.pk, document.pk])
    client.post(void_url, {"reason": "文号错误"})
    document.refresh_from_db()
    assert document.void_reason == "文号错误"


def test_a_review_checklist_shows_on_the_detail(make_project, cast, client_for):
    project = make_project()
    pass_review_checklist(project, cast.district_office)
    html = client_for(cast.district_office).get(reverse("projects:detail", args=[project.pk]))
    assert "前期审查清单（第二十四条）" in html.content.decode()
