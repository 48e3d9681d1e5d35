"""Asset dividends (资产折股量化分红; art. 17): the assets a project built, quantified into
shares of village collectives, and the dividends paid on them each year.

Art. 17: 推广“公益性基础设施建设+劳务报酬发放+就业技能培训+公益性管护岗位开发”和“产业发展配套
基础设施建设+劳务报酬发放+就业技能培训+资产折股量化分红”等综合赈济模式. The upkeep posts of the
first model are the maintenance conversions (``training.Conversion``, kind 项目后期管护岗位) of the
project's own workers; this module keeps the second model's shares and dividends.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import ProjectStatus
from projects.models import AssetShare, Dividend, Handover, Project
from projects.services.common import require_project_change
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind

S = ProjectStatus
BUILT = (S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)
COLLECTIVE_KINDS = (OrgKind.COLLECTIVE, OrgKind.VILLAGE_COMMITTEE)


def assets_built(project: Project) -> Decimal:
    """The value of what was built: the handover's asset value, else the total investment."""
    handover = Handover.objects.filter(project=project).first()
    return handover.asset_value if handover else project.total_investment


def asset_share_record(
    *,
    acting_user,
    project: Project,
    collective,
    share_value: Decimal,
    households: int,
    quantified_on: dt.date,
    basis: str,
    today: dt.date | None = None,
) -> AssetShare:
    """Quantify part of the assets ``project`` built into ``collective``'s shares; never more
    in all than the assets built."""
    require_project_change(acting_user, caps.RECORD_ASSET_SHARES, project)
    today = today or timezone.localdate()
    if project.status not in BUILT:
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，建成后方可折股量化（第十七条）"
        )
    errors = {}
    if collective is None or collective.kind not in COLLECTIVE_KINDS:
        errors["collective"] = "折股量化的对象应为村集体经济组织或村民委员会（第十七条）"
    if quantified_on > today:
        errors["quantified_on"] = "折股量化日期不能晚于今天"
    if not basis.strip():
        errors["basis"] = "请填写折股量化方案或依据"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user, action="projects.asset_share"):
        Project.objects.select_for_update().get(pk=project.pk)
        if AssetShare.objects.filter(project=project, collective=collective).exists():
            raise ValidationError(f"“{collective.name}”在本项目的折股量化已登记")
        shares = AssetShare.objects.filter(project=project)
        already = shares.aggregate(s=Sum("share_value"))["s"] or Decimal("0")
        built = assets_built(project)
        if already + share_value > built:
            raise ValidationError(
                {
                    "share_value": f"项目形成资产 {built:,.2f} 元，已折股量化 {already:,.2f} 元，"
                    f"本次 {share_value:,.2f} 元后将超过形成的资产"
                }
            )
        return AssetShare.objects.create(
            project=project,
            collective=collective,
            share_value=share_value,
            households=households,
            quantified_on=quantified_on,
            basis=basis.strip(),
            recorded_by=acting_user,
        )


def dividend_record(
    *,
    acting_user,
    asset_share: AssetShare,
    year: int,
    amount: Decimal,
    paid_on: dt.date,
    households: int,
    note: str = "",
    today: dt.date | None = None,
) -> Dividend:
    """A year's dividend on ``asset_share`` (once a year)."""
    require_project_change(acting_user, caps.RECORD_ASSET_SHARES, asset_share.project)
    today = today or timezone.localdate()
    errors = {}
    if year < asset_share.quantified_on.year:
        errors["year"] = f"分红年度不能早于折股量化的{asset_share.quantified_on.year}年"
    if paid_on > today:
        errors["paid_on"] = "分红发放日期不能晚于今天"
    if paid_on.year < year:
        errors["paid_on"] = f"{year}年度的分红不能在{year}年以前发放"
    if amount <= 0:
        errors["amount"] = "分红金额须大于零"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user, action="projects.dividend"):
        if Dividend.objects.filter(asset_share=asset_share, year=year).exists():
            raise ValidationError(f"{asset_share.collective.name}{year}年度的分红已登记")
        return Dividend.objects.create(
            asset_share=asset_share,
            year=year,
            amount=amount,
            paid_on=paid_on,
            households=households,
            note=note.strip(),
            recorded_by=acting_user,
        )
