"""Hiring into positions and labour contracts (art. 25, 28, 29): rules and refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from payroll.choices import ContractStatus
from payroll.models import AttendanceDay
from payroll.services.contracts import (
    contract_end,
    contract_hire,
    contract_sign,
    default_employer,
    employer_choices,
)
from projects.choices import ProjectStatus
from tests.factories import OrganisationFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% scanned contract\n"
APRIL, SEPTEMBER = dt.date(2026, 4, 1), dt.date(2026, 9, 30)


@pytest.fixture
def unit(make_user):
    return make_user(Role.PROJECT_UNIT)


@pytest.fixture
def position(unit):
    project = ProjectFactory(owner=unit.organisation, status=ProjectStatus.STARTED)
    return PositionFactory(project=project, headcount=2, daily_wage=Decimal("210.00"))


def hire(unit, position, worker, **kwargs):
    values = {"starts_on": APRIL, "ends_on": SEPTEMBER} | kwargs
    return contract_hire(
        acting_user=unit, project=position.project, position=position, worker=worker, **values
    )


def test_hiring_makes_a_contract_with_the_positions_wage(unit, position):
    contract = hire(unit, position, WorkerFactory(), ranking="同村 · 脱贫人口")
    assert contract.daily_wage == Decimal("210.00")
    assert contract.employer == position.project.owner  # no contractor: the owner signs
    assert contract.status == ContractStatus.ACTIVE and not contract.is_signed
    assert contract.ranking == "同村 · 脱贫人口"


def test_a_collective_organising_the_labour_is_the_employer(unit, position):
    """Art. 25: a collective or labour cooperative organises the villagers' work."""
    project = position.project
    project.contractor = OrganisationFactory(name="妫水建筑", kind=OrgKind.CONTRACTOR)
    project.collective = OrganisationFactory(name="岔道村劳务合作社", kind=OrgKind.COLLECTIVE)
    project.save()
    assert employer_choices(project) == [project.collective, project.contractor, project.owner]
    assert default_employer(project) == project.collective
    stranger = OrganisationFactory(name="外单位", kind=OrgKind.CONTRACTOR)
    with pytest.raises(ValidationError, match="用工单位应为本项目"):
        hire(unit, position, WorkerFactory(), employer=stranger)


def test_the_project_must_be_approved(unit, position):
    position.project.status = ProjectStatus.LISTED
    position.project.save()
    with pytest.raises(ValidationError, match="当前状态为“列入年度清单”，批复后才能招用"):
        hire(unit, position, WorkerFactory())


def test_the_headcount_is_not_exceeded(unit, position):
    hire(unit, position, WorkerFactory())
    hire(unit, position, WorkerFactory())
    with pytest.raises(ValidationError, match="计划用工 2 人，已招满"):
        hire(unit, position, WorkerFactory())


def test_the_period_lies_within_the_position(unit, position):
    with pytest.raises(ValidationError, match="合同期限应在岗位用工期限"):
        hire(unit, position, WorkerFactory(), ends_on=dt.date(2026, 10, 31))


def test_no_minor_under_sixteen(unit, position):
    from payroll import samples

    child = WorkerFactory(id_number=samples.resident_id(dt.date(2010, 6, 1), 3))
    with pytest.raises(ValidationError, match="未满16周岁"):
        hire(unit, position, child)


def test_one_active_contract_per_person_and_project(unit, position):
    worker = WorkerFactory()
    hire(unit, position, worker)
    other = PositionFactory(project=position.project)
    with pytest.raises(ValidationError, match="已在本项目在岗"):
        hire(unit, other, worker)


def test_only_the_projects_own_unit_hires(unit, position, make_user):
    outsider = make_user(Role.PROJECT_UNIT, username="outsider")
    with pytest.raises(PermissionDenied):
        hire(outsider, position, WorkerFactory())
    township = make_user(Role.TOWNSHIP)
    with pytest.raises(PermissionDenied):
        hire(township, position, WorkerFactory())


def test_signing_stores_a_real_scan(unit, position):
    contract = hire(unit, position, WorkerFactory())
    fake = SimpleUploadedFile("合同.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="的内容不是有效的"):
        contract_sign(acting_user=unit, contract=contract, signed_on=APRIL, scan=fake)
    wrong_type = SimpleUploadedFile("合同.docx", PDF)
    with pytest.raises(ValidationError, match="只接受 JPG、PDF、PNG 文件"):
        contract_sign(acting_user=unit, contract=contract, signed_on=APRIL, scan=wrong_type)
    with pytest.raises(ValidationError, match="请上传签字后的劳务合同扫描件"):
        contract_sign(acting_user=unit, contract=contract, signed_on=APRIL)
    signed = contract_sign(
        acting_user=unit,
        contract=contract,
        signed_on=APRIL,
        scan=SimpleUploadedFile("王建军合同.pdf", PDF),
    )
    assert signed.is_signed and signed.scan_name == "王建军合同.pdf"
    assert signed.scan.name.startswith("payroll/contracts/") and "王建军" not in signed.scan.name
    assert signed.scan.read() == PDF


def test_a_scan_too_large_is_refused(unit, position):
    contract = hire(unit, position, WorkerFactory())
    with pytest.raises(ValidationError, match="不能超过 10 MB"):
        contract_sign(
            acting_user=unit,
            contract=contract,
            signed_on=APRIL,
            scan=SimpleUploadedFile("合同.pdf", PDF + b"0" * (10 * 1024 * 1024)),
        )


def test_ending_a_contract_keeps_recorded_days(unit, position):
    contract = hire(unit, position, WorkerFactory())
    AttendanceDay.objects.create(
        project=position.project, worker=contract.worker, date=dt.date(2026, 5, 20), amount=1
    )
    with pytest.raises(ValidationError, match="已登记2026-05-20的考勤"):
        contract_end(acting_user=unit, contract=contract, ended_on=dt.date(2026, 5, 10))
    ended = contract_end(acting_user=unit, contract=contract, ended_on=dt.date(2026, 5, 31))
    assert ended.status == ContractStatus.ENDED and ended.last_day == dt.date(2026, 5, 31)
    with pytest.raises(ValidationError, match="已解除"):
        contract_end(acting_user=unit, contract=ended, ended_on=dt.date(2026, 6, 30))


def test_factory_contract_is_valid():
    contract = LabourContractFactory()
    assert contract.project == contract.position.project
    assert contract.employer == contract.project.owner
