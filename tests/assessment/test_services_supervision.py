"""Supervision (art. 46-50): findings with rectification (complaints: tests/projects)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from assessment.choices import FindingKind, FindingSource, FindingStatus
from assessment.services.findings import finding_record, finding_rectify, finding_review
from projects.choices import ProjectStatus
from tests.projects.factories import PDF_BYTES
from yiguoji.core.models import Notification


def _pdf(name="记录.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


@pytest.fixture
def project(make_project):
    return make_project(status=ProjectStatus.IN_PROGRESS)


def _finding(user, project, **values):
    values = {
        "kind": FindingKind.FALSE_HIRING, "source": FindingSource.ROUTINE,
        "found_on": dt.date(2026, 12, 1), "deadline": dt.date(2026, 12, 31),
        "description": "考勤表中2人当日未在现场", "evidence": [_pdf()], **values,
    }  # fmt: skip
    return finding_record(acting_user=user, project=project, **values)


def test_a_finding_goes_to_the_project_unit_which_rectifies_and_the_office_verifies(
    cast, project, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        finding = _finding(cast.department, project)
    assert finding.organisation == project.owner
    assert finding.evidence.get().content_type == "application/pdf"
    note = Notification.objects.get(recipient=cast.project_unit)
    assert "虚报用工" in note.title and "2026年12月31日前" in note.body

    with pytest.raises(PermissionDenied):
        finding_rectify(acting_user=cast.other_unit, finding=finding, rectification="x",
                        rectified_on=dt.date(2026, 12, 10), evidence=[_pdf()])  # fmt: skip
    with pytest.raises(ValidationError, match="整改佐证材料"):
        finding_rectify(acting_user=cast.project_unit, finding=finding, rectification="已核减",
                        rectified_on=dt.date(2026, 12, 10))  # fmt: skip
    finding = finding_rectify(
        acting_user=cast.project_unit, finding=finding, rectification="已核减2人考勤并退回多报金额",
        rectified_on=dt.date(2026, 12, 10), evidence=[_pdf("整改.pdf")],
    )  # fmt: skip
    assert finding.status == FindingStatus.RECTIFIED

    with pytest.raises(ValidationError, match="退回整改须写明理由"):
        finding_review(acting_user=cast.department, finding=finding, accept=False)
    finding = finding_review(acting_user=cast.department, finding=finding, accept=False,
                             comment="未附退款凭证")  # fmt: skip
    assert finding.status == FindingStatus.OPEN
    finding = finding_rectify(
        acting_user=cast.project_unit, finding=finding, rectification="已补交退款凭证",
        rectified_on=dt.date(2026, 12, 12),
    )  # fmt: skip
    finding = finding_review(acting_user=cast.district_office, finding=finding, accept=True)
    assert finding.status == FindingStatus.VERIFIED and finding.verified_by == cast.district_office
    assert [e.is_rectification for e in finding.evidence.order_by("pk")] == [False, True]


def test_finding_refusals(cast, project, make_project):
    with pytest.raises(PermissionDenied):
        _finding(cast.project_unit, project)  # units do not record findings
    other = make_project(status=ProjectStatus.IN_PROGRESS, sector="forestry",
                         townships=[cast.other_township], owner=cast.orgs["other_unit"],
                         department=cast.orgs["other_department"])  # fmt: skip
    with pytest.raises(PermissionDenied):
        _finding(cast.department, other)  # not a project the water department supervises
    with pytest.raises(ValidationError) as refused:
        _finding(cast.district_office, project, deadline=dt.date(2026, 11, 1), description=" ")
    assert set(refused.value.message_dict) == {"deadline", "description"}
    with pytest.raises(ValidationError, match="请选择项目或责任单位"):
        _finding(cast.district_office, None)
