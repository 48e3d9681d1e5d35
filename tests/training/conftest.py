"""A small Yanqing for the training tests: two townships, the school, a contractor, one
project in township A with a maintenance position, and a user per role that trains."""

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from projects.choices import ProjectStatus, WorkSegment
from tests.factories import OrganisationFactory, UserFactory, VillageFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from tests.projects.factories import PositionFactory, ProjectFactory
from tests.training.factories import (
    ConversionFactory,
    RecordFactory,
    SchoolFactory,
    SessionFactory,
)
from training.choices import ConversionKind, OrganiserKind, TrainingKind, TrainingMode
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


@pytest.fixture
def season(place, hire):
    """The training season that test_figures.py counts by hand (see its docstring)."""
    a1, a2, a3 = (WorkerFactory(name=n, township=place.a) for n in ("甲一", "甲二", "甲三"))
    b1, b2 = (WorkerFactory(name=n, township=place.b) for n in ("乙一", "乙二"))
    on_p = {"project": place.project, "organiser_kind": OrganiserKind.CONTRACTOR,
            "organiser": place.contractor}  # fmt: skip
    s1 = SessionFactory(township=place.a, organiser=place.school, hours=D("16"))
    s2 = SessionFactory(
        township=place.a, kind=TrainingKind.SAFETY, mode=TrainingMode.ON_THE_JOB, hours=D("8"),
        starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 4, 1), **on_p,
    )  # fmt: skip
    s3 = SessionFactory(
        township=place.a, kind=TrainingKind.RESERVE_SKILL, mode=TrainingMode.PROJECT,
        hours=D("24"), starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 9, 3), **on_p,
    )  # fmt: skip
    s4 = SessionFactory(
        township=place.b, organiser=place.school, kind=TrainingKind.SKILL_UPGRADE,
        hours=D("40"), starts_on=dt.date(2025, 6, 1), ends_on=dt.date(2025, 6, 5),
    )  # fmt: skip
    for session, worker, hours, passed, certificate in (
        (s1, a1, "16", True, ""),
        (s1, a2, "16", True, ""),
        (s1, b1, "12", False, ""),
        (s2, a1, "8", True, ""),
        (s2, a3, "8", True, ""),
        (s3, a1, "24", True, "GH-1"),
        (s3, a2, "20", False, ""),
        (s4, b1, "40", True, "JN-1"),
        (s4, b2, "40", True, "JN-2"),
    ):
        RecordFactory(
            session=session, worker=worker, hours=D(hours), passed=passed,
            certificate_no=certificate,
        )  # fmt: skip
    hire(a1, starts_on=dt.date(2026, 4, 1), status="ended", ended_on=dt.date(2026, 6, 30))
    hire(a1, starts_on=dt.date(2026, 7, 1), position=place.upkeep)
    hire(a2, starts_on=dt.date(2026, 3, 5))
    hire(a3, starts_on=dt.date(2026, 4, 1))
    hire(b2, starts_on=dt.date(2026, 5, 1))
    q_position = PositionFactory(project=place.project_b)
    hire(b1, starts_on=dt.date(2026, 3, 1), position=q_position)
    ConversionFactory(worker=a1, project=place.project, converted_on=dt.date(2026, 11, 1))
    ConversionFactory(
        worker=a3, project=place.project, kind=ConversionKind.CONTRACTOR_STAFF,
        converted_on=dt.date(2026, 10, 15),
    )  # fmt: skip
    ConversionFactory(
        worker=b1, project=place.project_b, kind=ConversionKind.OTHER_STABLE,
        converted_on=dt.date(2026, 11, 10),
    )  # fmt: skip
    return SimpleNamespace(s1=s1, s2=s2, s3=s3, s4=s4)
