"""Acceptance (art. 32): refused while wages are unpaid or complaints open, through the projects
app's lifecycle when it passes, all or nothing."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessment.choices import AcceptanceResult
from assessment.models import Acceptance, AcceptanceDocument
from assessment.services.acceptance import (
    AcceptanceRefused,
    acceptance_blockers,
    acceptance_record,
)
from payroll.choices import LedgerStatus
from payroll.models import WageLedger
from projects.choices import DocumentKind, NoticeKind, ProjectStatus
from projects.models import ProjectTransition
from projects.services.complaints import complaint_answer, complaint_confirm
from projects.services.lifecycle import TransitionRefused
from tests.assessment.factories import complaint, ledger
from tests.payroll.factories import LabourContractFactory, record_attendance
from tests.projects.factories import (
    PDF_BYTES,
    PositionFactory,
    ProjectDocumentFactory,
    PublicNoticeFactory,
    file_archives,
    hand_over,
)

SEP, OCT = dt.date(2026, 9, 1), dt.date(2026, 10, 1)


def _report(name="验收报告.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _accept(user, project, **values):
    values = {
        "accepted_on": dt.date(2026, 12, 10),
        "group_leader": "王建国（区发展改革委）",
        "group_members": "李明 区水务局\n赵敏 区人力社保局",
        "quality": "质量合格",
        "worker_organisation": "当地群众务工",
        "wage_payment": "足额发放",
        "training": "开展岗前培训",
        "relief_effect": "带动增收",
        "result": AcceptanceResult.PASSED,
        "documents": [_report()],
        **values,
    }
    return acceptance_record(acting_user=user, project=project, **values)


@pytest.fixture
def project(make_project, programme):
    project = make_project(status=ProjectStatus.COMPLETED)
    ProjectDocumentFactory(project=project, kind=DocumentKind.AUDIT)
    file_archives(project)  # plan task 8 (tests/projects/test_delivery_task8.py)
    return project


def test_refusal_lists_unpaid_lines_unsubmitted_ledgers_and_open_complaints(cast, project, workers):
    zhang, li, wang = workers
    ledger(project, SEP, [(zhang, 20, 200, 4000, dt.date(2026, 10, 10)),
                          (li, 10, 200, 1500, dt.date(2026, 10, 10))])  # fmt: skip
    ledger(project, OCT, [(wang, 5, 180, 900, dt.date(2026, 11, 10))], status=LedgerStatus.DRAFT)
    open_one = complaint(project, cast.district_office, content="李秀英反映9月劳务报酬少发500元")
    complaint(project, cast.district_office, status="resolved")
    complaint(project, cast.district_office, kind="quality")  # not about wages: no blocker

    with pytest.raises(AcceptanceRefused) as refused:
        _accept(cast.district_office, project)

    assert refused.value.blockers == [
        "2026年9月台账第2行 李秀英：应发 2,000.00 元，实发 1,500.00 元，欠发 500.00 元",
        "2026年10月劳务报酬发放台账尚未提交（草稿），无法核实劳务报酬是否足额发放",
        f"2026-06-03收到的拖欠劳务报酬投诉 {open_one.number}（举报电话，办理中）尚未办结："
        "李秀英反映9月劳务报酬少发500元",
    ]
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED
    assert not Acceptance.objects.exists() and not AcceptanceDocument.objects.exists()


def test_a_draft_correction_does_not_settle_an_arrear_until_submitted(cast, project, workers):
    li = workers[1]
    filed = ledger(project, SEP, [(li, 10, 200, 1500, dt.date(2026, 10, 10))])
    fix = ledger(project, SEP, [(li, 10, 200, 2000, dt.date(2026, 10, 20))], previous=filed,
                 status=LedgerStatus.DRAFT)  # fmt: skip
    with pytest.raises(AcceptanceRefused) as refused:
        _accept(cast.district_office, project)
    assert any("欠发 500.00 元" in b for b in refused.value.blockers)

    fix.status = LedgerStatus.SUBMITTED
    fix.save()
    with pytest.raises(AcceptanceRefused) as refused:  # art. 32: filed, not only submitted
        _accept(cast.district_office, project)
    assert refused.value.blockers == ["2026年9月劳务报酬发放台账尚未备案（已提交），备案后方可验收"]
    fix.status = LedgerStatus.FILED
    fix.save()
    acceptance = _accept(cast.district_office, project)
    assert acceptance.passed


def test_passing_moves_the_project_through_the_lifecycle(cast, project, workers):
    zhang = workers[0]
    ledger(project, SEP, [(zhang, 20, 200, 4000, dt.date(2026, 10, 10))])
    open_complaint = complaint(project, cast.district_office)
    complaint_answer(acting_user=cast.district_office, complaint=open_complaint,
                     answer="经核实已足额发放", substantiated=False)  # fmt: skip
    with pytest.raises(AcceptanceRefused):  # answered is not yet closed
        _accept(cast.district_office, project)
    complaint_confirm(complaint=open_complaint)

    acceptance = _accept(cast.district_office, project)

    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    step = ProjectTransition.objects.get(project=project, action="accept")
    assert (step.from_status, step.to_status, step.actor) == (
        "completed", "accepted", cast.district_office,
    )  # fmt: skip
    assert "验收合格（第三十二条）" in step.reason
    assert acceptance.documents.get().name == "验收报告.pdf"
    assert acceptance.documents.get().content_type == "application/pdf"


def test_the_lifecycle_s_own_checks_still_apply(cast, make_project, programme):
    project = make_project(status=ProjectStatus.COMPLETED)  # no audit report uploaded
    with pytest.raises(TransitionRefused, match="结算、决算审计报告"):
        _accept(cast.district_office, project)
    assert not Acceptance.objects.exists()


def test_maintenance_in_the_same_step_needs_the_permanent_board(cast, project):
    with pytest.raises(TransitionRefused, match="永久性公示牌"):
        _accept(cast.district_office, project, start_maintenance=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED  # all or nothing

    PublicNoticeFactory(project=project, kind=NoticeKind.PERMANENT, recorded_by=cast.project_unit)
    with pytest.raises(TransitionRefused, match="尚未登记工程移交"):  # plan task 8
        _accept(cast.district_office, project, start_maintenance=True)
    hand_over(project, cast.project_unit)
    _accept(cast.district_office, project, start_maintenance=True)
    project.refresh_from_db()
    assert project.status == ProjectStatus.MAINTENANCE


def test_a_failed_acceptance_is_kept_and_the_project_stays_completed(cast, project, workers):
    ledger(project, SEP, [(workers[1], 10, 200, 0, None)])  # unpaid: failing needs no check
    failed = _accept(cast.district_office, project, result=AcceptanceResult.FAILED,
                     conclusion="劳务报酬未足额发放，限期整改后重新验收")  # fmt: skip
    project.refresh_from_db()
    assert not failed.passed and project.status == ProjectStatus.COMPLETED


def test_who_and_when(cast, project, make_project):
    with pytest.raises(PermissionDenied):
        _accept(cast.department, project)  # art. 32: the development and reform department
    running = make_project(status=ProjectStatus.IN_PROGRESS)
    with pytest.raises(ValidationError, match="只有已完工的项目才能验收"):
        _accept(cast.district_office, running)
    with pytest.raises(ValidationError) as missing:
        _accept(cast.district_office, project, quality=" ", documents=[])
    assert set(missing.value.message_dict) == {"quality", "documents"}
    with pytest.raises(ValidationError, match="内容不是有效的 PDF"):
        _accept(cast.district_office, project,
                documents=[SimpleUploadedFile("验收报告.pdf", b"<html>")])  # fmt: skip
    assert D(0) == Acceptance.objects.count()


def test_the_project_page_s_own_accept_step_is_refused_the_same_way(cast, project, workers):
    """Art. 32 / plan task 13 also bind projects' lifecycle "accept" (registered check)."""
    from projects.services.lifecycle import project_transition

    li = workers[1]
    ledger(project, SEP, [(li, 10, 200, 1500, dt.date(2026, 10, 10))])
    with pytest.raises(TransitionRefused) as refused:
        project_transition(acting_user=cast.district_office, project=project, action="accept")
    assert "2026年9月台账第1行 李秀英：应发 2,000.00 元，实发 1,500.00 元，欠发 500.00 元" in str(
        refused.value
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.COMPLETED


def test_art_32_every_month_with_attendance_needs_a_filed_ledger(cast, project, workers):
    """Issue 11 item 3: a month with attendance and no ledger, or a ledger not yet filed,
    cannot be checked for wages paid in full."""
    zhang, li, _ = workers
    record_attendance(project, zhang, [dt.date(2026, 9, 7), dt.date(2026, 9, 8)])
    record_attendance(project, li, [dt.date(2026, 10, 12)])
    ledger(project, SEP, [(zhang, 2, 200, 400, dt.date(2026, 10, 10))], status=LedgerStatus.SIGNED)

    with pytest.raises(AcceptanceRefused) as refused:
        _accept(cast.district_office, project)

    assert refused.value.blockers == [
        "2026年9月劳务报酬发放台账尚未备案（已签字确认），备案后方可验收",
        "2026年10月有考勤，但没有劳务报酬发放台账，无法核实劳务报酬是否足额发放",
    ]
    WageLedger.objects.filter(project=project).update(status=LedgerStatus.FILED)
    ledger(project, OCT, [(li, 1, 200, 200, dt.date(2026, 11, 10))])
    assert _accept(cast.district_office, project).passed


def test_art_32_people_hired_and_no_ledger_is_not_paid_in_full(cast, project, workers, client):
    position = PositionFactory(project=project)
    LabourContractFactory(position=position, worker=workers[0])
    LabourContractFactory(position=position, worker=workers[1])

    assert acceptance_blockers(project) == [
        "已招用务工人员 2 人，但没有任何劳务报酬发放台账，无法核实劳务报酬是否足额发放"
    ]
    client.force_login(cast.district_office)
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "劳务报酬已足额发放" not in page
    assert "台账缺失或未备案" in page
