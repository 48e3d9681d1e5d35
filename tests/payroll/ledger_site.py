"""A project with hired workers and a month of attendance, for the wage ledger tests.

May 2026, frozen "today" 2026-06-20 (the pay deadline of May is 2026-06-15 by default). Each
worker is hired at 200.00 yuan a day and worked the weekdays 4-8 and 11-15 May (10 days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from payroll.choices import PayMethod
from payroll.services.ledger_checks import LineInput, payable_for
from projects.choices import ProjectStatus
from tests.factories import OrganisationFactory
from tests.payroll.factories import LabourContractFactory, WorkerFactory, record_attendance
from tests.projects.factories import PositionFactory, ProjectFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.roles import Role

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = dt.datetime(2026, 6, 20, 12, tzinfo=SHANGHAI)
MAY = dt.date(2026, 5, 1)
RATE = Decimal("200.00")
NAMES = ("王建军", "李秀英", "张春生", "刘玉兰", "陈国庆", "杨德明")
WORKED = [dt.date(2026, 5, d) for d in (4, 5, 6, 7, 8, 11, 12, 13, 14, 15)]


@dataclass
class Site:
    unit: object
    contractor: object
    department: object
    project: object
    position: object
    workers: list = field(default_factory=list)

    def line(self, worker, **changes) -> LineInput:
        """A correct line: 10 days at 200, paid in full by the worker's own card on 10 June."""
        values = {
            "worker_id": worker.pk,
            "days": Decimal("10"),
            "daily_rate": RATE,
            "payable": payable_for(Decimal("10"), RATE),
            "paid": Decimal("2000.00"),
            "pay_date": dt.date(2026, 6, 10),
            "method": PayMethod.BANK_CARD,
        }
        values.update(changes)
        return LineInput(**values)

    def lines(self, **changes) -> list[LineInput]:
        return [self.line(worker, **changes) for worker in self.workers]


def build_site(make_user, *, people: int = 3, code: str = "YQ-2026-101", tag: str = "") -> Site:
    department = make_user(
        Role.DEPARTMENT,
        username=f"dept{tag}",
        organisation=OrganisationFactory(name=f"区水务局{tag}", kind=OrgKind.DEPARTMENT),
    )
    unit = make_user(Role.PROJECT_UNIT, username=f"unit{tag}", full_name=f"项目单位张{tag}")
    contractor = make_user(Role.CONTRACTOR, username=f"builder{tag}")
    project = ProjectFactory(
        code=code,
        name=f"岔道村排水沟整治工程{tag}",
        owner=unit.organisation,
        contractor=contractor.organisation,
        department=department.organisation,
        status=ProjectStatus.IN_PROGRESS,
    )
    position = PositionFactory(project=project, daily_wage=RATE)
    site = Site(unit, contractor, department, project, position)
    for name in NAMES[:people]:
        worker = WorkerFactory(name=name)
        LabourContractFactory(position=position, worker=worker)
        record_attendance(project, worker, WORKED)
        site.workers.append(worker)
    return site


def other_project(make_user, worker, *, code="YQ-2026-202", days=None, tag="b"):
    """Another unit's project on which ``worker`` is hired too, with attendance on ``days``."""
    unit = make_user(Role.PROJECT_UNIT, username=f"other-unit-{tag}")
    project = ProjectFactory(code=code, owner=unit.organisation, status=ProjectStatus.IN_PROGRESS)
    position = PositionFactory(project=project, daily_wage=RATE)
    LabourContractFactory(position=position, worker=worker)
    if days:
        record_attendance(project, worker, days)
    return unit, project
