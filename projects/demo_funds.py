"""Demo disbursements (资金拨付台账; safeguard (二), art. 21): every approved demo project gets
its funding lines' transfers — a first tranche after approval, the rest at completion — recorded
by the finance bureau's demo user through the real service; one project is paid far ahead of its
works (资金闲置) and one is left waiting (拨付滞后), so the district's view has something to show.
Running it again adds nothing: a project with any transfer is skipped."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from projects.choices import NON_FISCAL_SOURCES, ProjectStatus
from projects.models import Disbursement, ProgrammeYear, Project, ProjectTransition
from projects.services.disbursements import DISBURSABLE, disbursement_record
from yiguoji.core import registry
from yiguoji.core.models import User
from yiguoji.core.roles import Role
from yiguoji.core.terms import terms

S = ProjectStatus
DONE = (S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)
# The demo's thresholds (the district changes them in 年度参数): idle over half of what was
# disbursed for 60 days, progress 20 points ahead of the money, spending 15 points ahead of works.
WATCH = {"idle_share": Decimal("0.50"), "idle_days": 60, "lag_points": 20, "ahead_points": 15}
IDLE_DEMO = "八达岭镇岔道村村内街巷硬化"  # paid 90% at once, works far behind
LAG_DEMO = "八达岭镇岔道村古城墙周边步道修缮"  # works going on, only 10% paid


def _share(amount: Decimal, part: str) -> Decimal:
    return (amount * Decimal(part)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@registry.demo_seeder(26, "资金拨付台账")
def seed_disbursements(stdout) -> None:
    finance = User.objects.filter(role=Role.FINANCE, is_active=True).order_by("pk").first()
    if finance is None:
        return
    for programme in ProgrammeYear.objects.filter(
        idle_share__isnull=True, idle_days__isnull=True, lag_points__isnull=True,
        ahead_points__isnull=True,
    ):  # fmt: skip
        ProgrammeYear.objects.filter(pk=programme.pk).update(**WATCH)
    today = timezone.localdate()
    approved_on = dict(
        ProjectTransition.objects.filter(to_status=S.APPROVED).values_list("project_id", "at")
    )
    created = 0
    projects = (
        Project.objects.filter(status__in=DISBURSABLE)
        .exclude(pk__in=Disbursement.objects.values("project_id"))
        .select_related("owner")
        .prefetch_related("funding_lines")
        .order_by("code")
    )
    for project in projects:
        approved = approved_on.get(project.pk)
        first_day = timezone.localtime(approved).date() if approved else today
        first_day = min(first_day + datetime.timedelta(days=15), today)
        if project.name == IDLE_DEMO:
            first_day = min(first_day, today - datetime.timedelta(days=90))
        with transaction.atomic():
            for line in project.funding_lines.all():
                payer = (
                    "项目出资单位" if line.source in NON_FISCAL_SOURCES else terms().finance_bureau
                )
                first = {IDLE_DEMO: "0.90", LAG_DEMO: "0.10"}.get(project.name, "0.40")
                tranches = [(first_day, _share(line.amount, first))]
                if project.status in DONE:
                    last_day = min(project.planned_end or today, today)
                    tranches.append((max(last_day, first_day), line.amount - tranches[0][1]))
                for number, (day, amount) in enumerate(tranches, start=1):
                    disbursement_record(
                        acting_user=finance, funding_line=line, amount=amount, disbursed_on=day,
                        payer=payer, payee=project.owner.name,
                        voucher=f"{project.code}-{line.pk}-{number}",
                        note="第一笔" if number == 1 else "竣工后拨付余款", today=today,
                    )  # fmt: skip
                    created += 1
    stdout.write(f"  资金拨付：新登记 {created} 笔")


# art. 17: two finished demo projects' assets quantified into village collectives' shares, with
# this year's dividend (project name -> collective short name, share, households, dividend).
SHARES = {
    "大庄科乡乡村旅游步道": ("莲花池村劳务合作社", Decimal("300000"), 126, Decimal("18000")),
    "八达岭镇岔道村停车场铺装": ("岔道村委会", Decimal("500000"), 210, Decimal("25000")),
}


@registry.demo_seeder(27, "资产折股量化分红")
def seed_asset_shares(stdout) -> None:
    from projects.models import AssetShare
    from projects.services.assets import asset_share_record, dividend_record
    from yiguoji.core.models import Organisation

    district = User.objects.filter(role=Role.DISTRICT_OFFICE, is_active=True).order_by("pk").first()
    if district is None:
        return
    today = timezone.localdate()
    created = 0
    for name, (collective, value, households, dividend) in SHARES.items():
        project = Project.objects.filter(name=name).first()
        owner = Organisation.objects.filter(short_name=collective).first()
        if project is None or owner is None or AssetShare.objects.filter(project=project).exists():
            continue
        with transaction.atomic():
            share = asset_share_record(
                acting_user=district, project=project, collective=owner, share_value=value,
                households=households, quantified_on=datetime.date(project.year, 12, 1),
                basis="村集体经济组织成员（代表）大会通过的资产折股量化方案", today=today,
            )  # fmt: skip
            paid = min(datetime.date(today.year, 1, 20), today)
            dividend_record(
                acting_user=district, asset_share=share, year=paid.year, amount=dividend,
                paid_on=paid, households=households, note="按股分红到户", today=today,
            )  # fmt: skip
        created += 1
    stdout.write(f"  资产折股量化：新登记 {created} 个项目")
