"""Factories of the training app's models (usable by every app's tests).

They write rows directly, without the rules: tests of the rules go through the services.
"""

import datetime as dt
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from tests.factories import OrganisationFactory, TownshipFactory
from tests.payroll.factories import WorkerFactory
from tests.projects.factories import ProjectFactory
from training.choices import ConversionKind, OrganiserKind, TrainingKind, TrainingMode
from training.models import Conversion, TrainingRecord, TrainingSession
from yiguoji.core.choices import OrgKind

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class SchoolFactory(OrganisationFactory):
    name = "延庆区职业技能培训学校"
    kind = OrgKind.SCHOOL


class SessionFactory(DjangoModelFactory):
    """A two-day pre-job session at the vocational school (培训+学校), 16 hours."""

    class Meta:
        model = TrainingSession

    title = factory.Sequence(lambda n: f"2026年岗前培训第{n + 1}期")
    kind = TrainingKind.PRE_JOB
    mode = TrainingMode.SCHOOL
    organiser_kind = OrganiserKind.SCHOOL
    organiser = factory.SubFactory(SchoolFactory)
    township = factory.SubFactory(TownshipFactory)
    project = None
    starts_on = dt.date(2026, 3, 10)
    ends_on = dt.date(2026, 3, 11)
    hours = Decimal("16.0")
    place = "延庆区职业技能培训学校实训楼"
    trainer = "王建华"
    content = "以工代赈政策、施工现场安全、砌石和土方作业要领"


class RecordFactory(DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    session = factory.SubFactory(SessionFactory)
    worker = factory.SubFactory(WorkerFactory)
    hours = factory.SelfAttribute("session.hours")
    passed = True
    certificate_no = ""


class ConversionFactory(DjangoModelFactory):
    class Meta:
        model = Conversion

    worker = factory.SubFactory(WorkerFactory)
    project = factory.SubFactory(ProjectFactory)
    kind = ConversionKind.MAINTENANCE
    converted_on = dt.date(2026, 11, 1)
    employer_name = "岔道村村民委员会"
    post = "道路养护员"
    evidence = factory.LazyFunction(lambda: ContentFile(PDF, name="聘用协议.pdf"))
    evidence_name = "聘用协议.pdf"
