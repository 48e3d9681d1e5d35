"""Choices shared across the portal (labels are the words officials use)."""

from django.db import models

from yiguoji.core.terms import term


class TownshipKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", "街道"
    TOWN = "town", "镇"
    TOWNSHIP = "township", "乡"


class OrgKind(models.TextChoices):
    # Bodies named by the district's own words (yiguoji.core.terms): 区发展改革委 / 县发展改革局.
    DISTRICT_OFFICE = "district_office", term("office")
    DEPARTMENT = "department", "行业主管部门"
    LABOUR_BUREAU = "labour_bureau", term("labour_bureau")
    FINANCE = "finance", term("finance_bureau")
    AUDIT = "audit", "审计部门"
    LEADERSHIP = "leadership", term("leaders")
    TOWNSHIP = "township", "乡镇（街道）"
    VILLAGE_COMMITTEE = "village_committee", "村民委员会"
    PROJECT_UNIT = "project_unit", "项目单位"
    CONTRACTOR = "contractor", "施工单位"
    COLLECTIVE = "collective", "村集体经济组织/合作社"
    SCHOOL = "school", "职业院校/培训机构"


class Sector(models.TextChoices):
    """Sectors of work-relief projects (plan scope; national measures art. 38)."""

    TRANSPORT = "transport", "交通"
    WATER = "water", "水利"
    ENERGY = "energy", "能源"
    AGRICULTURE = "agriculture", "农业农村"
    URBAN = "urban", "城镇建设"
    ECOLOGY = "ecology", "生态环境"
    DISASTER = "disaster", "灾后恢复重建"
    CULTURE_TOURISM = "culture_tourism", "文化旅游"
    FORESTRY = "forestry", "林业草原"
    RURAL_LIFE = "rural_life", "农村生产生活"


def org_kinds():
    """``OrgKind.choices`` for model fields: a callable, so that migrations name the function and
    never freeze one district's words."""
    return OrgKind.choices
