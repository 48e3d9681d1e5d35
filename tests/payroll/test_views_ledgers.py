"""The wage ledger pages: fixed query counts whatever the number of lines, and the flows a
project unit, a department and the district office go through."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from payroll import ledger_pdf
from payroll.choices import LedgerStatus
from payroll.models import PayrollYear, WageAccount, WageLedger, WageSuspicion
from payroll.services.ledgers import ledger_create, ledger_replace_lines, ledger_submit
from projects.choices import NoticeKind
from projects.hooks import wage_figures
from projects.pdf import notice_context
from tests.payroll.factories import LabourContractFactory, WorkerFactory, record_attendance
from tests.payroll.ledger_site import MAY, TODAY, WORKED, build_site
from tests.projects.factories import ProgrammeYearFactory
from yiguoji.core.models import Job
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% signed\n"


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def site(make_user):
    return build_site(make_user)


def queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured)


def uploaded(site) -> WageLedger:
    return ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )


def detail(ledger) -> str:
    return reverse("payroll:ledger_detail", args=[ledger.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_the_ledger_page_runs_a_fixed_number_of_queries(site, client_for):
    client = client_for(site.unit)
    ledger = uploaded(site)
    few = queries(client, detail(ledger))
    for n in range(27):
        worker = WorkerFactory(name=f"测试{n:02d}")
        LabourContractFactory(position=site.position, worker=worker)
        record_attendance(site.project, worker, WORKED)
        site.workers.append(worker)
    ledger = uploaded(site)
    assert ledger.workers == 30
    assert queries(client, detail(ledger)) == few


@pytest.mark.parametrize(
    ("name", "role", "rows"),
    [
        ("payroll:ledgers", "unit", 4),
        ("payroll:arrears", "unit", 12),  # three lines paid short on each of four ledgers
        ("payroll:ledger_inbox", "dept", 4),
    ],
)
def test_lists_run_a_fixed_number_of_queries(make_user, client_for, name, role, rows):
    first = build_site(make_user, code="YQ-2026-101")
    user = first.unit if role == "unit" else first.department
    client = client_for(user)
    url = reverse(name)

    def add(site):
        ledger = ledger_replace_lines(
            acting_user=first.unit,
            project=site.project,
            month=MAY,
            lines=site.lines(paid=Decimal("1000.00"), explanation="余款7月补发"),
        )
        ledger_submit(acting_user=first.unit, ledger=ledger)

    add(first)
    few = queries(client, url)
    for n in range(3):
        other = build_site(make_user, code=f"YQ-2026-2{n:02d}", tag=f"x{n}")
        other.project.owner = first.project.owner
        other.project.department = first.project.department
        other.project.save()
        add(other)
    assert queries(client, url) == few
    assert client.get(url).context["table"].paginator.count == rows


def test_a_unit_drafts_from_attendance_fills_edits_and_submits(site, client_for):
    client = client_for(site.unit)
    response = client.post(
        reverse("payroll:ledger_new"),
        {"project": site.project.pk, "month": "2026-05", "how": "attendance"},
    )
    ledger = WageLedger.objects.get()
    assert response["Location"] == detail(ledger)
    page = client.get(detail(ledger)).content.decode()
    assert "尚有 <strong>3</strong> 人未填写实发金额" in page
    assert "3 人尚未写明情况" in page
    response = client.post(
        reverse("payroll:ledger_fill", args=[ledger.pk]),
        {"revision": ledger.revision, "pay_date": "2026-06-10"},
        follow=True,
    )
    assert "已为3人按应发金额填写实发金额和发放日期" in messages_of(response)[0]
    ledger.refresh_from_db()
    assert ledger.total_paid == Decimal("6000.00") and ledger.total_arrears == 0
    line = ledger.lines.order_by("seq").first()
    response = client.post(
        reverse("payroll:ledger_line_edit", args=[ledger.pk, line.pk]),
        {"revision": ledger.revision, "days": "10", "daily_rate": "200", "paid": "1800",
         "pay_date": "2026-06-10", "method": "bank_card", "explanation": "余款7月10日补发"},
    )  # fmt: skip
    assert response.status_code == 302
    ledger.refresh_from_db()
    assert ledger.total_arrears == Decimal("200.00")
    response = client.post(
        reverse("payroll:ledger_submit", args=[ledger.pk]),
        {"revision": ledger.revision},
        follow=True,
    )
    assert messages_of(response)[-1] == f"{ledger}已提交。请组织务工人员签字确认。"
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.SUBMITTED


def test_a_line_edit_that_breaks_a_rule_shows_why(site, client_for):
    ledger = uploaded(site)
    line = ledger.lines.order_by("seq").first()
    response = client_for(site.unit).post(
        reverse("payroll:ledger_line_edit", args=[ledger.pk, line.pk]),
        {"revision": ledger.revision, "days": "10", "daily_rate": "200", "paid": "2000",
         "pay_date": "2026-06-10", "method": "cash"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "王建军：以现金发放须写明原因" in response.content.decode()


def test_a_stale_page_is_told_who_changed_the_ledger(site, client_for):
    ledger = uploaded(site)
    stale = ledger.revision
    ledger_submit(acting_user=site.contractor, ledger=ledger)
    response = client_for(site.unit).post(
        reverse("payroll:ledger_submit", args=[ledger.pk]), {"revision": stale}, follow=True
    )
    [message] = messages_of(response)
    assert message.startswith(f"该台账已由{site.contractor.get_full_name()}于2026-06-20 12:00提交")


def test_signatures_filing_and_returning_through_the_pages(site, client_for):
    ledger = ledger_submit(acting_user=site.unit, ledger=uploaded(site))
    unit, dept = client_for(site.unit), client_for(site.department)
    first = ledger.lines.order_by("seq").first()
    unit.post(
        reverse("payroll:ledger_confirm", args=[ledger.pk]),
        {"revision": ledger.revision, "signed": "1", "lines": [first.pk]},
    )
    first.refresh_from_db()
    assert first.signed
    ledger.refresh_from_db()
    response = unit.post(
        reverse("payroll:ledger_sign", args=[ledger.pk]),
        {"revision": ledger.revision, "scan": SimpleUploadedFile("签字台账.pdf", PDF)},
    )
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.SIGNED
    scan = unit.get(reverse("payroll:ledger_scan", args=[ledger.pk]))
    assert scan.status_code == 200 and b"".join(scan.streaming_content) == PDF
    page = dept.get(detail(ledger)).content.decode()
    assert "备案" in page and "退回项目单位" in page
    response = dept.post(
        reverse("payroll:ledger_return", args=[ledger.pk]),
        {"revision": ledger.revision, "comments": "请补充银行流水"},
        follow=True,
    )
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.RETURNED
    assert "请补充银行流水" in response.content.decode()
    # The project unit cannot file; the department cannot submit.
    assert unit.post(reverse("payroll:ledger_file", args=[ledger.pk]), {}).status_code == 403
    assert dept.post(reverse("payroll:ledger_submit", args=[ledger.pk]), {}).status_code == 403


def test_a_filed_ledger_offers_a_correction_not_edits(site, client_for):
    ledger = ledger_submit(acting_user=site.unit, ledger=uploaded(site))
    client_for(site.unit).post(
        reverse("payroll:ledger_sign", args=[ledger.pk]),
        {"revision": ledger.revision, "scan": SimpleUploadedFile("s.pdf", PDF)},
    )
    ledger.refresh_from_db()
    client_for(site.department).post(
        reverse("payroll:ledger_file", args=[ledger.pk]), {"revision": ledger.revision}
    )
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.FILED
    client = client_for(site.unit)
    page = client.get(detail(ledger)).content.decode()
    assert "发起更正" in page and "修改</a>" not in page
    response = client.post(
        reverse("payroll:ledger_correct", args=[ledger.pk]), {"reason": "发放日期填错"}
    )
    second = WageLedger.objects.get(version=2)
    assert response["Location"] == detail(second)
    page = client.get(detail(second)).content.decode()
    assert "更正原因：发放日期填错" in page and "第1版（已备案，保留不变）" in page
    response = client.post(reverse("payroll:ledger_discard", args=[second.pk]))
    assert response["Location"] == detail(ledger)


def test_the_pdf_for_signatures_masks_numbers(site, client_for):
    ledger = uploaded(site)
    response = client_for(site.unit).get(reverse("payroll:ledger_pdf", args=[ledger.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    worker = site.workers[0]
    assert "劳务报酬发放台账" in text and worker.name in text
    assert worker.id_masked in text and worker.id_number_encrypted.reveal() not in text
    assert "本人签字" in text and "6,000.00" in text


def test_a_long_ledger_prints_in_the_background(site, make_user, client_for, monkeypatch):
    monkeypatch.setattr(ledger_pdf, "SYNC_MAX_LINES", 2)
    monkeypatch.setattr("payroll.views.ledgers.SYNC_MAX_LINES", 2)
    ledger = uploaded(site)
    response = client_for(site.unit).get(reverse("payroll:ledger_pdf", args=[ledger.pk]))
    assert response["Location"] == reverse("core:jobs")
    job = Job.objects.get(kind=ledger_pdf.JOB_KIND)
    progress = []
    result = ledger_pdf.ledger_pdf_job(job, lambda p, m="": progress.append(p))
    assert result.filename == "YQ-2026-101-2026年05月劳务报酬发放台账.pdf"
    assert result.content.startswith(b"%PDF") and progress[0] == 10
    # Another unit's user cannot have it rendered for them.
    job.created_by = make_user(Role.PROJECT_UNIT, username="stranger")
    with pytest.raises(Exception, match="台账不存在，或您无权查看"):
        ledger_pdf.ledger_pdf_job(job, lambda *a: None)


def test_the_excel_export_has_every_line_and_the_totals(site, client_for):
    ledger = uploaded(site)
    response = client_for(site.department).get(reverse("payroll:ledger_export", args=[ledger.pk]))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "岔道村排水沟整治工程2026年5月劳务报酬发放台账"
    names = [row[1] for row in rows[3:6]]
    assert names == [w.name for w in site.workers]
    assert rows[6][:2] == ("合计", "3人") and rows[6][8] == 6000


def test_the_project_page_and_notice_read_the_wages_paid(site, client_for):
    ledger = uploaded(site)
    assert wage_figures(site.project) is None  # a draft counts for nothing
    ledger_submit(acting_user=site.unit, ledger=ledger)
    figures = wage_figures(site.project)
    assert (figures.workers, figures.wages_paid, figures.as_of) == (3, 6000, MAY)
    assert figures.person_days == 30
    notice = notice_context(site.project, NoticeKind.PERMANENT)
    assert notice["figures"].wages_paid == Decimal("6000.00")
    ProgrammeYearFactory(year=2026)
    page = client_for(site.unit).get(reverse("projects:detail", args=[site.project.pk]))
    html = page.content.decode()
    assert 'data-testid="project-wages"' in html
    assert "缺农民工工资支付承诺书" in html


def test_the_worker_page_lists_wages_and_trainings_slot(site, client_for):
    ledger = uploaded(site)
    worker = site.workers[0]
    html = client_for(site.unit).get(reverse("payroll:worker_detail", args=[worker.pk]))
    text = html.content.decode()
    assert 'data-testid="worker-wages"' in text and "2026年5月" in text
    assert detail(ledger) in text


def test_the_district_office_reviews_a_suspicion(site, make_user, client_for):
    from tests.payroll.ledger_site import other_project

    worker = site.workers[0]
    other_unit, other = other_project(make_user, worker, days=WORKED[:3])
    theirs = ledger_create(acting_user=other_unit, project=other, month=MAY)
    theirs.lines.update(paid=Decimal("600.00"), pay_date=dt.date(2026, 6, 5))
    ledger_submit(acting_user=other_unit, ledger=theirs)
    ours = uploaded(site)
    ours.lines.filter(worker=worker).update(explanation="请核实")
    ledger_submit(acting_user=site.unit, ledger=ours)
    suspicion = WageSuspicion.objects.get()
    district = client_for(make_user(Role.DISTRICT_OFFICE, username="fgw"))
    listing = district.get(reverse("payroll:suspicions")).content.decode()
    assert worker.name in listing and "YQ-2026-101" in listing
    response = district.post(
        reverse("payroll:suspicion_detail", args=[suspicion.pk]),
        {"status": "cleared", "note": "经核实为同一天上下午分别务工"},
    )
    assert response.status_code == 302
    suspicion.refresh_from_db()
    assert suspicion.get_status_display() == "已排除"


def test_safeguards_flag_and_accounts_are_recorded(site, make_user, client_for):
    ProgrammeYearFactory(year=2026, wage_account_threshold=Decimal("500000"))
    home = client_for(make_user(Role.FINANCE)).get("/").content.decode()
    assert "项目缺农民工工资支付承诺书或工资专用账户" in home
    client = client_for(site.unit)
    page = client.get(reverse("payroll:safeguards")).content.decode()
    assert "待补齐" in page and "未登记" in page
    response = client.post(
        reverse("payroll:wage_account_new", args=[site.project.pk]),
        {"bank": "北京农商银行", "account_name": "排水沟整治工程工资专用账户",
         "account_number": "0301 2233 4455", "opened_on": "2026-04-01"},
    )  # fmt: skip
    assert response.status_code == 302
    account = WageAccount.objects.get()
    assert account.account_number == "030122334455" and account.recorded_by == site.unit


def test_the_district_office_sets_the_deadlines(make_user, client_for):
    client = client_for(make_user(Role.DISTRICT_OFFICE))
    url = reverse("payroll:wage_settings")
    assert "本年度尚未设置" in client.get(url).content.decode()
    response = client.post(
        url,
        {"year": 2026, "pay_deadline_day": 10, "ledger_deadline_day": 15,
         "reminder_lead_days": 3},
    )  # fmt: skip
    assert response.status_code == 302
    row = PayrollYear.objects.get(year=2026)
    assert (row.pay_deadline_day, row.ledger_deadline_day, row.reminder_lead_days) == (10, 15, 3)


def test_uploading_leads_to_the_ledger(site, client_for):
    from tests.payroll.sheets import xlsx

    header = ["姓名", "公民身份号码", "出勤天数", "日劳务报酬标准", "应发金额", "实发金额",
              "发放日期"]  # fmt: skip
    rows = [[w.name, w.id_number_encrypted.reveal(), 10, 200, 2000, 2000, "2026-06-10"]
            for w in site.workers]  # fmt: skip
    content = xlsx([header, *rows], text_columns="B")
    client = client_for(site.unit)
    url = reverse("payroll:ledger_import", args=[site.project.pk, "2026-05"])
    response = client.post(url, {"file": SimpleUploadedFile("台账.xlsx", content)})
    ledger = WageLedger.objects.get()
    assert response["Location"] == detail(ledger)
    assert ledger.workers == 3 and ledger.total_paid == 6000
