"""The assessment tests reuse the project tests' cast (organisations and a user per role in
township A and B) and their project maker."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.payroll.factories import WorkerFactory
from tests.projects.conftest import cast, make_project, programme  # noqa: F401  (fixtures)


@pytest.fixture
def workers(cast):  # noqa: F811  (the imported fixture)
    """Three workers of township A: one lifted out of poverty, one monitored, one without a
    priority group."""
    return [
        WorkerFactory(name="张建国", township=cast.township, priority_groups=["lifted"]),
        WorkerFactory(name="李秀英", township=cast.township, priority_groups=["monitored"]),
        WorkerFactory(name="王大山", township=cast.township, priority_groups=[]),
    ]


NOV = dt.date(2026, 11, 1)
DEC = dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _today(time_machine):
    """Tests run on 15 December 2026 in Beijing unless they travel elsewhere themselves."""
    from zoneinfo import ZoneInfo

    time_machine.move_to(dt.datetime(2026, 12, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
