"""The training ledger as Excel, in the layout of the paper ledger (培训台账).

Title row: the session; a line with organiser, dates, place and hours; then 序号, 姓名, 身份证号,
所在乡镇/村, 培训学时, 考核结果, 证书编号, 签字; a 合计 row; and the signature lines. ID numbers
are masked ("110229********123X") unless the role needs full numbers for the ledger it files
and asks for them; then they go through payroll's reveal service, which checks the role and logs
every number written (敏感信息查看记录), like a reveal on screen.
"""

from __future__ import annotations

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from payroll.services.reveals import can_reveal, workers_reveal
from training.models import TrainingSession
from yiguoji import scope, xlsx
from yiguoji.xlsx import TEXT, Column, Sheet, write_sheet

COLUMNS = [
    Column("序号", 6),
    Column("姓名", 10),
    Column("身份证号", 22, TEXT),
    Column("所在乡镇/村", 20),
    Column("培训学时", 10, "General"),
    Column("考核结果", 10),
    Column("证书编号", 20, TEXT),
    Column("签字", 14),
]
SIGNATURES = ("填表人：", "培训单位负责人：", "主办单位（盖章）：", "日期：")


def may_reveal(user) -> bool:
    return can_reveal(user, "id_number")


def ledger_records(user, session: TrainingSession):
    """The ledger rows of ``session`` that ``user`` may see, in entry order."""
    return (
        scope.restrict(session.records.all(), user)
        .select_related("worker", "worker__township", "worker__village")
        .order_by("id")
    )


def ledger_caption(session: TrainingSession) -> tuple[str, str]:
    """The title row and the two lines under it (the session as the paper ledger states it)."""
    partner = f"（联合{session.partner.name}）" if session.partner_id else ""
    project = f"    依托项目：{session.project.name}" if session.project_id else ""
    note = (
        f"主办单位：{session.organiser.name}{partner}    培训时间：{session.period}    "
        f"培训地点：{session.place}\n"
        f"培训类型：{session.get_kind_display()}    培训方式：{session.get_mode_display()}    "
        f"培训学时：{session.hours.normalize():f}    授课人：{session.trainer}{project}"
    )
    suffix = "台账" if session.title.endswith("培训") else "培训台账"  # not "…培训培训台账"
    return f"{session.title}{suffix}", note


def ledger_workbook(*, acting_user, session: TrainingSession, purpose: str = "") -> bytes:
    """The ledger of ``session`` as .xlsx bytes; full ID numbers only with a stated ``purpose``
    and only for roles that may reveal."""
    records = list(ledger_records(acting_user, session))
    full = {}
    if purpose and may_reveal(acting_user):
        full = workers_reveal(
            acting_user=acting_user,
            workers=[record.worker for record in records],
            field="id_number",
            purpose=f"导出培训台账{session.title}：{purpose}",
        )
    rows = []
    for index, record in enumerate(records, start=1):
        worker = record.worker
        rows.append(
            (
                index,
                worker.name,
                full.get(worker.pk, worker.id_masked),
                worker.place,
                record.hours,
                record.result_label,
                record.certificate_no,
                "",
            )
        )
    passed = sum(1 for record in records if record.passed)
    caption, note = ledger_caption(session)
    sheet = Sheet(
        "培训台账",
        COLUMNS,
        rows,
        caption=caption,
        note=note,
        footer=(
            "合计",
            f"{len(records)}人",
            "",
            "",
            sum((r.hours for r in records), start=0),
            f"合格{passed}人",
            "",
            "",
        ),
    )
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = xlsx.sheet_title(sheet.title)
    write_sheet(worksheet, sheet)
    worksheet["A2"].alignment = Alignment(wrap_text=True, vertical="center")
    worksheet.row_dimensions[2].height = 36  # the two lines about the session
    for row in range(4, worksheet.max_row):
        worksheet.row_dimensions[row].height = 24  # room for a handwritten signature
    line = worksheet.max_row + 2
    for column, label in zip((1, 3, 5, 7), SIGNATURES, strict=True):
        worksheet.cell(row=line, column=column, value=label).font = Font(bold=True)
        worksheet.merge_cells(
            start_row=line, start_column=column, end_row=line, end_column=column + 1
        )
    stamp = timezone.localtime()
    note = worksheet.cell(row=line + 2, column=1, value=f"导出时间：{stamp:%Y-%m-%d %H:%M}")
    note.font = Font(size=9, color="666666")
    worksheet.merge_cells(start_row=line + 2, start_column=1, end_row=line + 2, end_column=4)
    return xlsx.save(workbook)


def ledger_filename(session: TrainingSession) -> str:
    return f"培训台账-{session.title}-{timezone.localdate():%Y%m%d}.xlsx"
