"""What a finished project leaves behind (plan task 8; art. 32): the archives, kept for as long
as the district says, and the works handed over to the owner or the village collective.

Plan task 8: 工程竣工后应当及时组织工程验收、工程移交、结算、决算审计和落实后期管护责任，并按照有关
规定做好项目招标、施工、监理、财务、验收等档案的管理，保存劳务报酬发放档案. Art. 32:
縣級發展改革部門和相關鄉鎮人民政府應加強項目檔案資料管理.

* The archive checklist is the district's data (``ArchiveRule``: retention years, and whether
  acceptance waits for the kind); the wage-payment archive is always kept and always awaited
  (the plan names it on its own: 保存劳务报酬发放档案).
* Acceptance (``accept``) is refused, naming each archive still missing (``archives_missing``).
* 转入管护 (``maintain``) is refused until the works have been handed over (``handover_missing``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from projects import capabilities as caps
from projects.choices import ArchiveKind, ProjectStatus
from projects.models import ArchiveItem, ArchiveRule, Handover, Project
from projects.services.common import require_project_change
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.choices import OrgKind

S = ProjectStatus
# plan task 8: 保存劳务报酬发放档案 — never optional.
ALWAYS_REQUIRED = frozenset({ArchiveKind.WAGE_PAYMENT})
ARCHIVE_STATES = (S.STARTED, S.IN_PROGRESS, S.COMPLETED, S.ACCEPTED, S.MAINTENANCE)
RECEIVER_KINDS = (OrgKind.VILLAGE_COMMITTEE, OrgKind.COLLECTIVE, OrgKind.TOWNSHIP)
SOURCE = "重点任务8：做好项目招标、施工、监理、财务、验收等档案的管理，保存劳务报酬发放档案"


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- the district's archive rules ---------------------------------------------------------------


def archive_rules_save(*, acting_user, rules: dict[str, tuple[int | None, bool]]) -> list:
    """Set each kind's retention years and whether acceptance waits for it; a kind with no
    years is removed from the checklist (except the wage-payment archive)."""
    access.require(acting_user, caps.MANAGE_SETTINGS)
    errors = {}
    for kind, (years, required) in rules.items():
        if kind not in ArchiveKind.values:
            raise ValidationError(f"未知的档案类别：{kind}")
        label = ArchiveKind(kind).label
        if kind in ALWAYS_REQUIRED and (not years or not required):
            errors[kind] = f"“{label}”须保存并在验收前归档（{SOURCE}），请填写保存期限并勾选"
        elif years is not None and not 1 <= int(years) <= 100:
            errors[kind] = f"“{label}”保存期限应为1至100年"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user, action="projects.archive_rules"):
        for kind, (years, required) in rules.items():
            if not years:
                ArchiveRule.objects.filter(kind=kind).delete()
                continue
            ArchiveRule.objects.update_or_create(
                kind=kind,
                defaults={
                    "retention_years": years,
                    "required_for_acceptance": required,
                    "updated_by": acting_user,
                },
            )
    return list(ArchiveRule.objects.order_by("kind"))


def required_archive_kinds(rules=None) -> list[str]:
    """The kinds acceptance waits for, in the order of ``ArchiveKind``."""
    if rules is None:
        rules = ArchiveRule.objects.all()
    wanted = {rule.kind for rule in rules if rule.required_for_acceptance} | ALWAYS_REQUIRED
    return [kind for kind in ArchiveKind.values if kind in wanted]


def archives_missing(project: Project) -> list[str]:
    """art. 32 / plan task 8: what acceptance still needs from the archive checklist."""
    filed = set(ArchiveItem.objects.filter(project=project).values_list("kind", flat=True))
    missing = [kind for kind in required_archive_kinds() if kind not in filed]
    if not missing:
        return []
    labels = "、".join(ArchiveKind(kind).label for kind in missing)
    return [f"尚未归档：{labels}（{SOURCE}；第三十二条）"]


def handover_missing(project: Project) -> list[str]:
    if Handover.objects.filter(project=project).exists():
        return []
    return [
        "尚未登记工程移交：向项目单位或村集体经济组织移交，明确后期管护责任单位和责任人"
        "（重点任务8：工程竣工后应当及时组织工程验收、工程移交……落实后期管护责任）"
    ]


# --- the project's archives and handover --------------------------------------------------------


def archive_item_file(
    *,
    acting_user,
    project: Project,
    kind: str,
    filed_on: dt.date,
    keeper: str,
    location: str,
    volumes: int = 1,
    note: str = "",
    today: dt.date | None = None,
) -> ArchiveItem:
    """File (or correct the entry of) one archive of ``project``; it is kept until the filing
    date plus the district's retention years for the kind."""
    require_project_change(acting_user, caps.RECORD_HANDOVER, project)
    today = today or timezone.localdate()
    if project.status not in ARCHIVE_STATES:
        raise ValidationError(f"项目当前状态为“{project.get_status_display()}”，开工后方可归档")
    if kind not in ArchiveKind.values:
        raise ValidationError({"kind": "请选择档案类别"})
    rule = ArchiveRule.objects.filter(kind=kind).first()
    if rule is None:
        raise ValidationError(
            {"kind": f"尚未设置“{ArchiveKind(kind).label}”的保存期限，请先由区发展改革委设置"}
        )
    errors = {}
    if filed_on > today:
        errors["filed_on"] = "归档日期不能晚于今天"
    if not keeper.strip():
        errors["keeper"] = "请填写保管单位"
    if not location.strip():
        errors["location"] = "请填写存放位置或档号"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(acting_user, action="projects.archive_file"):
        item, _ = ArchiveItem.objects.update_or_create(
            project=project,
            kind=kind,
            defaults={
                "filed_on": filed_on,
                "keeper": keeper.strip(),
                "location": location.strip(),
                "volumes": volumes,
                "keep_until": add_years(filed_on, rule.retention_years),
                "note": note.strip(),
                "recorded_by": acting_user,
            },
        )
    return item


def handover_record(
    *,
    acting_user,
    project: Project,
    handed_on: dt.date,
    receiver,
    handed_by: str,
    assets: str,
    asset_value: Decimal,
    upkeep_by: str,
    upkeep_person: str,
    today: dt.date | None = None,
) -> Handover:
    """Record the works handed over, once completed and before upkeep (plan task 8: 验收、
    移交……落实后期管护责任; the working group may hand over on the day it accepts)."""
    require_project_change(acting_user, caps.RECORD_HANDOVER, project)
    today = today or timezone.localdate()
    if project.status not in (S.COMPLETED, S.ACCEPTED):
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，完工后、转入管护前登记工程移交"
        )
    errors = {}
    if receiver is None or not (
        receiver.pk in (project.owner_id, project.collective_id) or receiver.kind in RECEIVER_KINDS
    ):
        errors["receiver"] = "接收单位应为项目单位（业主）或村集体经济组织、村民委员会"
    if handed_on > today:
        errors["handed_on"] = "移交日期不能晚于今天"
    for name, value, label in (
        ("handed_by", handed_by, "移交单位"),
        ("assets", assets, "移交资产及数量"),
        ("upkeep_by", upkeep_by, "后期管护责任单位"),
        ("upkeep_person", upkeep_person, "管护责任人"),
    ):
        if not value.strip():
            errors[name] = f"请填写{label}"
    if errors:
        raise ValidationError(errors)
    if Handover.objects.filter(project=project).exists():
        raise ValidationError("该项目已登记工程移交")
    with transaction.atomic(), acting_as(acting_user, action="projects.handover"):
        return Handover.objects.create(
            project=project,
            handed_on=handed_on,
            receiver=receiver,
            handed_by=handed_by.strip(),
            assets=assets.strip(),
            asset_value=asset_value,
            upkeep_by=upkeep_by.strip(),
            upkeep_person=upkeep_person.strip(),
            recorded_by=acting_user,
        )


def handover_check(acting_user, project: Project) -> bool:
    try:
        require_project_change(acting_user, caps.RECORD_HANDOVER, project)
    except PermissionDenied:
        return False
    return True
