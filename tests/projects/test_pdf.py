"""Public notices (art. 31) as PDFs: the text is extracted and checked for the Chinese fields."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from projects.choices import NoticeKind, ProjectStatus
from projects.hooks import WageFigures, register_wage_figures, unregister_wage_figures
from projects.pdf import notice_pdf
from tests.projects.conftest import add_notice

pytestmark = pytest.mark.django_db
S = ProjectStatus


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=1)  # A4
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def project(make_project, cast, programme):
    project = make_project(
        status=S.STARTED, name="岔道村古城墙周边步道修缮",
        content_and_scale="修缮古城墙周边游览步道2.1公里",
    )  # fmt: skip
    project.villages.set(cast.township.villages.all())
    return project


def test_the_pre_start_notice(project):
    notice = add_notice(project, NoticeKind.PRE_START, days_ago=20)
    text = text_of(notice_pdf(project, NoticeKind.PRE_START))
    for expected in (
        "开工前公示", "北京市延庆区以工代赈项目", project.code, "岔道村古城墙周边步道修缮",
        "岔道村村民委员会", "八达岭镇（岔道村）", "修缮古城墙周边游览步道2.1公里",
        "2026年4月1日至2026年10月31日", "妫水建筑公司", "1,000,000.00元",
        "中央预算内投资（以工代赈专项资金）", "600,000.00", "区级资金", "400,000.00",
        "监督举报电话：12345", f"公示期：{notice.posted_on:%Y年%-m月%-d日}",
    ):  # fmt: skip
        assert expected in text, expected


def test_the_during_works_notice(project):
    text = text_of(notice_pdf(project, NoticeKind.DURING_WORKS))
    for expected in (
        "施工期间公示", "务工岗位及劳务报酬发放标准", "一般劳动环节", "普工", "20",
        "身体健康，能从事体力劳动", "200.00", "通过银行卡足额发放至务工人员本人账户",
        "监督举报电话：12345",
    ):  # fmt: skip
        assert expected in text, expected


def test_the_permanent_board_says_plainly_when_no_wages_were_paid(project):
    text = text_of(notice_pdf(project, NoticeKind.PERMANENT))
    assert "以工代赈项目公示牌" in text
    assert "本项目尚无劳务报酬发放记录" in text
    assert "计划带动当地群众务工30人" in text


def test_the_permanent_board_shows_what_payroll_reports(project):
    def provider(projects):
        return {
            p.pk: WageFigures(
                workers=28,
                wages_paid=Decimal("176543.21"),
                local_workers=26,
                priority_workers=9,
                person_days=812,
                as_of=datetime.date(2026, 10, 1),
            )
            for p in projects
        }

    register_wage_figures(provider)
    try:
        text = text_of(notice_pdf(project, NoticeKind.PERMANENT))
    finally:
        unregister_wage_figures(provider)
    for expected in ("参与务工人数28人", "发放劳务报酬176,543.21元", "其中重点帮扶群体9人",
                     "812人·天", "截至2026年10月"):  # fmt: skip
        assert expected in text, expected
    assert "尚无劳务报酬发放记录" not in text


def test_notices_are_served_through_the_scope(project, cast, client_for):
    url = reverse("projects:notice", args=[project.pk, NoticeKind.PRE_START])
    response = client_for(cast.project_unit).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "开工前公示" in text_of(response.content)
    assert client_for(cast.other_unit).get(url).status_code == 404
    bad_kind = reverse("projects:notice", args=[project.pk, "secret"])
    assert client_for(cast.project_unit).get(bad_kind).status_code == 404


def test_the_district_name_comes_from_the_district(project):
    from yiguoji.core.models import District

    District.objects.update(full_name="北京市怀柔区", complaint_hotline="010-69600000")
    text = text_of(notice_pdf(project, NoticeKind.DURING_WORKS))
    assert "北京市怀柔区以工代赈项目" in text and "010-69600000" in text
