"""The shared Excel import engine: every upload in the portal goes through it.

One pipeline (style.md, "One import pipeline for every Excel upload")::

    safety check -> read (calamine) -> locate header -> map columns -> normalise
    -> parse every cell -> cross-row checks -> spec.clean_rows (once)
    -> spec.write inside one transaction.atomic(), or nothing at all

Declare an upload once::

    from yiguoji.imports import Column, ImportSpec, copy_rows, fields, run_import

    class WorkerImport(ImportSpec):
        title = "务工人员登记表"
        columns = [
            Column("name", "姓名", fields.person_name(), synonyms=("务工人员姓名",)),
            Column("id_number", "公民身份号码", fields.resident_id(),
                   synonyms=("身份证号", "身份证号码"), unique=True),
            Column("bank_card", "银行卡号", fields.bank_card(), required=False),
            Column("wage", "日工资标准（元）", fields.money()),
            Column("groups", "优先群体", fields.multi_choice(PriorityGroup.choices),
                   required=False),
        ]

        def clean_rows(self, rows, ctx):           # once per file, rows that parsed cleanly
            known = set(Worker.objects.filter(id_number__in=rows.values("id_number"))
                        .values_list("id_number", flat=True))
            for row in rows:
                if row["id_number"] in known:
                    rows.error(row, "id_number", "该务工人员已登记")

        def write(self, rows, ctx):                # inside transaction.atomic(), no errors
            copy_rows(Worker, ["name", "id_number", "bank_card", "wage"],
                      ((r["name"], r["id_number"], r["bank_card"], r["wage"]) for r in rows))

    result = run_import(WorkerImport(), upload, context={"user": user}, progress=callback)
    result.ok, result.written, result.summary          # "已导入 120 条记录。"
    result.messages()                                  # ["第9行 公民身份号码：校验码错误", ...]
    result.error_workbook()                            # .xlsx bytes with bad cells marked
    WorkerImport().template_workbook()                 # the blank template, .xlsx bytes

Errors name the Excel row (1-based, title rows counted), the header text as the file has it,
and the reason in Chinese. Limits (``IMPORT_MAX_BYTES``, ``IMPORT_MAX_ROWS``, ...) live in
``limits.py`` and can be overridden in Django settings.
"""

from yiguoji.imports import fields
from yiguoji.imports.db import copy_rows, update_rows
from yiguoji.imports.engine import run_import
from yiguoji.imports.errors import CellError, ImportRefused, RowError
from yiguoji.imports.result import ImportResult
from yiguoji.imports.rows import Row, RowSet
from yiguoji.imports.spec import Column, ImportSpec

__all__ = [
    "CellError",
    "Column",
    "ImportRefused",
    "ImportResult",
    "ImportSpec",
    "Row",
    "RowError",
    "RowSet",
    "copy_rows",
    "fields",
    "run_import",
    "update_rows",
]
