"""Factories of the project pipeline's models (usable by every app's tests)."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from projects.choices import (
    Category,
    DocumentKind,
    ExpenditureCategory,
    FundSource,
    NoticeKind,
    ProjectStatus,
    WorkSegment,
)
from projects.models import (
    DocumentRequirement,
    ExpenditureLine,
    FundingLine,
    Position,
    ProgrammeYear,
    Project,
    ProjectDocument,
    PublicNotice,
)
from tests.factories import OrganisationFactory, TownshipFactory, UserFactory
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
    quality_unit = "妫水建筑公司"  # art. 27
    quality_person = "张工"
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


# A minimal valid PDF (the document service checks files by content).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


class ExpenditureLineFactory(DjangoModelFactory):
    class Meta:
        model = ExpenditureLine

    project = factory.SubFactory(ProjectFactory)
    category = ExpenditureCategory.WAGES
    description = "当地群众务工劳务报酬"
    amount = Decimal("180000.00")
    from_special_fund = True


class ProjectDocumentFactory(DjangoModelFactory):
    class Meta:
        model = ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    kind = DocumentKind.PROPOSAL
    title = factory.LazyAttribute(lambda o: DocumentKind(o.kind).label)
    file = factory.django.FileField(data=PDF_BYTES, filename="doc.pdf")
    original_name = "doc.pdf"
    size = len(PDF_BYTES)
    content_type = "application/pdf"
    sha256 = "0" * 64
    key_terms = "吸纳当地群众务工，优先保障农民工工资支付"
    uploaded_by = factory.SubFactory(UserFactory)


class PublicNoticeFactory(DjangoModelFactory):
    class Meta:
        model = PublicNotice

    project = factory.SubFactory(ProjectFactory)
    kind = NoticeKind.PRE_START
    posted_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    location = "村务公开栏"
    recorded_by = factory.SubFactory(UserFactory)


class ProgrammeYearFactory(DjangoModelFactory):
    """A year's settings with the default required documents."""

    class Meta:
        model = ProgrammeYear
        django_get_or_create = ("year",)
        skip_postgeneration_save = True

    year = 2026
    wage_share_target = Decimal("0.3000")
    wage_account_threshold = Decimal("4000000.00")
    notice_days = 7

    @factory.post_generation
    def requirements(self, create, extracted, **kwargs):
        if not create:
            return
        from projects.services.programme import DEFAULT_REQUIREMENTS

        wanted = DEFAULT_REQUIREMENTS if extracted is None else extracted
        DocumentRequirement.objects.bulk_create(
            DocumentRequirement(programme_year=self, stage=s, kind=k, condition=c)
            for s, k, c in wanted
        )


def make_complaint(project, user=None, *, status="processing", kind="wage_arrears", **fields):
    """A complaint row as the register holds it (the services are tested on their own):
    ``status`` received / processing / answered / closed; "open" and "resolved" are accepted
    as the old register's words for processing and closed."""
    from projects.models import Complaint

    status = {"open": "processing", "resolved": "closed"}.get(status, status)
    received = fields.pop("received_at", None) or timezone.make_aware(
        datetime.datetime(2026, 6, 3, 9, 0)
    )
    handler = fields.pop("handler", None) or (project.owner if project else user.organisation)
    values = {
        "kind": kind,
        "channel": "hotline",
        "complainant": "李秀英",
        "content": "5月劳务报酬未发放",
        "acknowledge_by": received + datetime.timedelta(days=1),
        "answer_by": received + datetime.timedelta(days=5),
        "close_by": received + datetime.timedelta(days=15),
        "recorded_by": user,
        **fields,
    }
    if status != "received":
        values.setdefault("acknowledged_at", received + datetime.timedelta(hours=2))
    if status in ("answered", "closed"):
        values.setdefault("answer", "已补发")
        values.setdefault("answered_at", received + datetime.timedelta(days=2))
    if status == "closed":
        values.setdefault("closed_at", received + datetime.timedelta(days=3))
        values.setdefault("closed_how", "confirmed")
    complaint = Complaint.objects.create(
        number=f"X{Complaint.objects.count() + 1}-{timezone.now().timestamp()}"[:20],
        project=project,
        handler=handler,
        status=status,
        received_at=received,
        **values,
    )
    complaint.number = f"TS2026{complaint.pk:06d}"
    complaint.save(update_fields=["number"])
    return complaint


def file_archives(project, user=None, *, kinds=None):
    """The archive checklist acceptance waits for (plan task 8): a rule and a filed item for
    each kind (default: the wage-payment archive, always required)."""
    import datetime as dt

    from projects.choices import ArchiveKind
    from projects.models import ArchiveItem, ArchiveRule

    user = user or UserFactory()
    for kind in kinds or [ArchiveKind.WAGE_PAYMENT]:
        ArchiveRule.objects.get_or_create(kind=kind, defaults={"retention_years": 30})
        ArchiveItem.objects.get_or_create(
            project=project, kind=kind,
            defaults={"filed_on": dt.date(2026, 11, 1), "keeper": "项目单位", "location": "档案室",
                      "keep_until": dt.date(2056, 11, 1), "recorded_by": user},
        )  # fmt: skip


def hand_over(project, user=None):
    """The works handed over to the owner (plan task 8), before upkeep."""
    import datetime as dt

    from projects.models import Handover

    return Handover.objects.create(
        project=project, handed_on=dt.date(2026, 12, 1), receiver=project.owner,
        handed_by="施工单位", assets="道路1.2公里", asset_value=Decimal("1000000"),
        upkeep_by=project.owner.name, upkeep_person="王守田", recorded_by=user or UserFactory(),
    )  # fmt: skip
