"""Factories of the core's models, shared by every app's tests."""

import factory
from factory.django import DjangoModelFactory

from yiguoji.core.choices import OrgKind, TownshipKind
from yiguoji.core.models import District, Organisation, Township, User, Village
from yiguoji.core.roles import ROLE_ORG_KINDS, Role

PASSWORD = "test-password-123"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("singleton",)

    singleton = True
    name = "延庆区"
    full_name = "北京市延庆区"
    project_code_prefix = "YQ"
    lead_office = "北京市延庆区发展和改革委员会"
    complaint_hotline = "12345"
    level = "区"
    development_office = "区发展改革委"
    labour_bureau = "区人力社保局"
    finance_bureau = "区财政局"


class TownshipFactory(DjangoModelFactory):
    class Meta:
        model = Township
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试{n}镇")
    kind = TownshipKind.TOWN
    code = factory.Sequence(lambda n: f"T{n:03d}")


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village
        django_get_or_create = ("township", "name")

    township = factory.SubFactory(TownshipFactory)
    name = factory.Sequence(lambda n: f"测试{n}村")


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = OrgKind.PROJECT_UNIT


# The organisation kind a role's test user belongs to by default.
DEFAULT_ORG_KIND = {
    Role.DISTRICT_OFFICE: OrgKind.DISTRICT_OFFICE,
    Role.DEPARTMENT: OrgKind.DEPARTMENT,
    Role.LABOUR_BUREAU: OrgKind.LABOUR_BUREAU,
    Role.FINANCE: OrgKind.FINANCE,
    Role.TOWNSHIP: OrgKind.TOWNSHIP,
    Role.PROJECT_UNIT: OrgKind.PROJECT_UNIT,
    Role.CONTRACTOR: OrgKind.CONTRACTOR,
    Role.LEADER: OrgKind.LEADERSHIP,
    Role.AUDITOR: OrgKind.AUDIT,
}
assert all(DEFAULT_ORG_KIND[role] in ROLE_ORG_KINDS[role] for role in Role)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.DISTRICT_OFFICE
    organisation = factory.LazyAttribute(
        lambda o: OrganisationFactory(
            name=f"{Role(o.role).label}单位-{o.username}", kind=DEFAULT_ORG_KIND[o.role]
        )
    )
    password = factory.django.Password(PASSWORD)
