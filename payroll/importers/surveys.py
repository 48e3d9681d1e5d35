"""Importing labour survey answers by township (摸底调查登记表), all or nothing.

Each row is a person and their answer in one round. A person not yet in the register is
registered from the same row (one person, one record: a known ID number points to the existing
person, whose name must match). Answering again in the same round updates the answer.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

from payroll.choices import SKILL_LEVEL_SYNONYMS, SkillLevel
from payroll.importers.common import (
    PHONE,
    SKILL_SYNONYMS,
    SkillWords,
    known_workers,
    person_columns,
    place_columns,
    resolve_places,
    township_scope,
)
from payroll.importers.workers import write_workers
from payroll.models import SurveyResponse, Worker
from payroll.services.surveys import check_round_open
from yiguoji.imports import Column, ImportSpec, RowSet, fields
from yiguoji.imports.errors import CellError

_RANGE = re.compile(r"(\d{1,2})\s*月?\s*[-~至到]\s*(\d{1,2})\s*月?")
_SINGLE = re.compile(r"(\d{1,2})\s*月?")
_SEPARATORS = re.compile(r"[、,;/\s]+")


class Months(fields.Field):
    """Months someone can work: "3-10月", "3月至10月", "3、4、5月", "全年", or one number."""

    hint = "可务工月份，如：3-10月、3、4、5月、全年"
    number_format = "@"

    def __call__(self, value) -> list[int]:
        text = fields.as_text(value).replace("月份", "月").strip()
        if text in ("全年", "1-12月", "常年", "随时"):
            return list(range(1, 13))
        if text in ("无", "否", "不愿意"):
            return []
        months: set[int] = set()
        for part in _SEPARATORS.split(text):
            if not part:
                continue
            if match := _RANGE.fullmatch(part):
                first, last = int(match[1]), int(match[2])
                if not (1 <= first <= 12 and 1 <= last <= 12):
                    raise CellError(f"“{part}”中的月份应为1至12")
                months.update(
                    range(first, last + 1)
                    if first <= last
                    else [*range(first, 13), *range(1, last + 1)]
                )
            elif match := _SINGLE.fullmatch(part):
                month = int(match[1])
                if not 1 <= month <= 12:
                    raise CellError(f"月份应为1至12，不能是{month}")
                months.add(month)
            else:
                raise CellError(f"“{part}”不是月份，应填写如 3-10月、3、4、5月 或 全年")
        return sorted(months)


class SurveyImport(ImportSpec):
    title = "劳动力就业意愿和技能摸底调查登记表"
    instructions = (
        "每人一行；名册中没有的人员将按本行信息同时登记到务工人员名册。",
        "同一人在本轮调查中再次导入时，更新其调查结果。",
        "整个文件全部正确才会导入；有任何错误时不导入任何数据，并列出每一处错误。",
    )

    def __init__(self, *, survey_round=None, township_id: int | None = None):
        self.survey_round = survey_round  # None only for the blank template
        self.township_id = township_id
        self.columns = [
            *person_columns(),
            PHONE,
            *place_columns(),
            Column(
                "willing",
                "是否有务工意愿",
                fields.boolean(),
                synonyms=("务工意愿", "是否愿意务工", "有无务工意愿", "愿意务工"),
            ),
            Column(
                "available_months",
                "可务工月份",
                Months(),
                synonyms=("可务工时间", "务工时间", "可务工时段"),
                required=False,
            ),
            Column(
                "skills",
                "技能",
                SkillWords(),
                synonyms=SKILL_SYNONYMS,
                required=False,
            ),
            Column(
                "skill_level",
                "技能等级",
                fields.choice(SkillLevel.choices, SKILL_LEVEL_SYNONYMS),
                synonyms=("技能水平",),
                required=False,
            ),
            Column(
                "preferred_work",
                "意向工种",
                fields.text(max_length=100),
                synonyms=("意向岗位", "希望从事工作", "意向工作"),
                required=False,
            ),
            Column(
                "surveyed_on",
                "调查日期",
                fields.date(max_value=timezone.localdate()),
                synonyms=("填表日期", "登记日期"),
                required=False,
            ),
            Column("note", "备注", fields.text(max_length=200), required=False),
        ]

    def clean_rows(self, rows: RowSet, ctx) -> None:
        if self.survey_round is None:
            rows.error(None, None, "未指定摸底调查，请在调查的工作台账页面上传")
            return
        try:
            check_round_open(self.survey_round)
        except ValidationError as error:
            rows.error(None, None, error.messages[0])
            return
        resolve_places(rows, ctx, self.township_id)
        self.default_township_id, self.own_only = township_scope(ctx, self.township_id)
        known = known_workers(rows)
        for row in rows:
            worker = known.get(row["id_index"])
            row["worker"] = worker
            if worker is None:
                continue
            if worker.name != row["name"]:
                rows.error(
                    row,
                    "name",
                    f"该公民身份号码在名册中的姓名为“{_masked_name(worker.name)}”，与本行不一致",
                )
            elif self.own_only and worker.township_id != self.default_township_id:
                rows.error(
                    row,
                    "id_number",
                    f"该人员登记在{worker.township.name}，请由该乡镇（街道）登记调查",
                )

    def write(self, rows: RowSet, ctx) -> int:
        user = ctx.get("user")
        new = [row for row in rows if row["worker"] is None]
        if new:
            write_workers(new, user)
            created = Worker.objects.filter(id_index__in=[row["id_index"] for row in new])
            ids = {bytes(index): pk for pk, index in created.values_list("pk", "id_index")}
            for row in new:
                row["worker_id"] = ids[row["id_index"]]
        for row in rows:
            if row["worker"] is not None:
                row["worker_id"] = row["worker"].pk
        today, now = timezone.localdate(), timezone.now()
        upsert_responses(
            (
                self.survey_round.pk, row["worker_id"],
                self.default_township_id if self.own_only else row["township_id"],
                row["willing"], row.get("available_months") or [], row.get("skills") or [],
                str(row.get("skill_level") or SkillLevel.NONE), row.get("preferred_work") or "",
                row.get("surveyed_on") or today, row.get("note") or "",
                user.pk if user else None, now,
            )
            for row in rows
        )  # fmt: skip
        return len(rows)


RESPONSE_COLUMNS = (
    "round_id", "worker_id", "township_id", "willing", "available_months", "skills",
    "skill_level", "preferred_work", "surveyed_on", "note", "entered_by_id", "updated_at",
)  # fmt: skip


def upsert_responses(values) -> None:
    """Insert the round's responses, or update a person's earlier one, as one set-based
    statement: the rows go to a temporary table by COPY, then one INSERT ... SELECT ... ON
    CONFLICT. ``bulk_create(update_conflicts=True)`` built one statement with twelve
    parameters per row, whose preparation cost most of the import (issue 12 item 2); the audit
    triggers fire once per statement as before."""
    from django.db import connection

    columns = ", ".join(RESPONSE_COLUMNS)
    updates = ", ".join(
        f"{c} = EXCLUDED.{c}" for c in RESPONSE_COLUMNS if c not in ("round_id", "worker_id")
    )
    table = SurveyResponse._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMP TABLE survey_upload ON COMMIT DROP AS "
            f"SELECT {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY survey_upload ({columns}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM survey_upload "
            f"ON CONFLICT (round_id, worker_id) DO UPDATE SET {updates}"
        )
        cursor.execute("DROP TABLE survey_upload")


def _masked_name(name: str) -> str:
    """Enough to recognise a mistake without disclosing the person: "王建军" -> "王**"."""
    return name[:1] + "*" * (len(name) - 1)
