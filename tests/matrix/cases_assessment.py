"""Monitoring and assessment's pages in the role-by-URL matrix.

World: in township A a project of the matrix's project unit (water sector, the matrix's
department and contractor) in works and one completed; in township B a forestry project of B's
unit in works and one completed. Each side has a monthly report, an acceptance with its document,
a finding with evidence, a summary with a photo and a case study, a forecast,
and a published 2025 score sheet; 2026 has an unpublished sheet of township A. Leaders see
aggregates (reports, findings, scores once published, the dashboard); complaints: cases_projects.
"""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from assessment.choices import FindingKind, FindingSource, RuleKind
from assessment.models import (
    Acceptance,
    AcceptanceDocument,
    AnnualSummary,
    AssessmentYear,
    CaseStudy,
    Finding,
    FindingEvidence,
    Forecast,
    MonthlyReport,
    QuarterlyDispatch,
    ScoreSheet,
    ScoringRule,
    SummaryPhoto,
)
from projects.choices import ProjectStatus
from tests.matrix import ROLES, Case, everyone, only
from tests.projects.factories import PDF_BYTES, ProjectFactory
from yiguoji.core.choices import Sector

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
XLSX = b"PK\x03\x04" + b"\x00" * 32
DISTRICT_WIDE = ("district_office", "labour_bureau", "finance", "leader", "auditor")
READERS = ("district_office", "leader", "auditor")
DASHBOARD = ("district_office", "department", "labour_bureau", "finance", "township", "leader",
             "auditor")  # fmt: skip


def _project(world, side: str, status: str):
    a = side == "a"
    return ProjectFactory(
        code=f"AS-2026-{side.upper()}{status[:3]}",
        name=f"考核矩阵项目{side}{status}",
        status=status,
        owner=world.orgs["project_unit" if a else "project_unit_b"],
        department=world.orgs["department" if a else "other_department"],
        contractor=world.orgs["contractor" if a else "contractor_b"],
        sector=Sector.WATER if a else Sector.FORESTRY,
        townships=[world.township_a if a else world.township_b],
    )


def build(world) -> None:
    office = world.users["district_office"]
    AssessmentYear.objects.create(
        year=2025, forecast_due=dt.date(2025, 1, 31), summary_due=dt.date(2026, 1, 31),
        published_at=timezone.now(),
    )  # fmt: skip
    AssessmentYear.objects.create(year=2026, forecast_due=dt.date(2026, 1, 31),
                                  summary_due=dt.date(2027, 1, 31))  # fmt: skip
    world.as_rule = ScoringRule.objects.create(
        year=2025, indicator="年末无欠薪", weight=Decimal(10), points=Decimal(5),
        kind=RuleKind.ARREARS,
    )  # fmt: skip
    world.as_dispatch = QuarterlyDispatch.objects.create(
        year=2026, quarter=3, file="assessment/matrix/q3.xlsx", filename="调度表.xlsx",
        projects=2, built_at=timezone.now(),
    )  # fmt: skip
    for side in ("a", "b"):
        a = side == "a"
        township = world.township_a if a else world.township_b
        unit = world.orgs["project_unit" if a else "project_unit_b"]
        township_org = world.orgs["township" if a else "township_b"]
        running = _project(world, side, ProjectStatus.IN_PROGRESS)
        completed = _project(world, side, ProjectStatus.COMPLETED)
        setattr(world, f"as_completed_{side}", completed)
        setattr(world, f"as_report_{side}", MonthlyReport.objects.create(
            project=running, month=dt.date(2026, 10, 1), computed_at=timezone.now(),
            due_on=dt.date(2026, 11, 25), workers=3,
        ))  # fmt: skip
        acceptance = Acceptance.objects.create(
            project=completed, accepted_on=dt.date(2026, 11, 1), group_leader="王建国",
            group_members="李明 区水务局", quality="合格", worker_organisation="好",
            wage_payment="足额", training="已培训", relief_effect="好", result="failed",
            recorded_by=office,
        )  # fmt: skip
        setattr(world, f"as_acceptance_{side}", acceptance)
        setattr(world, f"as_acceptance_doc_{side}", AcceptanceDocument.objects.create(
            acceptance=acceptance, file=f"assessment/matrix/acc-{side}.pdf", name="验收报告.pdf",
            content_type="application/pdf", uploaded_by=office,
        ))  # fmt: skip
        finding = Finding.objects.create(
            kind=FindingKind.ARREARS, source=FindingSource.ROUTINE, project=running,
            organisation=unit, found_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 11, 1),
            description="延迟发放", recorded_by=office,
        )  # fmt: skip
        setattr(world, f"as_finding_{side}", finding)
        setattr(world, f"as_evidence_{side}", FindingEvidence.objects.create(
            finding=finding, file=f"assessment/matrix/ev-{side}.pdf", name="记录.pdf",
            content_type="application/pdf", uploaded_by=office,
        ))  # fmt: skip
        summary = AnnualSummary.objects.create(township=township, year=2025, status="submitted",
                                               submitted_at=timezone.now())  # fmt: skip
        setattr(world, f"as_summary_{side}", summary)
        setattr(world, f"as_photo_{side}", SummaryPhoto.objects.create(
            summary=summary, image=f"assessment/matrix/ph-{side}.png", name="现场.png",
            uploaded_by=office,
        ))  # fmt: skip
        setattr(world, f"as_case_{side}", CaseStudy.objects.create(
            township=township, year=2025, title="案例", background="b", practice="p",
            results="r", photo=f"assessment/matrix/case-{side}.png", photo_name="案例.png",
        ))  # fmt: skip
        Forecast.objects.create(
            year=2026, organisation=unit, projects=1, beneficiaries=1, wage_total=1,
            submitted_by=office, submitted_at=timezone.now(),
        )  # fmt: skip
        setattr(world, f"as_sheet_{side}", ScoreSheet.objects.create(
            year=2025, organisation=township_org, is_township=True, full_marks=10, deducted=0,
            total=10, computed_at=timezone.now(),
        ))  # fmt: skip
    world.as_sheet_draft = ScoreSheet.objects.create(
        year=2026, organisation=world.orgs["township"], is_township=True, full_marks=10,
        deducted=0, total=10, computed_at=timezone.now(),
    )  # fmt: skip


def _stored(attr: str, field: str, content: bytes):
    """The object's pk, after putting its file where this test's MEDIA_ROOT points."""

    def pk(world):
        obj = getattr(world, attr)
        name = getattr(obj, field).name
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(content))
        return obj.pk

    return pk


def url(name, *args, query: str = ""):
    return lambda w: reverse(name, args=[a(w) if callable(a) else a for a in args]) + query


def pk(attr):
    return lambda w: getattr(w, attr).pk


def sees_b(status=200, others=404, roles=DISTRICT_WIDE):
    return {**dict.fromkeys(ROLES, others), **dict.fromkeys(roles, status)}


FINDINGS_A = everyone()
FINDINGS_B = sees_b()
SUMMARY_A = only(*READERS, "township")
SUMMARY_B = {**only(*READERS), "township": 404}

CASES = [
    Case("assessment: dashboard", url("assessment:dashboard"), only(*DASHBOARD)),
    Case("assessment: dashboard export", url("assessment:dashboard_export"), only(*DASHBOARD)),
    Case(
        "assessment: dashboard drill-down",
        url("assessment:dashboard_projects", query="?show=complaints"),
        only(*DASHBOARD),
    ),
    Case("assessment: reports", url("assessment:reports"), everyone()),
    Case("assessment: reports export", url("assessment:reports", query="?export=xlsx"), everyone()),
    Case("assessment: report of A", url("assessment:report", pk("as_report_a")), everyone()),
    Case("assessment: report of B", url("assessment:report", pk("as_report_b")), sees_b()),
    Case(
        "assessment: report of B confirmed by A's unit",
        url("assessment:report", pk("as_report_b")),
        {"project_unit": 404},  # confirming is the unit's; B is not A's unit's
        method="post",
        data=lambda w: {
            "annotated": "0",
            "funds_in_place": "1",
            "investment_completed": "1",
            "progress": "1",
        },
    ),
    Case(
        "assessment: reports compute",
        url("assessment:reports_compute"),
        only("district_office", status=302),
        method="post",
        data=lambda w: {"month": "2026-10"},
    ),
    Case("assessment: dispatches", url("assessment:dispatches"), only(*READERS)),
    # safeguard (二), art. 21: funds disbursed against progress (each role its own projects)
    Case(
        "assessment: funds",
        url("assessment:funds"),
        only(*READERS, "department", "finance", "township", "project_unit"),
    ),
    # art. 17: upkeep posts and asset dividends per village collective
    Case(
        "assessment: collectives",
        url("assessment:collectives"),
        only(*READERS, "department", "finance", "township", "project_unit"),
    ),
    Case(
        "assessment: dispatch download",
        url("assessment:dispatch_download", _stored("as_dispatch", "file", XLSX)),
        only(*READERS),
    ),
    Case(
        "assessment: dispatch build",
        url("assessment:dispatch_build"),
        only("district_office", status=302),
        method="post",
        data=lambda w: {"year": "2026", "quarter": "3"},
    ),
    Case(
        "assessment: summaries",
        url("assessment:summaries"),
        {**only(*READERS), "township": 302},
    ),
    Case("assessment: summary edit", url("assessment:summary_edit", 2025), only("township")),
    Case("assessment: summary of A", url("assessment:summary", pk("as_summary_a")), SUMMARY_A),
    Case("assessment: summary of B", url("assessment:summary", pk("as_summary_b")), SUMMARY_B),
    Case(
        "assessment: summary PDF of B",
        url("assessment:summary_pdf", pk("as_summary_b")),
        SUMMARY_B,
    ),
    Case(
        "assessment: summary photo of B",
        url("assessment:summary_photo", _stored("as_photo_b", "image", PNG)),
        SUMMARY_B,
    ),
    Case(
        "assessment: summary return of B",
        url("assessment:summary_return", pk("as_summary_b")),
        only("district_office", status=302),
        method="post",
    ),
    Case("assessment: case of A", url("assessment:case", pk("as_case_a")), SUMMARY_A),
    Case("assessment: case of B", url("assessment:case", pk("as_case_b")), SUMMARY_B),
    Case(
        "assessment: case photo of B",
        url("assessment:case_photo", _stored("as_case_b", "photo", PNG)),
        SUMMARY_B,
    ),
    Case("assessment: case create", url("assessment:case_create", 2026), only("township")),
    Case("assessment: acceptances", url("assessment:acceptances"), everyone()),
    Case(
        "assessment: acceptance of A",
        url("assessment:acceptance", pk("as_acceptance_a")),
        everyone(),
    ),
    Case(
        "assessment: acceptance of B",
        url("assessment:acceptance", pk("as_acceptance_b")),
        sees_b(),
    ),
    Case(
        "assessment: acceptance document of B",
        url("assessment:acceptance_document", _stored("as_acceptance_doc_b", "file", PDF_BYTES)),
        sees_b(),
    ),
    Case(
        "assessment: acceptance form of B",
        url("assessment:acceptance_form", pk("as_completed_b")),
        only("district_office"),
    ),
    Case("assessment: findings", url("assessment:findings"), everyone()),
    Case("assessment: finding of A", url("assessment:finding", pk("as_finding_a")), FINDINGS_A),
    Case("assessment: finding of B", url("assessment:finding", pk("as_finding_b")), FINDINGS_B),
    Case(
        "assessment: finding evidence of B",
        url("assessment:finding_evidence", _stored("as_evidence_b", "file", PDF_BYTES)),
        FINDINGS_B,
    ),
    Case(
        "assessment: finding rectified by A's unit on B",
        url("assessment:finding", pk("as_finding_b")),
        # the role that neither rectifies nor verifies: 403; those that do, outside B: 404
        {"project_unit": 404, "contractor": 404, "township": 404, "department": 404},
        method="post",
    ),
    Case(
        "assessment: finding create",
        url("assessment:finding_create"),
        only("district_office", "department", "finance"),
    ),
    Case(
        "assessment: forecasts",
        url("assessment:forecasts"),
        only(*READERS, "township", "project_unit"),
    ),
    Case(
        "assessment: forecast submit",
        url("assessment:forecast_submit"),
        only("township", "project_unit"),
    ),
    Case("assessment: rules", url("assessment:rules"), only("district_office")),
    Case("assessment: rule create", url("assessment:rule_create", 2026), only("district_office")),
    Case(
        "assessment: rule delete (2025 published: refused)",
        url("assessment:rule_delete", pk("as_rule")),
        only("district_office", status=302),
        method="post",
    ),
    Case(
        "assessment: scores",
        url("assessment:scores"),
        only(*READERS, "township", "project_unit"),
    ),
    Case(
        "assessment: score of township A (published)",
        url("assessment:score", pk("as_sheet_a")),
        {**only(*READERS, "township"), "project_unit": 404},
    ),
    Case(
        "assessment: score of township B (published)",
        url("assessment:score", pk("as_sheet_b")),
        {**only(*READERS), "township": 404, "project_unit": 404},
    ),
    Case(
        "assessment: score of township A (not published)",
        url("assessment:score", pk("as_sheet_draft")),
        {
            **only("district_office", "auditor"),
            **only("leader", "township", "project_unit", status=404),
        },
    ),
    Case(
        "assessment: scores compute",
        url("assessment:scores_compute", 2026),
        only("district_office", status=302),
        method="post",
    ),
    Case(
        "assessment: scores publish (no sheets in 2030: refused)",
        url("assessment:scores_publish", 2030),
        only("district_office", status=302),
        method="post",
    ),
    Case("assessment: appeals", url("assessment:appeals"), only("district_office")),
]
