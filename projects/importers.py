"""Importing proposed projects from a department's or township's Excel sheet (plan task 1).

Goes through the shared engine (``yiguoji.imports``): tolerant of real sheets (title rows,
merged cells, header synonyms), all-or-nothing, every bad row reported with row, column and
reason. Money columns name their unit in the header, 元 or 万元; a bare "总投资" is refused
rather than guessed. Each row is written by ``project_save``, the same service as the form, so
the same rules apply.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from projects.choices import NATIONAL_SPECIAL_SOURCES, Category, FundSource, WorkSegment
from projects.models import Project
from projects.services.projects import (
    DEPARTMENT_KINDS,
    OWNER_KINDS,
    FundingInput,
    organisation_choices,
    project_save,
)
from yiguoji.core.choices import Sector
from yiguoji.core.models import Organisation, Township, Village
from yiguoji.core.roles import Role
from yiguoji.core.terms import terms
from yiguoji.imports import Column, ImportSpec, fields

UPLOAD_KEY = "projects.proposed"
WAN = Decimal(10000)


def _money_labels() -> list[tuple[str, str]]:
    """(name, label) of the money columns; each comes as "（元）" or "（万元）". The district's
    own funds are called by its word (区级资金 / 县级资金), so these are built per upload."""
    return [
        ("total_investment", "总投资"),
        ("planned_wage_total", "计划发放劳务报酬"),
        *((f"fund_{source}", str(label)) for source, label in FundSource.choices),
    ]


MONEY_SYNONYMS = {
    "planned_wage_total": ("劳务报酬", "计划劳务报酬", "劳务报酬发放金额"),
    "fund_municipal": ("市级",),
    "fund_central_fiscal": ("中央财政衔接推进乡村振兴补助资金",),
    "fund_other": ("其他资金",),
}
CATEGORY_SYNONYMS = {
    "专项资金项目": Category.SPECIAL_FUND,
    "以工代赈专项": Category.SPECIAL_FUND,
    "推广以工代赈方式": Category.RURAL_INFRASTRUCTURE,
    "农业农村基础设施": Category.RURAL_INFRASTRUCTURE,
    "重点工程": Category.KEY_PROJECT,
    "重点工程项目": Category.KEY_PROJECT,
}
SEGMENT_SYNONYMS = {
    "一般劳动": WorkSegment.GENERAL,
    "服务保障": WorkSegment.SERVICE,
    "后期管护": WorkSegment.MAINTENANCE,
    "管护": WorkSegment.MAINTENANCE,
}


def _money_columns() -> list[Column]:
    columns = []
    level = terms().level
    for name, label in _money_labels():
        synonyms = MONEY_SYNONYMS.get(name, ())
        if name == "fund_district":
            synonyms = (f"{level}级",)
        columns.append(
            Column(name, f"{label}（元）", fields.money(),
                   synonyms=tuple(f"{s}（元）" for s in synonyms), required=False)
        )  # fmt: skip
        wan = fields.decimal(6, 0, units=("万元",), label="金额（万元）")
        columns.append(
            Column(f"{name}__wan", f"{label}（万元）", wan,
                   synonyms=tuple(f"{s}（万元）" for s in synonyms), required=False)
        )  # fmt: skip
    return columns


def _name_key(text: str) -> str:
    return "".join(text.split())


class ProposedProjectImport(ImportSpec):
    title = "以工代赈拟申报项目表"
    fixed_columns = [
        Column("name", "项目名称", fields.text(200), synonyms=("项目名",), unique=True),
        Column("year", "年度", fields.integer(2020, 2100), synonyms=("申报年度", "计划年度"),
               required=False, note="留空为本年度"),
        Column("category", "项目类别", fields.choice(Category.choices, CATEGORY_SYNONYMS),
               synonyms=("类别",)),
        Column("sector", "行业领域", fields.choice(Sector.choices),
               synonyms=("行业", "所属行业", "领域")),
        Column("owner", "项目单位", fields.text(100),
               synonyms=("项目业主", "业主单位", "项目业主单位", "实施单位"),
               note="填写单位全称或简称，须为平台已登记的单位"),
        Column("department", "行业主管部门", fields.text(100),
               synonyms=("主管部门", "批复部门", "责任部门"), required=False,
               note="行业主管部门导入时留空即为本部门"),
        Column("townships", "所在乡镇", fields.text(200),
               synonyms=("乡镇", "乡镇（街道）", "建设地点（乡镇）", "实施乡镇"),
               note="多个乡镇用顿号分隔"),
        Column("villages", "所在村", fields.text(300), synonyms=("村", "建设地点（村）", "实施村"),
               required=False, note="多个村用顿号分隔"),
        Column("content_and_scale", "建设内容及规模", fields.text(2000),
               synonyms=("建设内容和规模", "建设内容", "主要建设内容及规模")),
        Column("work_relief_tasks", "以工代赈建设任务", fields.text(1000),
               synonyms=("可实施以工代赈的建设任务", "以工代赈任务"), required=False),
        Column("segments", "用工环节", fields.multi_choice(WorkSegment.choices, SEGMENT_SYNONYMS),
               required=False),
        Column("social_benefit", "社会效益", fields.text(1000),
               synonyms=("社会效益评价", "预期成效"), required=False),
        Column("performance_targets", "绩效目标", fields.text(1000), required=False),
        Column("planned_start", "计划开工", fields.date(),
               synonyms=("计划开工时间", "开工时间", "计划开工日期"), required=False),
        Column("planned_end", "计划完工", fields.date(),
               synonyms=("计划完工时间", "完工时间", "计划完工日期", "竣工时间"), required=False),
        Column("planned_local_jobs", "计划带动务工人数", fields.integer(0, unit="人"),
               synonyms=("带动务工人数", "计划带动当地群众务工人数", "务工人数"),
               required=False),
    ]  # fmt: skip
    totals_row = True

    @property
    def columns(self) -> list[Column]:  # the money columns name the district's own funds
        return [*self.fixed_columns, *_money_columns()]

    @property
    def instructions(self) -> tuple[str, ...]:
        return (
            "每行一个项目。金额列须在列名中注明单位：“（元）”或“（万元）”，同一金额只填一种。",
            "各资金来源合计须等于总投资。中央预算内投资、中央财政衔接资金计为以工代赈专项资金；"
            f"市级、{terms().own_funds}中的以工代赈专项资金，导入后在项目页面标注。",
            "整个文件没有错误才会导入；有错误时一条也不导入，请按提示修改后重新上传整个文件。",
        )

    # --- checks -------------------------------------------------------------------------

    def clean_rows(self, rows, ctx):
        user = ctx["user"]
        # A column the file lacks is absent from every parsed row (a blank cell is None).
        first = rows[0]
        if "total_investment" not in first and "total_investment__wan" not in first:
            rows.error(None, None, "缺少“总投资（元）”或“总投资（万元）”列（金额列须注明单位）")
            return
        owners = _index(organisation_choices(user, OWNER_KINDS))
        departments = _index(Organisation.objects.filter(kind__in=DEPARTMENT_KINDS))
        townships = {_name_key(t.name): t for t in Township.objects.all()}
        villages: dict[tuple[int, str], Village] = {
            (v.township_id, _name_key(v.name)): v for v in Village.objects.all()
        }
        default_year = ctx.get("year") or timezone.localdate().year
        existing = {
            (p.year, p.name): p.code
            for p in Project.objects.filter(name__in=rows.values("name")).only(
                "year", "name", "code"
            )
        }
        for row in rows:
            code = existing.get((row.get("year") or default_year, row["name"]))
            if code:
                rows.error(row, "name", f"本年度已有同名项目（{code}），请勿重复导入")
            self._money(rows, row)
            self._organisations(rows, row, user, owners, departments)
            self._places(rows, row, user, townships, villages)
            if (
                row["planned_start"]
                and row["planned_end"]
                and row["planned_end"] < row["planned_start"]
            ):
                rows.error(row, "planned_end", "计划完工日期早于计划开工日期")

    def _money(self, rows, row) -> None:
        # Errors about the total name the column the file has (元 or 万元).
        total_column = "total_investment" if "total_investment" in row else "total_investment__wan"
        for name, label in _money_labels():
            yuan, wan = row.get(name), row.get(f"{name}__wan")
            if yuan is not None and wan is not None:
                rows.error(row, name, f"“{label}”同时填写了元和万元，请只填一种")
            elif wan is not None:
                converted = wan * WAN
                if converted != converted.quantize(Decimal("0.01")):
                    rows.error(row, f"{name}__wan", "金额换算成元后超过两位小数")
                row[name] = converted.quantize(Decimal("0.01"))
        if row.get("total_investment") is None:
            rows.error(row, total_column, "未填写总投资")
            return
        sources = [
            FundingInput(source, row[f"fund_{source}"], source in NATIONAL_SPECIAL_SOURCES)
            for source in FundSource.values
            if row.get(f"fund_{source}")
        ]
        row["funding"] = sources
        if not sources:
            rows.error(row, total_column, "未填写任何资金来源金额（第九条）")
            return
        total = sum((f.amount for f in sources), Decimal(0))
        if total != row["total_investment"]:
            declared = row["total_investment"]
            message = f"各资金来源合计 {total:,.2f} 元，与总投资 {declared:,.2f} 元不一致"
            rows.error(row, total_column, message)

    def _organisations(self, rows, row, user, owners, departments) -> None:
        owner = owners.get(_name_key(row["owner"]))
        if owner is None:
            hint = "（只能导入本单位承担的项目）" if user.role == Role.PROJECT_UNIT else ""
            rows.error(row, "owner", f"“{row['owner']}”不是平台已登记、可由您填报的项目单位{hint}")
        row["owner_obj"] = owner
        department = None
        if row.get("department"):
            department = departments.get(_name_key(row["department"]))
            if department is None:
                rows.error(row, "department", f"“{row['department']}”不是已登记的行业主管部门")
        elif user.role == Role.DEPARTMENT:
            department = user.organisation
        row["department_obj"] = department

    def _places(self, rows, row, user, townships, villages) -> None:
        chosen = []
        for name in _split(row["townships"]):
            township = townships.get(_name_key(name))
            if township is None:
                rows.error(row, "townships", f"“{name}”不是本{terms().level}的乡镇（街道）")
            else:
                chosen.append(township)
        row["township_objs"] = chosen
        if len(chosen) < len(_split(row["townships"])):
            row["village_objs"] = []
            return  # the villages are checked once the townships are right
        found = []
        for name in _split(row.get("villages") or ""):
            matches = [villages.get((t.pk, _name_key(name))) for t in chosen]
            matches = [v for v in matches if v is not None]
            if not matches:
                rows.error(row, "villages", f"“{name}”不是所填乡镇下的村")
            else:
                found.append(matches[0])
        row["village_objs"] = found
        if user.role == Role.TOWNSHIP and chosen and user.township_id not in {t.pk for t in chosen}:
            rows.error(row, "townships", "乡镇只能导入位于本乡镇的项目")

    # --- write --------------------------------------------------------------------------

    def write(self, rows, ctx):
        user = ctx["user"]
        year = ctx.get("year") or timezone.localdate().year
        for row in rows:
            fields_ = {
                "name": row["name"],
                "year": row.get("year") or year,
                "category": row["category"],
                "sector": row["sector"],
                "segments": row.get("segments") or [],
                "owner": row["owner_obj"],
                "department": row["department_obj"],
                "content_and_scale": row["content_and_scale"],
                "work_relief_tasks": row.get("work_relief_tasks") or "",
                "social_benefit": row.get("social_benefit") or "",
                "performance_targets": row.get("performance_targets") or "",
                "planned_start": row.get("planned_start"),
                "planned_end": row.get("planned_end"),
                "total_investment": row["total_investment"],
                "planned_wage_total": row.get("planned_wage_total") or Decimal(0),
                "planned_local_jobs": row.get("planned_local_jobs") or 0,
            }
            try:
                project_save(
                    acting_user=user,
                    fields=fields_,
                    townships=row["township_objs"],
                    villages=row["village_objs"],
                    funding=row["funding"],
                )
            except (ValidationError, PermissionDenied) as error:
                messages = getattr(error, "messages", None) or [str(error)]
                rows.error(row, None, "；".join(messages))
        return len(rows)


def _split(text: str) -> list[str]:
    return [part for part in re.split(r"[、,，;；/\s]+", text or "") if part]


def _index(organisations) -> dict[str, Organisation]:
    index = {}
    for org in organisations:
        index.setdefault(_name_key(org.name), org)
        if org.short_name:
            index.setdefault(_name_key(org.short_name), org)
    return index
