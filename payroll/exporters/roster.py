"""用工名册: the roster of a project's workers, in the layout of the paper roster (plan task 9).

A caption row with the project's name, a line naming the project unit, contractor and code,
then one row per worker, with a blank 本人签字 column for the workers' signatures. ID and bank
card numbers are masked unless the user's role needs the full numbers and asked for them; then
every full number written is logged (core.RevealLog).
"""

from __future__ import annotations

from django.utils import timezone

from payroll.choices import PriorityGroup
from payroll.models import LabourContract
from payroll.services.reveals import can_reveal, workers_reveal
from yiguoji import scope
from yiguoji.core.views.mixins import xlsx_response
from yiguoji.xlsx import MONEY, TEXT, Column, Sheet, workbook_bytes

COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("性别", 6),
    Column("年龄", 6),
    Column("公民身份号码", 22, TEXT),
    Column("联系电话", 14, TEXT),
    Column("乡镇（街道）", 12),
    Column("村（社区）", 12),
    Column("优先群体", 18),
    Column("用工环节", 14),
    Column("岗位", 12),
    Column("用工单位", 22),
    Column("合同期限", 24),
    Column("合同签订日期", 13),
    Column("日劳务报酬（元）", 12, MONEY),
    Column("开户银行", 16),
    Column("银行卡号", 24, TEXT),
    Column("本人签字", 12),
]


def roster_contracts(user, project):
    return list(
        scope.restrict(LabourContract.objects.filter(project=project), user)
        .select_related("worker", "worker__township", "worker__village", "position", "employer")
        .order_by("status", "position__segment", "position_id", "worker__name", "pk")
    )


def roster_sheet(user, project, *, purpose: str = "", ip: str | None = None) -> Sheet:
    """The roster; with a stated ``purpose`` (a POST), full numbers for roles that may reveal
    them, each logged with that purpose."""
    contracts = roster_contracts(user, project)
    workers = list({contract.worker_id: contract.worker for contract in contracts}.values())
    full = bool(purpose)
    purpose = f"导出{project.code}用工名册：{purpose}"
    ids = cards = {}
    if full and can_reveal(user, "id_number"):
        ids = workers_reveal(
            acting_user=user, workers=workers, field="id_number", purpose=purpose, ip=ip
        )
    if full and can_reveal(user, "bank_card"):
        cards = workers_reveal(
            acting_user=user, workers=workers, field="bank_card", purpose=purpose, ip=ip
        )
    labels = dict(PriorityGroup.choices)
    rows = []
    for index, contract in enumerate(contracts, start=1):
        worker = contract.worker
        rows.append(
            (
                index,
                worker.name,
                worker.get_sex_display(),
                worker.age,
                ids.get(worker.pk, worker.id_masked),
                worker.phone,
                worker.township.name,
                worker.village.name if worker.village_id else "",
                "、".join(labels.get(code, code) for code in worker.priority_groups),
                contract.position.get_segment_display(),
                contract.position.title,
                contract.employer.name,
                f"{contract.starts_on:%Y-%m-%d}至{contract.last_day:%Y-%m-%d}",
                contract.signed_on,
                contract.daily_wage,
                worker.bank,
                cards.get(worker.pk, worker.bank_card_masked),
                "",
            )
        )
    contractor = project.contractor.name if project.contractor_id else "（无）"
    stamp = timezone.localtime()
    note = (
        f"项目编号：{project.code}    项目单位：{project.owner.name}    施工单位：{contractor}"
        f"    共 {len(rows)} 人    导出时间：{stamp:%Y-%m-%d %H:%M}"
    )
    return Sheet("用工名册", COLUMNS, rows, caption=f"{project.name}用工名册", note=note)


def roster_response(request, project, *, purpose: str = ""):
    ip = request.META.get("REMOTE_ADDR")
    sheet = roster_sheet(request.user, project, purpose=purpose, ip=ip)
    stamp = timezone.localtime()
    return xlsx_response(workbook_bytes([sheet]), f"{project.code}用工名册-{stamp:%Y%m%d}.xlsx")
