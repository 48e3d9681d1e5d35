"""Choices of the project pipeline (labels are the words the district's officials use)."""

from django.db import models


class ProjectStatus(models.TextChoices):
    """Lifecycle of a work-relief project (domain.md, "Project lifecycle"; art. 22-32)."""

    RESERVE = "reserve", "储备"
    REVIEWED = "reviewed", "已审查"
    LISTED = "listed", "列入年度清单"
    APPROVED = "approved", "已批复"
    STARTED = "started", "已开工"
    IN_PROGRESS = "in_progress", "建设中"
    COMPLETED = "completed", "已完工"
    ACCEPTED = "accepted", "已验收"
    MAINTENANCE = "maintenance", "管护中"
    WITHDRAWN = "withdrawn", "已撤回"


class WorkSegment(models.TextChoices):
    """用工环节 (plan scope (二); art. 39)."""

    GENERAL = "general", "一般劳动环节"
    SERVICE = "service", "服务保障环节"
    MAINTENANCE = "maintenance", "后期管护环节"


class Category(models.TextChoices):
    """Project categories (art. 2, ch. 4-6)."""

    SPECIAL_FUND = "special_fund", "以工代赈专项资金项目"
    RURAL_INFRASTRUCTURE = "rural_infrastructure", "农业农村基础设施推广以工代赈方式项目"
    KEY_PROJECT = "key_project", "重点工程项目实施以工代赈"


class FundSource(models.TextChoices):
    """Funding sources (art. 8, 13, 20)."""

    CENTRAL_BUDGET = "central_budget", "中央预算内投资"
    CENTRAL_FISCAL = "central_fiscal", "中央财政衔接资金"
    MUNICIPAL = "municipal", "市级资金"
    DISTRICT = "district", "区级资金"
    SOCIAL = "social", "社会资金"
    OTHER = "other", "其他"


# The national work-relief special funds (art. 13): always special funds.
NATIONAL_SPECIAL_SOURCES = frozenset({FundSource.CENTRAL_BUDGET, FundSource.CENTRAL_FISCAL})
# Local budgets may arrange their own work-relief special funds (art. 13, second paragraph).
LOCAL_FISCAL_SOURCES = frozenset({FundSource.MUNICIPAL, FundSource.DISTRICT})
# Money that is never a fiscal special fund.
NON_FISCAL_SOURCES = frozenset({FundSource.SOCIAL, FundSource.OTHER})
