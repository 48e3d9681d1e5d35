"""Roles (domain.md, "Organisations and roles") and which organisation kinds may hold them."""

from django.db import models

from yiguoji.core.choices import OrgKind
from yiguoji.core.terms import term


class Role(models.TextChoices):
    # Named by the district's own words (yiguoji.core.terms).
    DISTRICT_OFFICE = "district_office", term("office")
    DEPARTMENT = "department", "行业主管部门"
    LABOUR_BUREAU = "labour_bureau", term("labour_bureau")
    FINANCE = "finance", term("finance_bureau")
    TOWNSHIP = "township", "乡镇（街道）"
    PROJECT_UNIT = "project_unit", "项目单位"
    CONTRACTOR = "contractor", "施工单位"
    LEADER = "leader", "领导"
    AUDITOR = "auditor", "审计"


def roles():
    """``Role.choices`` for model fields (a callable: see ``yiguoji.core.choices.org_kinds``)."""
    return Role.choices


# A township government, a village committee or a collective is often the project unit (art. 25).
ROLE_ORG_KINDS: dict[str, frozenset[str]] = {
    Role.DISTRICT_OFFICE: frozenset({OrgKind.DISTRICT_OFFICE}),
    Role.DEPARTMENT: frozenset({OrgKind.DEPARTMENT}),
    Role.LABOUR_BUREAU: frozenset({OrgKind.LABOUR_BUREAU}),
    Role.FINANCE: frozenset({OrgKind.FINANCE}),
    Role.TOWNSHIP: frozenset({OrgKind.TOWNSHIP}),
    Role.PROJECT_UNIT: frozenset(
        {OrgKind.PROJECT_UNIT, OrgKind.TOWNSHIP, OrgKind.VILLAGE_COMMITTEE, OrgKind.COLLECTIVE}
    ),
    Role.CONTRACTOR: frozenset({OrgKind.CONTRACTOR, OrgKind.COLLECTIVE}),
    Role.LEADER: frozenset({OrgKind.LEADERSHIP, OrgKind.DISTRICT_OFFICE}),
    Role.AUDITOR: frozenset({OrgKind.AUDIT}),
}

# Roles that see every township's data (each still limited by its capabilities).
DISTRICT_WIDE = frozenset(
    {Role.DISTRICT_OFFICE, Role.LABOUR_BUREAU, Role.FINANCE, Role.LEADER, Role.AUDITOR}
)
# Roles that never change anything.
READ_ONLY = frozenset({Role.LEADER, Role.AUDITOR})
