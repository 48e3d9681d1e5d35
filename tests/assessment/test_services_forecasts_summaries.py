"""Forecasts (plan task 10) and township annual summaries with case studies (plan task 5)."""

import datetime as dt
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.models import AssessmentYear
from assessment.pdf import summary_pdf
from assessment.services.forecasts import forecast_submit
from assessment.services.summaries import (
    case_study_save,
    summary_photo_add,
    summary_return,
    summary_save,
    summary_submit,
)
from assessment.views.summaries import _context
from projects.choices import ProjectStatus
from tests.assessment.factories import ledger

SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def last_year(make_project, workers):
    """2025: two listed projects of the unit in township A, 3 people paid 9,000 yuan."""
    first = make_project(status=ProjectStatus.MAINTENANCE, year=2025)
    make_project(status=ProjectStatus.ACCEPTED, year=2025)
    zhang, li, wang = workers
    ledger(first, dt.date(2025, 6, 1), [(zhang, 10, 300, 3000, dt.date(2025, 7, 5)),
                                        (li, 10, 300, 3000, dt.date(2025, 7, 5)),
                                        (wang, 10, 300, 3000, dt.date(2025, 7, 5))])  # fmt: skip
    AssessmentYear.objects.create(year=2026, forecast_due=dt.date(2026, 1, 31),
                                  summary_due=dt.date(2027, 1, 31))  # fmt: skip


@time_machine.travel(dt.datetime(2026, 1, 10, 9, tzinfo=SHANGHAI), tick=False)
def test_a_forecast_below_last_year_needs_an_explanation(cast, last_year):
    with pytest.raises(ValidationError) as refused:
        forecast_submit(acting_user=cast.project_unit, year=2026, projects=1, beneficiaries=3,
                        wage_total=D("8000"))  # fmt: skip
    message = refused.value.message_dict["explanation"][0]
    assert "项目数量预计 1 个，低于上年实际 2 个" in message
    assert "发放劳务报酬金额预计 8,000.00 元，低于上年实际 9,000.00 元" in message
    assert "惠及当地农民数量" not in message  # 3 is not below 3

    forecast = forecast_submit(acting_user=cast.project_unit, year=2026, projects=1,
                               beneficiaries=3, wage_total=D("8000"),
                               explanation="2026年本村只有一个适用以工代赈的项目")  # fmt: skip
    assert (forecast.last_projects, forecast.last_beneficiaries) == (2, 3)
    assert forecast.last_wage_total == D("9000")
    township = forecast_submit(acting_user=cast.users["township"], year=2026, projects=2,
                               beneficiaries=3, wage_total=D("9000"))  # fmt: skip
    assert township.last_projects == 2  # the township counts the projects built in it


def test_forecasts_cannot_change_after_the_deadline(cast, last_year):
    with time_machine.travel(dt.datetime(2026, 1, 20, tzinfo=SHANGHAI), tick=False):
        forecast_submit(acting_user=cast.project_unit, year=2026, projects=3, beneficiaries=5,
                        wage_total=D("10000"))  # fmt: skip
    with time_machine.travel(dt.datetime(2026, 2, 2, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(ValidationError, match="截止后不能再修改"):
            forecast_submit(acting_user=cast.project_unit, year=2026, projects=9,
                            beneficiaries=5, wage_total=D("10000"))  # fmt: skip
        late = forecast_submit(acting_user=cast.users["township"], year=2026, projects=3,
                               beneficiaries=5, wage_total=D("10000"))  # fmt: skip
        assert late.pk  # a first forecast is still taken (and scored as late)
    with pytest.raises(PermissionDenied):
        forecast_submit(acting_user=cast.district_office, year=2026, projects=1,
                        beneficiaries=1, wage_total=D("1"))  # fmt: skip


SECTIONS = {
    "policy": "成立工作专班", "implementation": "实施项目2个", "employment": "带动务工",
    "training": "开展培训", "problems": "台账报送不及时", "plans": "继续谋划项目",
}  # fmt: skip


def test_a_township_submits_its_summary_with_a_case_study(cast, last_year):
    township, user = cast.township, cast.users["township"]
    summary = summary_save(acting_user=user, township=township, year=2025,
                           sections={**SECTIONS, "plans": ""})  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        summary_submit(acting_user=user, summary=summary)
    assert "请填写“六、下一步工作打算”" in str(refused.value)
    assert "至少形成一篇典型案例（重点任务5）" in str(refused.value)

    summary = summary_save(acting_user=user, township=township, year=2025, sections=SECTIONS)
    case_study_save(acting_user=user, township=township, year=2025,
                    values={"title": "岔道村", "background": "b", "practice": "p", "results": "r"},
                    photo=SimpleUploadedFile("案例.png", PNG))  # fmt: skip
    summary_photo_add(acting_user=user, township=township, year=2025,
                      upload=SimpleUploadedFile("现场.png", PNG), caption="现场")  # fmt: skip
    summary = summary_submit(acting_user=user, summary=summary)

    assert summary.status == "submitted"
    assert summary.figures["projects"] == "2" and summary.figures["workers"] == "3"
    assert summary.figures["wages_paid"] == "9000.00"
    with pytest.raises(ValidationError, match="已提交，不能再修改"):
        summary_save(acting_user=user, township=township, year=2025, sections=SECTIONS)
    with pytest.raises(PermissionDenied):
        summary_save(acting_user=cast.users["other_township"], township=township, year=2025,
                     sections=SECTIONS)  # fmt: skip

    pdf = summary_pdf(summary, _context(summary, township, 2025, user))
    assert pdf.startswith(b"%PDF")

    returned = summary_return(acting_user=cast.district_office, summary=summary,
                              comment="请补充优先群体务工情况")  # fmt: skip
    assert returned.status == "returned" and returned.figures == {}
    summary_save(acting_user=user, township=township, year=2025, sections=SECTIONS)
