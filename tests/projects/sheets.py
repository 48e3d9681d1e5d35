"""Workbooks as departments really send them, for the import tests."""

import io

from openpyxl import Workbook

HEADER = [
    "序号", "项目名称", "项目类别", "所属行业", "业主单位", "所在乡镇", "所在村",
    "建设内容和规模", "以工代赈建设任务", "用工环节", "社会效益", "绩效目标",
    "计划开工时间", "计划完工时间", "带动务工人数",
    "总投资（万元）", "中央预算内投资（万元）", "区级资金（万元）", "计划发放劳务报酬（万元）",
]  # fmt: skip


def row(number, name, **overrides):
    values = {
        "序号": number,
        "项目名称": name,
        "项目类别": "以工代赈专项资金项目",
        "所属行业": "水利",
        "业主单位": "岔道村委会",
        "所在乡镇": "八达岭镇",
        "所在村": "岔道村",
        "建设内容和规模": "砌筑排水沟渠1.8公里",
        "以工代赈建设任务": "土方开挖、砌筑",
        "用工环节": "一般劳动环节、服务保障",
        "社会效益": "带动当地群众20人务工",
        "绩效目标": "发放劳务报酬16万元",
        "计划开工时间": "2026年4月1日",
        "计划完工时间": "2026/9/30",
        "带动务工人数": "20人",
        "总投资（万元）": 60,
        "中央预算内投资（万元）": 50,
        "区级资金（万元）": 10,
        "计划发放劳务报酬（万元）": "１６",  # full-width digits, as typed on some machines
    }
    values.update(overrides)
    return [values.get(column) for column in HEADER]


def workbook(rows, header=HEADER, title="延庆区2026年以工代赈拟申报项目表") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    sheet.append(["填报单位：区水务局（盖章）", None, None, None, "填报日期：2026年3月5日"])
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    sheet.append(["合计", None, None, None, None, None, None, None, None, None, None, None,
                  None, None, None, 120])  # fmt: skip
    sheet.append(["填表人：李明", None, None, "审核人：张慧"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
