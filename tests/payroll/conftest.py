"""Fixtures of the payroll tests: Yanqing-like places and people with valid numbers."""

import datetime as dt

import pytest

from payroll import samples
from tests.factories import VillageFactory
from tests.projects.conftest import cast, make_project, programme  # noqa: F401  (fixtures)


@pytest.fixture
def places(db, township, other_township):
    """Two villages of 八达岭镇 (the ``township`` fixture) and one of 张山营镇."""
    return {
        "chadao": VillageFactory(township=township, name="岔道村"),
        "shixia": VillageFactory(township=township, name="石峡村"),
        "xiwuli": VillageFactory(township=other_township, name="西五里营村"),
    }


@pytest.fixture
def ids():
    """Valid resident ID numbers (Yanqing area code, correct check character), in order."""
    start = dt.date(1975, 3, 1)
    return [
        samples.resident_id(start + dt.timedelta(days=400 * n), 17 + n, male=n % 2 == 0)
        for n in range(12)
    ]


@pytest.fixture
def cards():
    return [samples.bank_card(90_000 + n) for n in range(12)]


@pytest.fixture
def elsewhere(make_user):
    """elsewhere(worker): another unit's project YQ-2026-900 on which ``worker`` is hired too;
    returns (that unit's user, the project)."""
    from projects.choices import ProjectStatus
    from tests.payroll.factories import LabourContractFactory
    from tests.projects.factories import PositionFactory, ProjectFactory
    from yiguoji.core.roles import Role

    def make(worker):
        unit = make_user(Role.PROJECT_UNIT, username=f"other-{worker.pk}")
        project = ProjectFactory(
            owner=unit.organisation, status=ProjectStatus.IN_PROGRESS, code="YQ-2026-900"
        )
        LabourContractFactory(position=PositionFactory(project=project), worker=worker)
        return unit, project

    return make
