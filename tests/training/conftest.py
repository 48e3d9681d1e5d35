"""A small Yanqing for the training tests: two townships, the school, a contractor, one
project in township A with a maintenance position, and a user per role that trains."""

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from projects.choices import ProjectStatus, WorkSegment
from tests.factories import OrganisationFactory, UserFactory, VillageFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from tests.training.factories import SchoolFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.roles import Role

TODAY = dt.datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def _today():
    """The rules compare with today (no ledger before a session starts): pin it."""
    with time_machine.travel(TODAY, tick=True):
        yield


@pytest.fixture
def place(db, township, other_township):
    """Townships A (八达岭镇) and B (张山营镇), their organisations, a project in A."""
    village_a = VillageFactory(township=township, name="岔道村")
    village_b = VillageFactory(township=other_township, name="西五里营村")
    unit = OrganisationFactory(
        name="岔道村村民委员会", kind=OrgKind.VILLAGE_COMMITTEE, township=township
    )
    unit_b = OrganisationFactory(
        name="西五里营村合作社", kind=OrgKind.COLLECTIVE, township=other_township
    )
    contractor = OrganisationFactory(name="妫水建筑公司", kind=OrgKind.CONTRACTOR)
    project = ProjectFactory(
        name="岔道村道路硬化工程",
        owner=unit,
        contractor=contractor,
        townships=[township],
        status=ProjectStatus.IN_PROGRESS,
    )
    project_b = ProjectFactory(name="西五里营村灌渠工程", owner=unit_b, townships=[other_township])
    general = PositionFactory(project=project, title="普工")
    upkeep = PositionFactory(
        project=project,
        segment=WorkSegment.MAINTENANCE,
        title="道路养护员",
        headcount=2,
        start_date=dt.date(2026, 11, 1),
        end_date=dt.date(2027, 10, 31),
    )
    return SimpleNamespace(
        a=township,
        b=other_township,
        village_a=village_a,
        village_b=village_b,
        unit=unit,
        unit_b=unit_b,
        contractor=contractor,
        school=SchoolFactory(),
        labour=OrganisationFactory(name="区人力社保局", kind=OrgKind.LABOUR_BUREAU),
        township_org=OrganisationFactory(
            name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP, township=township
        ),
        township_org_b=OrganisationFactory(
            name="张山营镇人民政府", kind=OrgKind.TOWNSHIP, township=other_township
        ),
        project=project,
        project_b=project_b,
        general=general,
        upkeep=upkeep,
    )


@pytest.fixture
def users(place):
    return SimpleNamespace(
        labour=UserFactory(role=Role.LABOUR_BUREAU, organisation=place.labour),
        township=UserFactory(role=Role.TOWNSHIP, organisation=place.township_org),
        township_b=UserFactory(role=Role.TOWNSHIP, organisation=place.township_org_b),
        unit=UserFactory(role=Role.PROJECT_UNIT, organisation=place.unit),
        unit_b=UserFactory(role=Role.PROJECT_UNIT, organisation=place.unit_b),
        contractor=UserFactory(role=Role.CONTRACTOR, organisation=place.contractor),
        office=UserFactory(role=Role.DISTRICT_OFFICE),
        department=UserFactory(role=Role.DEPARTMENT),
        leader=UserFactory(role=Role.LEADER),
        finance=UserFactory(role=Role.FINANCE),
        auditor=UserFactory(role=Role.AUDITOR),
    )


@pytest.fixture
def hire(place):
    """hire(worker=None, starts_on=..., project=None): a labour contract on the project."""

    def make(worker=None, *, starts_on=dt.date(2026, 4, 1), project=None, position=None, **extra):
        position = position or (
            place.general if project is None else PositionFactory(project=project)
        )
        worker = worker or WorkerFactory(township=place.a, village=place.village_a)
        return LabourContractFactory(
            worker=worker,
            position=position,
            starts_on=starts_on,
            ends_on=dt.date(2026, 10, 31),
            **extra,
        )

    return make
