"""Factories of the payroll app's models (usable by every app's tests).

``WorkerFactory(id_number=..., card=...)`` sets the protected numbers through the model's own
helpers (ciphertext, blind index, masked form); both default to valid generated numbers.
"""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from payroll import samples
from payroll.choices import SkillLevel
from payroll.models import (
    AttendanceMonth,
    LabourContract,
    SurveyResponse,
    SurveyRound,
    Worker,
)
from tests.factories import TownshipFactory
from tests.projects.factories import PositionFactory


class WorkerFactory(DjangoModelFactory):
    class Meta:
        model = Worker

    name = factory.Faker("name", locale="zh_CN")
    # Birth dates cycle through 1960-1999 (37 days apart), so that however many workers a
    # test session creates, nobody is born in the future or is under age; with the order code
    # (n % 500) the numbers stay distinct for the first 2,000 workers of a session.
    id_number = factory.Sequence(
        lambda n: samples.resident_id(
            dt.date(1960, 1, 1) + dt.timedelta(days=37 * (n % 400)), n, male=n % 3 != 0
        )
    )
    card = factory.Sequence(lambda n: samples.bank_card(n + 1))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    bank = "北京农商银行"
    township = factory.SubFactory(TownshipFactory)
    village = None

    @classmethod
    def _create(cls, model_class, *args, id_number, card, **kwargs):
        worker = model_class(**kwargs)
        worker.set_id_number(id_number)
        worker.set_bank_card(card)
        worker.save()
        return worker


class SurveyRoundFactory(DjangoModelFactory):
    class Meta:
        model = SurveyRound
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"2026年第{n + 1}轮劳动力摸底调查")
    year = 2026
    starts_on = dt.date(2026, 2, 1)
    ends_on = dt.date(2026, 3, 31)


class SurveyResponseFactory(DjangoModelFactory):
    class Meta:
        model = SurveyResponse

    round = factory.SubFactory(SurveyRoundFactory)
    worker = factory.SubFactory(WorkerFactory)
    township = factory.SelfAttribute("worker.township")
    willing = True
    available_months = factory.LazyFunction(lambda: list(range(3, 11)))
    skill_level = SkillLevel.NONE
    surveyed_on = dt.date(2026, 2, 15)


class LabourContractFactory(DjangoModelFactory):
    """A contract for the position's whole period; the employer is the project's owner."""

    class Meta:
        model = LabourContract

    position = factory.SubFactory(PositionFactory)
    project = factory.SelfAttribute("position.project")
    worker = factory.SubFactory(WorkerFactory)
    employer = factory.SelfAttribute("project.owner")
    daily_wage = factory.SelfAttribute("position.daily_wage")
    starts_on = factory.SelfAttribute("position.start_date")
    ends_on = factory.SelfAttribute("position.end_date")


class AttendanceMonthFactory(DjangoModelFactory):
    class Meta:
        model = AttendanceMonth

    project = factory.SelfAttribute("contract.project")
    worker = factory.SelfAttribute("contract.worker")
    month = dt.date(2026, 5, 1)
    days = Decimal("0")
    by_day = True

    class Params:
        contract = factory.SubFactory(LabourContractFactory)


def record_attendance(project, worker, dates, amount=Decimal("1")) -> AttendanceMonth:
    """Attendance of ``worker`` on ``project``: one day row per date and the month's total
    (written directly, as the attendance service would, for setting up ledger tests)."""
    from payroll.models import AttendanceDay

    dates = list(dates)
    AttendanceDay.objects.bulk_create(
        AttendanceDay(project=project, worker=worker, date=day, amount=amount) for day in dates
    )
    month = dates[0].replace(day=1)
    return AttendanceMonth.objects.create(
        project=project, worker=worker, month=month, days=amount * len(dates)
    )
