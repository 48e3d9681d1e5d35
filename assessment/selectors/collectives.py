"""Art. 17 per village collective: the public-welfare upkeep posts its projects opened and filled
from their own workers, and the dividend shares of the assets they built.

Art. 17: 推广“公益性基础设施建设+劳务报酬发放+就业技能培训+公益性管护岗位开发”和“产业发展配套
基础设施建设+劳务报酬发放+就业技能培训+资产折股量化分红”等综合赈济模式.

A collective's projects are those it owns or organises the labour of (art. 25). Upkeep posts are
the maintenance positions (后期管护环节) of those projects; they are filled by maintenance
conversions (``training.Conversion``, 项目后期管护岗位), which only a worker hired on the project
can take (``training.rules``: plan task 6, 优先吸纳参与工程建设的劳动力). Shares and dividends are
``projects.AssetShare`` / ``projects.Dividend``. Five queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from projects.choices import WorkSegment
from projects.models import AssetShare, Dividend, Position, Project
from projects.services.assets import COLLECTIVE_KINDS
from training.choices import ConversionKind
from training.models import Conversion
from yiguoji import scope
from yiguoji.core.models import Organisation

ZERO = Decimal("0")


@dataclass
class CollectiveRow:
    collective: Organisation
    projects: list = field(default_factory=list)
    posts_planned: int = 0  # maintenance positions' headcount
    posts_filled: int = 0  # the projects' own workers converted into upkeep posts
    share_value: Decimal = ZERO
    households: int = 0
    dividends: Decimal = ZERO
    dividends_by_year: dict = field(default_factory=dict)


def collective_rows(user) -> list[CollectiveRow]:
    projects = list(
        scope.restrict(
            Project.objects.filter(
                Q(collective__kind__in=COLLECTIVE_KINDS) | Q(owner__kind__in=COLLECTIVE_KINDS)
            ),
            user,
        ).select_related("owner", "collective")
    )
    rows: dict[int, CollectiveRow] = {}
    by_project: dict[int, list[CollectiveRow]] = defaultdict(list)

    def row_of(organisation) -> CollectiveRow:
        return rows.setdefault(organisation.pk, CollectiveRow(organisation))

    for project in projects:
        for organisation in {project.owner, project.collective} - {None}:
            if organisation.kind in COLLECTIVE_KINDS:
                row = row_of(organisation)
                row.projects.append(project)
                by_project[project.pk].append(row)
    ids = [p.pk for p in projects]
    for project_id, headcount in (
        Position.objects.filter(project_id__in=ids, segment=WorkSegment.MAINTENANCE)
        .values("project_id")
        .annotate(n=Sum("headcount"))
        .values_list("project_id", "n")
        .order_by()
    ):
        for row in by_project[project_id]:
            row.posts_planned += headcount or 0
    for project_id, filled in (
        Conversion.objects.filter(project_id__in=ids, kind=ConversionKind.MAINTENANCE)
        .values("project_id")
        .annotate(n=Count("worker_id", distinct=True))
        .values_list("project_id", "n")
        .order_by()
    ):
        for row in by_project[project_id]:
            row.posts_filled += filled
    shares = scope.restrict(AssetShare.objects.select_related("collective", "project"), user)
    for share in shares:
        row = row_of(share.collective)
        if share.project not in row.projects:  # a project it holds shares of (art. 17)
            row.projects.append(share.project)
        row.share_value += share.share_value
        row.households += share.households
    for collective_id, year, amount in (
        scope.restrict(Dividend.objects.all(), user)
        .values("asset_share__collective_id", "year")
        .annotate(s=Sum("amount"))
        .values_list("asset_share__collective_id", "year", "s")
        .order_by()
    ):
        row = rows.get(collective_id)
        if row is not None:
            row.dividends += amount
            row.dividends_by_year[year] = row.dividends_by_year.get(year, ZERO) + amount
    return sorted(rows.values(), key=lambda r: r.collective.name)
