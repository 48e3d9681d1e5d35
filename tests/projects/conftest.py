"""A small Yanqing for the project tests: organisations and one user per role, and projects
that meet (or deliberately miss) each transition's preconditions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.choices import (
    DocumentKind,
    ExpenditureCategory,
    NoticeKind,
    ProjectStatus,
)
from projects.models import ProjectReview
from tests.factories import DistrictFactory, OrganisationFactory, UserFactory
from tests.projects.factories import (
    ExpenditureLineFactory,
    FundingLineFactory,
    PositionFactory,
    ProgrammeYearFactory,
    ProjectDocumentFactory,
    ProjectFactory,
    PublicNoticeFactory,
)
from yiguoji.core.choices import OrgKind, Sector
from yiguoji.core.roles import Role


@dataclass
class Cast:
    """Organisations and users; ``users[role]`` sits in township A where that matters."""

    township: object
    other_township: object
    orgs: dict
    users: dict

    def __getattr__(self, name):
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


@pytest.fixture
def cast(db, township, other_township):
    DistrictFactory()
    village = township.villages.create(name="岔道村")
    other_township.villages.create(name="西五里营村")
    org = OrganisationFactory
    orgs = {
        "district_office": org(name="区发展改革委", kind=OrgKind.DISTRICT_OFFICE),
        "department": org(name="区水务局", kind=OrgKind.DEPARTMENT, sectors=[Sector.WATER]),
        "other_department": org(
            name="区园林绿化局", kind=OrgKind.DEPARTMENT, sectors=[Sector.FORESTRY]
        ),
        "labour_bureau": org(name="区人力社保局", kind=OrgKind.LABOUR_BUREAU),
        "finance": org(name="区财政局", kind=OrgKind.FINANCE),
        "township": org(name="八达岭镇人民政府", kind=OrgKind.TOWNSHIP, township=township),
        "other_township": org(
            name="张山营镇人民政府", kind=OrgKind.TOWNSHIP, township=other_township
        ),
        "project_unit": org(
            name="岔道村村民委员会",
            short_name="岔道村委会",
            kind=OrgKind.VILLAGE_COMMITTEE,
            township=township,
            village=village,
        ),
        "other_unit": org(
            name="西五里营村合作社", kind=OrgKind.COLLECTIVE, township=other_township
        ),
        "contractor": org(name="妫水建筑公司", kind=OrgKind.CONTRACTOR),
        "other_contractor": org(name="龙庆路桥公司", kind=OrgKind.CONTRACTOR),
        "leader": org(name="区政府", kind=OrgKind.LEADERSHIP),
        "auditor": org(name="区审计局", kind=OrgKind.AUDIT),
    }
    users = {
        role: UserFactory(username=f"p-{role}", role=role, organisation=orgs[role])
        for role in (
            "district_office", "department", "labour_bureau", "finance", "township",
            "project_unit", "contractor", "leader", "auditor",
        )
    }  # fmt: skip
    users["district_office_2"] = UserFactory(
        username="p-district-2", role=Role.DISTRICT_OFFICE, organisation=orgs["district_office"]
    )
    users["other_department"] = UserFactory(
        username="p-forestry", role=Role.DEPARTMENT, organisation=orgs["other_department"]
    )
    users["other_township"] = UserFactory(
        username="p-township-b", role=Role.TOWNSHIP, organisation=orgs["other_township"]
    )
    users["other_unit"] = UserFactory(
        username="p-unit-b", role=Role.PROJECT_UNIT, organisation=orgs["other_unit"]
    )
    return Cast(township, other_township, orgs, users)


@pytest.fixture
def programme(db):
    return ProgrammeYearFactory(year=2026)


@pytest.fixture
def make_project(cast):
    """make_project(status=..., complete=True, **fields): a water project of the project unit in
    township A, approved by the water department, built by the contractor. ``complete`` adds
    what the reserve -> reviewed step needs (positions, expenditure plan, proposal)."""

    def make(status=ProjectStatus.RESERVE, complete=True, **fields):
        fields.setdefault("owner", cast.orgs["project_unit"])
        fields.setdefault("department", cast.orgs["department"])
        fields.setdefault("contractor", cast.orgs["contractor"])
        fields.setdefault("sector", Sector.WATER)
        fields.setdefault("townships", [cast.township])
        project = ProjectFactory(status=status, **fields)
        if complete:
            FundingLineFactory(project=project, amount=Decimal("600000.00"))
            FundingLineFactory(
                project=project, source="district", amount=Decimal("400000.00"),
                is_special_fund=False,
            )  # fmt: skip
            PositionFactory(project=project)
            ExpenditureLineFactory(project=project, amount=project.planned_wage_total)
            ExpenditureLineFactory(
                project=project, category=ExpenditureCategory.MATERIALS,
                description="砂石水泥", amount=Decimal("300000.00"), from_special_fund=True,
            )  # fmt: skip
            ProjectDocumentFactory(project=project, kind=DocumentKind.PROPOSAL)
        return project

    return make


def pass_review_checklist(project, reviewer):
    ProjectReview.objects.update_or_create(
        project=project,
        defaults={
            "labour_demand_ok": True,
            "labour_demand_note": "岗位合理",
            "wage_feasibility_ok": True,
            "wage_feasibility_note": "已论证",
            "fund_compliance_ok": True,
            "fund_compliance_note": "合规",
            "fiscal_capacity_ok": True,
            "fiscal_capacity_note": "财政可承受，不新增债务",
            "reviewed_by": reviewer,
        },
    )


def add_documents(project, *kinds):
    for kind in kinds:
        ProjectDocumentFactory(project=project, kind=kind)


def add_notice(project, kind=NoticeKind.PRE_START, days_ago=30):
    return PublicNoticeFactory(
        project=project,
        kind=kind,
        posted_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )
