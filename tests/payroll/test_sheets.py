"""The paper attendance sheet (payroll.services.sheets; issue 16 item 3): numbered sheets with a
code and QR code, the signed scan with its days beside the digital days, and the month's ledger
held back until a difference is explained."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from payroll.models import WageLedger, WageLine
from payroll.services.attendance import attendance_save_days
from payroll.services.ledgers import submission_refusals
from payroll.services.sheets import (
    sheet_differences,
    sheet_explain,
    sheet_issue,
    sheet_pdf,
    sheet_refusals,
    sheet_upload,
)
from projects.choices import ProjectStatus
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
JUNE = dt.date(2026, 6, 1)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 30, 18, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def month(make_user):
    """A contractor's project with two hired people and their June days recorded."""
    foreman = make_user(Role.CONTRACTOR)
    project = ProjectFactory(contractor=foreman.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(project=project)
    a, b = (LabourContractFactory(position=position, worker=WorkerFactory(name=n)).worker
            for n in ("吴一", "吴二"))  # fmt: skip
    attendance_save_days(
        acting_user=foreman, project=project, month=JUNE,
        days={a.pk: {dt.date(2026, 6, d): Decimal("1") for d in (1, 2, 3)},
              b.pk: {dt.date(2026, 6, 1): Decimal("0.5")}},
    )  # fmt: skip
    return foreman, project, a, b


def scan():
    return SimpleUploadedFile("签字表.pdf", PDF, content_type="application/pdf")


def test_each_printing_is_a_numbered_sheet_whose_pdf_carries_the_code(month):
    foreman, project, _, _ = month
    first = sheet_issue(acting_user=foreman, project=project, month=JUNE)
    second = sheet_issue(acting_user=foreman, project=project, month=dt.date(2026, 6, 15))
    assert (first.seq, second.seq) == (1, 2)
    assert second.code == f"KQ-{project.code}-202606-02"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet_pdf(second))).pages)
    assert second.code in text and "吴一" in text and "吴二" in text and "本人签字" in text
    assert "考勤签字表" in text


def test_only_the_project_s_side_prints_sheets(month, make_user):
    _, project, _, _ = month
    with pytest.raises(PermissionDenied):
        sheet_issue(acting_user=make_user(Role.CONTRACTOR, username="c2"), project=project,
                    month=JUNE)  # fmt: skip
    with pytest.raises(ValidationError, match="以后月份"):
        sheet_issue(acting_user=month[0], project=project, month=dt.date(2026, 8, 1))


def test_a_difference_holds_back_the_ledger_until_explained(month):
    foreman, project, a, b = month
    sheet = sheet_issue(acting_user=foreman, project=project, month=JUNE)
    sheet = sheet_upload(acting_user=foreman, sheet=sheet, scan=scan(),
                         paper_days={a.pk: "3", b.pk: "1.5"})  # fmt: skip
    (difference,) = sheet_differences(sheet)
    assert str(difference) == "吴二 签字表1.5天、系统0.5天"
    (refusal,) = sheet_refusals(project, JUNE)
    assert sheet.code in refusal.message and "说明差异" in refusal.message
    ledger = WageLedger.objects.create(project=project, month=JUNE,
                                       pay_deadline=dt.date(2026, 7, 15), workers=1)  # fmt: skip
    line = WageLine.objects.create(ledger=ledger, seq=1, worker=a, days=Decimal("3"),
                                   daily_rate=Decimal("200"), payable=Decimal("600"))  # fmt: skip
    assert "paper_sheet" in {f.rule for f in submission_refusals(ledger, [line])}
    sheet_explain(
        acting_user=foreman, sheet=sheet, explanation="6月2日吴二下午补工半天，系统漏记，已更正"
    )
    assert sheet_refusals(project, JUNE) == []
    assert "paper_sheet" not in {f.rule for f in submission_refusals(ledger, [line])}


def test_matching_days_need_no_explanation_and_bad_days_are_refused(month):
    foreman, project, a, b = month
    sheet = sheet_issue(acting_user=foreman, project=project, month=JUNE)
    with pytest.raises(ValidationError, match="吴二：请填写签字表上的天数"):
        sheet_upload(acting_user=foreman, sheet=sheet, scan=scan(), paper_days={a.pk: "3"})
    with pytest.raises(ValidationError, match=r"最小单位0\.5天，不能填2\.3"):
        sheet_upload(acting_user=foreman, sheet=sheet, scan=scan(),
                     paper_days={a.pk: "2.3", b.pk: "0.5"})  # fmt: skip
    sheet.refresh_from_db()
    assert not sheet.scan and sheet.uploaded_at is None
    sheet = sheet_upload(acting_user=foreman, sheet=sheet, scan=scan(),
                         paper_days={a.pk: "3", b.pk: "0.5"})  # fmt: skip
    assert sheet_differences(sheet) == [] and sheet_refusals(project, JUNE) == []


def test_the_sheet_page_shows_the_scan_beside_the_digital_days(month, client_for):
    foreman, project, a, b = month
    client = client_for(foreman)
    response = client.post(reverse("payroll:sheet_new", args=[project.pk, "2026-06"]))
    code = f"KQ-{project.code}-202606-01"
    assert response.status_code == 302 and response["Location"].endswith(f"/sheets/{code}/pdf/")
    assert client.get(response["Location"])["Content-Type"] == "application/pdf"
    page = reverse("payroll:sheet", args=[code])
    response = client.post(page, {"scan": scan(), f"d-{a.pk}": "3", f"d-{b.pk}": "1"})
    assert response.status_code == 302
    body = client.get(page).content.decode()
    assert "吴二 签字表1天、系统0.5天" in body and "不能提交" in body
    found = client.get(reverse("payroll:sheet_find"), {"code": code.lower()})
    assert found.status_code == 302 and found["Location"] == page
