"""The quarterly dispatch workbook (季度调度表, plan task 5: 按季度填报“实施以工代赈的重点工程项目
和中小型农业农村基础设施项目信息调度系统”): one row per project, cumulative to the quarter's end.

Which projects: those on the annual list (listed and beyond) of the quarter's year, and projects
of earlier years that still had a monthly report in the quarter (in works, paying, or owing).
Money in yuan, to the fen. Funds in place, investment completed and progress are what the
project unit last confirmed in a monthly report up to the quarter's end.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from assessment.choices import ReportStatus
from assessment.models import MonthlyReport
from assessment.periods import quarter_end, quarter_months
from assessment.selectors.training import ProjectTraining, training_by_project
from assessment.selectors.wages import MonthFigures, cumulative_figures
from projects import funds
from projects.models import Project
from projects.selectors import ON_LIST, with_figures
from yiguoji.core.models import District
from yiguoji.xlsx import MONEY, PERCENT, Column, Sheet, workbook_bytes

ZERO = Decimal("0")
ANSWERED = (ReportStatus.CONFIRMED, ReportStatus.ANNOTATED)

COLUMNS = [
    Column("序号", 6),
    Column("项目编号", 14),
    Column("项目名称", 30),
    Column("所在乡镇", 12),
    Column("项目类别", 18),
    Column("行业领域", 10),
    Column("项目单位", 22),
    Column("项目状态", 10),
    Column("总投资（元）", 15, MONEY),
    Column("其中以工代赈专项资金（元）", 15, MONEY),
    Column("其中中央资金（元）", 15, MONEY),
    Column("累计到位资金（元）", 15, MONEY),
    Column("累计完成投资（元）", 15, MONEY),
    Column("形象进度（%）", 9),
    Column("计划带动务工（人）", 10),
    Column("累计务工人数（人）", 10),
    Column("其中优先群体（人）", 10),
    Column("累计务工天数（人·日）", 11),
    Column("累计发放劳务报酬（元）", 15, MONEY),
    Column("已支出中央资金（元）", 15, MONEY),
    Column("已支出财政资金（元）", 15, MONEY),
    Column("劳务报酬占中央资金比例（累计发放÷已支出中央资金）", 14, PERCENT),
    Column("劳务报酬占财政资金比例（累计发放÷已支出财政资金）", 14, PERCENT),
    Column("季末欠发劳务报酬（元）", 14, MONEY),
    Column("累计培训（人）", 9),
    Column("累计培训（人次）", 9),
    Column("零工变长工（人）", 9),
    Column("本季度月度反馈确认", 11),
]

NOTES = [
    ("项目范围", "本年度列入年度项目清单的项目，以及以前年度在本季度仍有月度反馈的项目。"),
    (
        "累计务工人数",
        "截至季末各月已提交（含已签字、已备案）劳务报酬发放台账中的务工人员，按人去重。",
    ),
    ("优先群体", "务工人员名册中登记了任一优先群体（第二十八条）的人员。"),
    ("累计发放劳务报酬", "发放日期（北京时间）在季末及以前的实发金额。"),
    (
        "季末欠发",
        "发放期限在季末及以前的各月台账，应发金额减去季末前已发放金额，逐人逐月计算，"
        "不为负；期限未到的工资不计入欠发。",
    ),
    (
        "已支出中央资金、财政资金",
        "累计完成投资（项目单位最近一次确认的月度反馈）中按资金来源比例属于中央资金（中央预算内投资、"
        "中央财政衔接资金）或财政资金（中央、市级、区级资金）的部分；未报完成投资的项目为空。",
    ),
    (
        "劳务报酬占比",
        "第三十条的两个比例，同口径比较：累计发放劳务报酬 ÷ 已支出中央资金（专项计划文件要求的"
        "劳务报酬占中央资金比例）；累计发放劳务报酬 ÷ 已支出财政资金（尽最大可能提高）。"
        "合计行只计算两者都有的项目。",
    ),
    ("到位资金、完成投资、形象进度", "项目单位在季末及以前最近一次确认的月度反馈所填数据。"),
    ("培训、零工变长工", "在本项目举办、季末前开班的培训；季末前上岗的零工变长工人员。"),
]


def dispatch_projects(year: int, quarter: int):
    months = quarter_months(year, quarter)
    reported = MonthlyReport.objects.filter(month__in=months).values("project_id")
    projects = Project.objects.filter(status__in=ON_LIST).filter(Q(year=year) | Q(pk__in=reported))
    return (
        with_figures(projects)
        .select_related("owner")
        .prefetch_related("townships")
        .order_by("year", "code")
    )


def _latest_answers(project_ids, as_of: dt.date) -> dict[int, MonthlyReport]:
    rows = (
        MonthlyReport.objects.filter(
            project_id__in=project_ids, month__lte=as_of, status__in=ANSWERED
        )
        .order_by("project_id", "-month")
        .distinct("project_id")
    )
    return {row.project_id: row for row in rows}


def _answered_in_quarter(project_ids, months) -> dict[int, tuple[int, int]]:
    tally: dict[int, list[int]] = {}
    for project_id, status in MonthlyReport.objects.filter(
        project_id__in=project_ids, month__in=months
    ).values_list("project_id", "status"):
        entry = tally.setdefault(project_id, [0, 0])
        entry[0] += 1
        entry[1] += status in ANSWERED
    return {pk: (total, answered) for pk, (total, answered) in tally.items()}


def dispatch_rows(year: int, quarter: int) -> list[list]:
    as_of = quarter_end(year, quarter)
    projects = list(dispatch_projects(year, quarter))
    ids = [p.pk for p in projects]
    wages = cumulative_figures(as_of, ids)
    answers = _latest_answers(ids, as_of)
    confirmed = _answered_in_quarter(ids, quarter_months(year, quarter))
    training = training_by_project(as_of, ids)
    rows = []
    for index, project in enumerate(projects, start=1):
        w = wages.get(project.pk, MonthFigures())
        t = training.get(project.pk, ProjectTraining())
        answer = answers.get(project.pk)
        total, answered = confirmed.get(project.pk, (0, 0))
        # art. 30, like with like: wages paid to date against the funds spent to date
        spent = answer.investment_completed if answer else None
        central_spent = funds.spent_part(spent, project.central_funds, project.total_investment)
        fiscal_spent = funds.spent_part(spent, project.fiscal_funds, project.total_investment)
        rows.append(
            [
                index,
                project.code,
                project.name,
                "、".join(t.name for t in project.townships.all()),
                project.get_category_display(),
                project.get_sector_display(),
                project.owner.name,
                project.get_status_display(),
                project.total_investment,
                project.special_funds,
                project.central_funds,
                answer.funds_in_place if answer else None,
                answer.investment_completed if answer else None,
                answer.progress if answer else None,
                project.planned_local_jobs,
                w.workers,
                w.priority_workers,
                w.person_days,
                w.paid,
                central_spent,
                fiscal_spent,
                funds.wage_share(w.paid, central_spent),
                funds.wage_share(w.paid, fiscal_spent),
                w.arrears,
                t.people,
                t.attendances,
                t.conversions,
                f"{answered}/{total}" if total else "—",
            ]
        )
    return rows


def _sum(rows, index: int):
    return sum((row[index] or 0 for row in rows), ZERO)


def _to_date_share(rows, spent_index: int):
    """A total ratio like with like: the wages of the rows with funds spent, over those funds."""
    counted = [row for row in rows if row[spent_index]]
    return funds.wage_share(_sum(counted, PAID), _sum(counted, spent_index))


PAID, CENTRAL_SPENT, FISCAL_SPENT = 18, 19, 20


def dispatch_workbook(year: int, quarter: int) -> tuple[bytes, int]:
    """The workbook's bytes and its number of projects."""
    rows = dispatch_rows(year, quarter)
    district = District.objects.first()
    name = district.name if district else ""
    footer = ["合计", f"{len(rows)} 个项目", *[""] * 6]
    footer += [_sum(rows, i) for i in (8, 9, 10, 11, 12)] + [""]
    footer += [int(_sum(rows, i)) for i in (14, 15, 16)] + [_sum(rows, 17), _sum(rows, PAID)]
    footer += [_sum(rows, CENTRAL_SPENT), _sum(rows, FISCAL_SPENT)]
    footer += [_to_date_share(rows, CENTRAL_SPENT), _to_date_share(rows, FISCAL_SPENT)]
    footer += [_sum(rows, 23)]
    footer += [int(_sum(rows, i)) for i in (24, 25, 26)] + [""]
    stamp = timezone.localtime()
    sheets = [
        Sheet(
            f"{year}年第{quarter}季度",
            COLUMNS,
            rows,
            caption=f"{name}{year}年第{quarter}季度以工代赈项目实施情况调度表",
            note=f"数据截至 {quarter_end(year, quarter):%Y年%m月%d日}    "
            f"生成时间：{stamp:%Y-%m-%d %H:%M}",
            footer=footer,
        ),
        Sheet("填报说明", [Column("项目", 20), Column("口径", 90)], NOTES, caption="填报说明"),
    ]
    return workbook_bytes(sheets), len(rows)
