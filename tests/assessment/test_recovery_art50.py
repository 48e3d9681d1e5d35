"""Art. 50 (issue 11 item 11): 凡拖欠、截留、挪用、挤占、骗取、贪污以工代赈投入的……责令限期归还、
如数追缴. A finding carries the amount to return or recover and tracks it until it has all come
back: recoveries never exceed what is outstanding, and the finding is not closed (销号) before."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from assessment.choices import FindingStatus
from assessment.services.findings import (
    finding_rectify,
    finding_review,
    recovery_record,
)
from projects.choices import ProjectStatus
from tests.assessment.test_services_supervision import _finding, _pdf


@pytest.fixture
def finding(cast, make_project):
    project = make_project(status=ProjectStatus.IN_PROGRESS)
    found = _finding(cast.department, project, to_recover=D("12000.00"))
    return finding_rectify(
        acting_user=cast.project_unit, finding=found, rectification="已核减虚报考勤",
        rectified_on=dt.date(2026, 12, 10), evidence=[_pdf("整改.pdf")],
    )  # fmt: skip


def test_art_50_a_finding_is_closed_only_when_all_of_it_has_come_back(cast, finding):
    assert (finding.to_recover, finding.recovered, finding.outstanding) == (
        D("12000.00"), D("0"), D("12000.00"),
    )  # fmt: skip
    with pytest.raises(ValidationError, match=r"尚有 12,000\.00 元未归还、追缴到位"):
        finding_review(acting_user=cast.department, finding=finding, accept=True)

    recovery_record(acting_user=cast.department, finding=finding, amount=D("8000"),
                    recovered_on=dt.date(2026, 12, 12), note="缴回区财政专户")  # fmt: skip
    with pytest.raises(ValidationError) as too_much:
        recovery_record(acting_user=cast.department, finding=finding, amount=D("5000"),
                        recovered_on=dt.date(2026, 12, 13), note="第二笔")  # fmt: skip
    assert "超过尚未追缴的 4,000.00 元" in too_much.value.message_dict["amount"][0]
    with pytest.raises(ValidationError, match=r"尚有 4,000\.00 元"):
        finding_review(acting_user=cast.department, finding=finding, accept=True)

    recovery_record(acting_user=cast.department, finding=finding, amount=D("4000"),
                    recovered_on=dt.date(2026, 12, 14), note="第二笔，凭证号0816")  # fmt: skip
    closed = finding_review(acting_user=cast.department, finding=finding, accept=True)
    assert closed.status == FindingStatus.VERIFIED and closed.outstanding == 0


def test_art_50_only_the_verifying_side_records_what_came_back(cast, finding):
    with pytest.raises(PermissionDenied):
        recovery_record(acting_user=cast.project_unit, finding=finding, amount=D("1"),
                        recovered_on=dt.date(2026, 12, 12), note="自行登记")  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        recovery_record(acting_user=cast.department, finding=finding, amount=D("0"),
                        recovered_on=dt.date(2026, 11, 1), note=" ")  # fmt: skip
    assert set(refused.value.message_dict) == {"amount", "recovered_on", "note"}
    assert not finding.recoveries.exists()


def test_art_50_the_finding_page_shows_and_takes_the_recovery(cast, finding, client_for):
    client = client_for(cast.department)
    url = reverse("assessment:finding", args=[finding.pk])
    page = client.get(url).content.decode()
    assert "应追缴 <strong>12,000.00</strong> 元，已到账 <strong>0.00</strong> 元" in page
    response = client.post(url, {"recover-amount": "12000", "recover-recovered_on": "2026-12-12",
                                 "recover-note": "缴回区财政专户"})  # fmt: skip
    assert response.status_code == 302
    assert finding.outstanding == 0
    assert "已如数追缴" in client.get(url).content.decode()
