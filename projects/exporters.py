"""The annual list (年度项目清单) as an Excel workbook.

Layout of the plan's task table (序号 first, the responsible unit last, rows grouped under a
heading per category) with the fields art. 9 requires: category, name, content and scale,
period, total investment and sources, performance targets. Further sheets total the list by
sector, by township and by funding source.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone
from django.utils.text import format_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from projects.choices import Category, FundSource
from projects.selectors import annual_totals
from yiguoji import xlsx
from yiguoji.xlsx import MONEY, PERCENT, TEXT, Column, Sheet, write_sheet

CHINESE_NUMERALS = "一二三四五六七八九十"
#: The units the list states, as the paper form does above its table (issue 10 item 21).
UNITS = "金额单位：元    人数单位：人"
#: The paper form's signature block under the table: the compiling unit stamps it (plan task 1:
#: 区发展改革委汇总制定年度项目清单), its head and the person who filled it in sign.
SIGNATURE = (
    "填报单位（盖章）：",
    "单位负责人：",
    "审核人：",
    "填报人：",
    "联系电话：",
    "填报日期：      年    月    日",
)

LIST_COLUMNS = [
    Column("序号", 6),
    Column("项目编号", 14, TEXT),
    Column("项目类别", 18),
    Column("项目名称", 30),
    Column("建设内容及规模", 40),
    Column("建设地点", 18),
    Column("建设工期", 22),
    Column("总投资（元）", 16, MONEY),
    # (lazy: the district's own funds are called by its word, 区级资金 / 县级资金)
    *(Column(format_lazy("{}（元）", label), 15, MONEY) for _, label in FundSource.choices),
    Column("以工代赈专项资金（元）", 16, MONEY),
    Column("计划发放劳务报酬（元）", 16, MONEY),
    # art. 30: two ratios, each of planned wages against the funds arranged
    Column("劳务报酬占中央资金比例", 12, PERCENT),
    Column("劳务报酬占财政资金比例", 12, PERCENT),
    Column("计划带动务工（人）", 10),
    Column("绩效目标", 30),
    Column("项目单位", 24),
    Column("责任部门", 20),
    Column("状态", 12),
]
TOTAL_COLUMNS = [
    Column("", 20),
    Column("项目数", 8),
    Column("总投资（元）", 18, MONEY),
    Column("计划发放劳务报酬（元）", 18, MONEY),
    Column("中央资金（元）", 18, MONEY),
    Column("劳务报酬占中央资金比例", 14, PERCENT),
    Column("财政资金（元）", 18, MONEY),
    Column("劳务报酬占财政资金比例", 14, PERCENT),
]


def _place(project) -> str:
    townships = "、".join(t.name for t in project.townships.all())
    villages = "、".join(v.name for v in project.villages.all())
    return f"{townships}（{villages}）" if villages else townships


def _period(project) -> str:
    if not project.planned_start or not project.planned_end:
        return ""
    return f"{project.planned_start:%Y.%m.%d}—{project.planned_end:%Y.%m.%d}"


def _share(wages: Decimal, special: Decimal):
    return float(wages / special) if special else None


def _project_row(number: int, project) -> list:
    by_source = dict.fromkeys(FundSource.values, Decimal(0))
    for line in project.funding_lines.all():
        by_source[line.source] += line.amount
    return [
        number,
        project.code,
        project.get_category_display(),
        project.name,
        project.content_and_scale,
        _place(project),
        _period(project),
        project.total_investment,
        *(by_source[source] or None for source in FundSource.values),
        project.special_funds,
        project.planned_wage_total,
        _share(project.planned_wage_total, project.central_funds),
        _share(project.planned_wage_total, project.fiscal_funds),
        project.planned_local_jobs,
        project.performance_targets,
        project.owner.name,
        project.department.name if project.department_id else "",
        project.get_status_display(),
    ]


def annual_list_workbook(projects, *, year: int, district_name: str, exported_by: str) -> bytes:
    """The workbook for ``projects`` (already scoped, with ``with_figures`` annotations)."""
    projects = list(projects)
    note = f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}    导出人：{exported_by}    {UNITS}"
    rows: list[list] = []
    headings: list[int] = []  # indexes in ``rows`` of the category heading rows
    number = 0
    for index, (category, label) in enumerate(Category.choices):
        members = [p for p in projects if p.category == category]
        if not members:
            continue
        headings.append(len(rows))
        rows.append([f"{CHINESE_NUMERALS[index]}、{label}（{len(members)}个）"])
        for project in members:
            number += 1
            rows.append(_project_row(number, project))
    total_investment = sum((p.total_investment for p in projects), Decimal(0))
    special = sum((p.special_funds for p in projects), Decimal(0))
    wages = sum((p.planned_wage_total for p in projects), Decimal(0))
    whole = annual_totals(projects)["sector"].total  # like with like (art. 30)
    source_totals = [
        sum((line.amount for p in projects for line in p.funding_lines.all()
             if line.source == source), Decimal(0))
        for source in FundSource.values
    ]  # fmt: skip
    footer = ["合计", f"{len(projects)}个", "", "", "", "", "", total_investment,
              *source_totals, special, wages, _share(whole.central_wages, whole.central),
              _share(whole.fiscal_wages, whole.fiscal),
              sum(p.planned_local_jobs for p in projects)]  # fmt: skip
    main = Sheet(
        "年度项目清单",
        LIST_COLUMNS,
        rows,
        caption=f"{year}年{district_name}以工代赈年度项目清单",
        note=note,
        footer=footer,
        signature=SIGNATURE,
    )
    totals = annual_totals(projects)
    sheets = [
        main,
        _totals_sheet("按行业汇总", "行业领域", totals["sector"].rows, year, district_name, note),
        _totals_sheet(
            "按乡镇汇总",
            "乡镇（街道）",
            totals["township"].rows,
            year,
            district_name,
            note + "    注：跨乡镇项目在所涉各乡镇分别计入",
        ),
        Sheet(
            "按资金来源汇总",
            [Column("资金来源", 20), Column("金额（元）", 20, MONEY)],
            totals["source"],
            caption=f"{year}年{district_name}以工代赈年度项目资金来源汇总",
            note=note,
            footer=["合计", sum((amount for _, amount in totals["source"]), Decimal(0))],
        ),
    ]
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        write_sheet(workbook.create_sheet(title=xlsx.sheet_title(sheet.title)), sheet)
    _style_headings(workbook["年度项目清单"], headings, first_data_row=4)
    return xlsx.save(workbook)


def _totals_sheet(title, first, rows, year, district_name, note) -> Sheet:
    body = [
        (row.label, row.count, row.investment, row.wages, row.central,
         _share(row.central_wages, row.central), row.fiscal, _share(row.fiscal_wages, row.fiscal))
        for row in rows
    ]  # fmt: skip
    return Sheet(
        title,
        [Column(first, 20), *TOTAL_COLUMNS[1:]],
        body,
        caption=f"{year}年{district_name}以工代赈年度项目{title}",
        note=note,
    )


def _style_headings(worksheet, headings: list[int], *, first_data_row: int) -> None:
    """Category heading rows span the table, bold, like the plan's task table groups."""
    width = len(LIST_COLUMNS)
    for index in headings:
        row = first_data_row + index
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        cell = worksheet.cell(row=row, column=1)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="left", vertical="center")
    for row in worksheet.iter_rows(min_row=first_data_row, min_col=4, max_col=5):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def project_list_workbook(projects, *, title: str, exported_by: str) -> bytes:
    """Any filtered project list, in the annual list's columns (one row per project)."""
    from yiguoji.xlsx import workbook_bytes

    projects = list(projects)
    note = f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}    导出人：{exported_by}    {UNITS}"
    rows = [_project_row(number, p) for number, p in enumerate(projects, start=1)]
    return workbook_bytes([Sheet(title, LIST_COLUMNS, rows, caption=title, note=note)])
