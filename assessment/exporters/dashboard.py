"""The dashboard's figures as a workbook (one sheet per panel), for leaders' meetings."""

from __future__ import annotations

from django.utils import timezone

from yiguoji.core.terms import terms
from yiguoji.xlsx import MONEY, PERCENT, Column, Sheet, workbook_bytes


def dashboard_workbook(board) -> bytes:
    place = board.township.name if board.township else terms().whole
    note = f"{board.year}年 · {place} · 导出时间：{timezone.localtime():%Y-%m-%d %H:%M}"
    if board.as_of:
        note += f" · 月度数据生成于 {timezone.localtime(board.as_of):%Y-%m-%d %H:%M}"
    overview = [
        ("年度清单项目（个）", board.projects),
        ("总投资（元）", board.investment),
        ("以工代赈专项资金（元）", board.special_funds),
        ("带动务工（人）", board.workers),
        ("其中优先群体（人）", board.priority_workers),
        ("其中外地务工人员（人，第四十五条）", board.migrant_workers),
        ("务工天数（人·日）", board.person_days),
        ("应发劳务报酬（元）", board.payable),
        ("实发劳务报酬（元）", board.paid),
        ("中央资金（元）", board.central_funds),
        ("计划劳务报酬占中央资金比例（第三十条）", board.wage_share),
        ("计划劳务报酬占财政资金比例（第三十条）", board.fiscal_wage_share),
        ("截至目前已发放劳务报酬占已支出中央资金比例", board.wage_share_to_date),
        ("年度目标比例", board.wage_share_target),
        ("最近月末欠发（元）", board.arrears),
        ("有欠发的项目（个）", board.arrears_projects),
        ("参加培训（人）", board.trained.people),
        ("零工变长工（人）", board.conversions.people),
        ("未办结劳务报酬投诉（件）", board.open_complaints),
        ("虚报用工疑点（个）", board.open_suspicions),
        ("未销号监督检查问题（个）", board.open_findings),
        ("逾期未确认月度反馈（份）", board.overdue_reports),
    ]
    sheets = [
        Sheet(
            "概况",
            [Column("指标", 30), Column("数值", 20)],
            overview,
            caption=f"{place}{board.year}年以工代赈工作概况",
            note=note,
        ),
        Sheet(
            "项目状态",
            [Column("状态", 16), Column("项目数", 10)],
            [(b.label, b.value) for b in board.by_status],
            caption="项目按状态",
            note=note,
        ),
        Sheet(
            "按月",
            [Column("月份", 10), Column("应发（元）", 16, MONEY), Column("实发（元）", 16, MONEY)],
            [
                (f"{m.month}月", payable, paid)
                for m, payable, paid in zip(
                    board.months, board.payable_by_month, board.paid_by_month, strict=True
                )
            ],
            caption="劳务报酬按月（实发按发放日期）",
            note=note,
        ),
        Sheet(
            "按乡镇",
            [
                Column("乡镇", 14),
                Column("实发（元）", 16, MONEY),
                Column("专项资金（元）", 16, MONEY),
                Column("占比", 10, PERCENT),
            ],
            [(s["label"], s["paid"], s["funds"], s["share"]) for s in board.township_shares],
            caption="劳务报酬按乡镇（跨乡镇项目分别计入）",
            note=note,
        ),
        Sheet(
            "优先群体",
            [Column("优先群体", 24), Column("人数", 10)],
            [(b.label, b.value) for b in board.by_group],
            caption="务工人员按优先群体（一人可属多个群体）",
            note=note,
        ),
        Sheet(
            "考核排名",
            [Column("类别", 12), Column("名次", 8), Column("单位", 30), Column("得分", 10)],
            [
                ("乡镇" if r["is_township"] else "项目单位", r["rank"], r["label"], r["total"])
                for r in board.ranking
            ],
            caption="年度考核排名" + ("" if board.ranking_published else "（未发布）"),
            note=note,
        ),
    ]
    return workbook_bytes(sheets)
