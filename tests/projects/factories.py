"""Factories of the project pipeline's models (usable by every app's tests)."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from projects.choices import Category, FundSource, ProjectStatus, WorkSegment
from projects.models import FundingLine, Position, Project
from tests.factories import OrganisationFactory, TownshipFactory
from yiguoji.core.choices import Sector


class ProjectFactory(DjangoModelFactory):
    """A project in ``township`` (default: a new test township), owned by a new project unit.

    ``ProjectFactory(townships=[t1, t2])`` sets several townships; ``funding=Decimal(...)``
    adds one central budget special-fund line of that amount.
    """

    class Meta:
        model = Project
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"YQ-2026-{n + 1:03d}")
    name = factory.Sequence(lambda n: f"测试村道路硬化工程{n}")
    year = 2026
    category = Category.SPECIAL_FUND
    sector = Sector.TRANSPORT
    segments = factory.LazyFunction(lambda: [WorkSegment.GENERAL])
    owner = factory.SubFactory(OrganisationFactory)
    content_and_scale = "硬化村内道路1.2公里，宽4.5米"
    work_relief_tasks = "土方开挖、路基整平、铺砌边沟"
    social_benefit = "带动当地群众30人务工，人均增收6000元"
    performance_targets = "带动务工30人；发放劳务报酬18万元"
    planned_start = datetime.date(2026, 4, 1)
    planned_end = datetime.date(2026, 10, 31)
    total_investment = Decimal("1000000.00")
    planned_wage_total = Decimal("180000.00")
    planned_local_jobs = 30
    status = ProjectStatus.RESERVE

    @factory.post_generation
    def townships(self, create, extracted, **kwargs):
        if not create:
            return
        self.townships.set(extracted if extracted is not None else [TownshipFactory()])

    @factory.post_generation
    def funding(self, create, extracted, **kwargs):
        if create and extracted:
            FundingLineFactory(project=self, amount=extracted)


class FundingLineFactory(DjangoModelFactory):
    class Meta:
        model = FundingLine

    project = factory.SubFactory(ProjectFactory)
    source = FundSource.CENTRAL_BUDGET
    amount = Decimal("600000.00")
    is_special_fund = True


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    project = factory.SubFactory(ProjectFactory)
    segment = WorkSegment.GENERAL
    title = "普工"
    headcount = 20
    skills = "身体健康，能从事体力劳动"
    start_date = datetime.date(2026, 4, 1)
    end_date = datetime.date(2026, 9, 30)
    daily_wage = Decimal("200.00")
