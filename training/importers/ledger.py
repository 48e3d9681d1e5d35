"""The training ledger (培训台账) from Excel, through the shared import engine.

The sheet is the ledger layout the portal exports (序号, 姓名, 身份证号, 所在乡镇/村, 培训学时,
考核结果, 证书编号, 签字): a filled-in export can be uploaded again. Columns the ledger does not
store (序号, 所在乡镇/村, 签字) are ignored. Every row is held to ``training.rules`` — the same
rules as a row typed in the browser — and the whole file is written or nothing is.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import timezone

from payroll import identity
from payroll.models import Worker
from training.models import TrainingRecord, TrainingSession
from training.rules import record_problems, same_name
from yiguoji import scope
from yiguoji.imports import Column, ImportRefused, ImportSpec, RowSet, copy_rows, fields

RESULTS = {"合格": True, "不合格": False}
RESULT_SYNONYMS = {
    "通过": True,
    "已通过": True,
    "是": True,
    "√": True,
    "未通过": False,
    "不通过": False,
    "否": False,
    "×": False,
}


def ledger_session(ctx: Mapping[str, Any]) -> TrainingSession:
    """The session named by the upload's ``session`` id, if the user may still change it.

    Checked again here because a big file is imported later by a background job.
    """
    user = ctx.get("user")
    session = TrainingSession.objects.filter(pk=ctx.get("session")).first()
    if session is None or user is None or not scope.can(user, scope.CHANGE, session):
        raise ImportRefused("该培训不存在或不在您的权限范围内")
    if session.starts_on > timezone.localdate():
        raise ImportRefused(
            f"“{session.title}”于{session.starts_on:%Y-%m-%d}开始，开始前不能导入培训台账"
        )
    return session


class LedgerImport(ImportSpec):
    """Rows of one session's ledger; the context carries ``session`` (an id) and ``user``."""

    title = "培训台账"
    totals_row = True  # the exported ledger ends with a 合计 row: skip it on re-upload
    columns = [
        Column(
            "name",
            "姓名",
            fields.person_name(),
            synonyms=("务工人员姓名", "参训人员姓名", "学员姓名"),
        ),
        Column(
            "id_number",
            "身份证号",
            fields.resident_id(),
            synonyms=("身份证号码", "公民身份号码", "身份证"),
            unique=True,
            width=22,
        ),
        Column(
            "hours",
            "培训学时",
            fields.decimal(1, Decimal("0.5"), units=("学时", "课时"), label="学时"),
            synonyms=("学时", "参训学时", "实际学时"),
        ),
        Column(
            "passed",
            "考核结果",
            fields.choice(RESULTS, RESULT_SYNONYMS),
            synonyms=("是否合格", "考核情况", "考试结果"),
        ),
        Column(
            "certificate_no",
            "证书编号",
            fields.text(max_length=50),
            synonyms=("证书号", "证书号码", "合格证编号", "证书编码"),
            required=False,
            unique=True,
            note="技能提升培训、储备性技能培训考核合格的须填写；不合格的不填",
            width=20,
        ),
    ]
    instructions = (
        "每行一名参训人员；同一人在同一期培训中只能出现一次。",
        "参训人员须已在务工人员名册中登记（按身份证号码查找，姓名须与名册一致）。",
        "培训学时不能超过本期培训的学时。",
        "整个文件没有错误才会导入；有任何错误时不导入任何数据，并列出每一处错误。",
    )

    def clean_rows(self, rows: RowSet, ctx: Mapping[str, Any]) -> None:
        session = ledger_session(ctx)
        today = timezone.localdate()
        by_index = {  # every configured key's index: found while a key rotation runs
            index: number
            for number in rows.values("id_number")
            for index in identity.id_indexes(number)
        }
        workers = {
            by_index[bytes(worker.id_index)]: worker
            for worker in Worker.objects.filter(id_index__in=list(by_index)).only(
                "id", "name", "id_index"
            )
        }
        listed = set(session.records.values_list("worker_id", flat=True))
        certificates = rows.values("certificate_no")
        taken = dict(
            TrainingRecord.objects.filter(certificate_no__in=certificates).values_list(
                "certificate_no", "worker__name"
            )
        )
        for row in rows:
            worker = workers.get(row["id_number"])
            if worker is None:
                rows.error(
                    row,
                    "id_number",
                    f"{row['name']}未在务工人员名册中登记：请先登记，或在培训页面“现场登记”",
                )
                continue
            if not same_name(worker.name, row["name"]):
                rows.error(row, "name", f"与名册中该身份证号码的姓名“{worker.name}”不一致")
                continue
            if worker.pk in listed:
                rows.error(row, "id_number", f"{worker.name}已在本期培训台账中")
            certificate = row.get("certificate_no") or ""
            if certificate in taken:
                rows.error(row, "certificate_no", f"该证书编号已登记在{taken[certificate]}名下")
            for field, message in record_problems(
                session,
                name=worker.name,
                hours=row["hours"],
                passed=row["passed"],
                certificate_no=certificate,
                today=today,
            ):
                rows.error(row, field or None, message)
            row["worker_id"] = worker.pk

    def write(self, rows: RowSet, ctx: Mapping[str, Any]) -> int:
        session, user = ledger_session(ctx), ctx["user"]
        now = timezone.now()
        # COPY, not bulk_create (a model instance per row was half the import; issue 12 item 2);
        # the audit trigger fires as before.
        copy_rows(
            TrainingRecord,
            ("session", "worker", "hours", "passed", "certificate_no", "note", "created_by",
             "created_at"),
            ((session.pk, row["worker_id"], row["hours"], row["passed"],
              row.get("certificate_no") or "", "", user.pk if user else None, now)
             for row in rows),
        )  # fmt: skip
        return len(rows)
