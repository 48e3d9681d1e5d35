"""What each role may do in the project pipeline (domain.md, "Organisations and roles").

Which rows a role may touch is ``projects.scopes``; these say which actions its role holds.
"""

from yiguoji.core import access
from yiguoji.core.roles import Role

R = Role
ALL = tuple(Role)

VIEW = access.define("projects.view", "查看项目", *ALL)
# plan task 1: departments and townships plan projects of their sector / area; project units
# propose their own; the district office compiles.
PROPOSE = access.define(
    "projects.propose", "申报储备项目", R.DISTRICT_OFFICE, R.DEPARTMENT, R.TOWNSHIP, R.PROJECT_UNIT
)
IMPORT = access.define(
    "projects.import", "从Excel导入拟申报项目", R.DISTRICT_OFFICE, R.DEPARTMENT, R.TOWNSHIP
)
# art. 24: the development and reform department reviews the reserve.
REVIEW = access.define("projects.review", "审查储备项目", R.DISTRICT_OFFICE)
# plan task 1: 区发展改革委汇总制定年度项目清单.
COMPILE_LIST = access.define("projects.compile_list", "编制年度项目清单", R.DISTRICT_OFFICE)
VIEW_ANNUAL_LIST = access.define(
    "projects.view_annual_list",
    "查看年度项目清单",
    R.DISTRICT_OFFICE,
    R.DEPARTMENT,
    R.FINANCE,
    R.TOWNSHIP,
    R.LEADER,
    R.AUDITOR,
)
# plan task 3: the approving departments (and the district office) approve.
APPROVE = access.define("projects.approve", "批复项目", R.DISTRICT_OFFICE, R.DEPARTMENT)
# plan task 8: the project unit carries the project out (start, works, completion, upkeep).
IMPLEMENT = access.define(
    "projects.implement", "登记开工、施工、完工和管护", R.DISTRICT_OFFICE, R.PROJECT_UNIT
)
# art. 32: the county development and reform department organises acceptance.
ACCEPT = access.define("projects.accept", "组织项目验收", R.DISTRICT_OFFICE)
WITHDRAW = access.define(
    "projects.withdraw", "撤回项目", R.DISTRICT_OFFICE, R.DEPARTMENT, R.TOWNSHIP, R.PROJECT_UNIT
)
# art. 11: changes of content or scale need the approving department's approval.
REQUEST_CHANGE = access.define(
    "projects.request_change", "申请项目变更", R.DISTRICT_OFFICE, R.TOWNSHIP, R.PROJECT_UNIT
)
DECIDE_CHANGE = access.define(
    "projects.decide_change", "审批项目变更", R.DISTRICT_OFFICE, R.DEPARTMENT
)
UPLOAD_DOCUMENTS = access.define(
    "projects.upload_documents",
    "上传项目文件",
    R.DISTRICT_OFFICE,
    R.DEPARTMENT,
    R.TOWNSHIP,
    R.PROJECT_UNIT,
    R.CONTRACTOR,
)
# art. 31: the owner (业主单位) posts the notices.
RECORD_NOTICE = access.define(
    "projects.record_notice", "登记项目公示", R.DISTRICT_OFFICE, R.PROJECT_UNIT
)
PLAN_EXPENDITURE = access.define(
    "projects.plan_expenditure",
    "编制支出计划",
    R.DISTRICT_OFFICE,
    R.DEPARTMENT,
    R.TOWNSHIP,
    R.PROJECT_UNIT,
)
# art. 21, safeguard (二): the finance bureau (with the district office) records the money it
# disburses to each funding line.
RECORD_DISBURSEMENT = access.define(
    "projects.record_disbursement", "登记资金拨付", R.DISTRICT_OFFICE, R.FINANCE
)
# plan task 8: the project unit hands the works over, keeps the archives (and the wage-payment
# archive); the district office may record them too and sets how long archives are kept.
RECORD_HANDOVER = access.define(
    "projects.record_handover", "登记工程移交和项目档案", R.DISTRICT_OFFICE, R.PROJECT_UNIT
)
# art. 17: the assets built, quantified into a village collective's shares, and their dividends;
# the township supervises its collectives' assets.
RECORD_ASSET_SHARES = access.define(
    "projects.record_asset_shares", "登记资产折股量化和分红",
    R.DISTRICT_OFFICE, R.TOWNSHIP, R.PROJECT_UNIT,
)  # fmt: skip
# art. 35-36: the county development and reform department (with the departments concerned)
# recognises rural-infrastructure projects and records the county government's approval.
RECOGNISE = access.define(
    "projects.recognise", "认定农业农村基础设施推广以工代赈方式项目", R.DISTRICT_OFFICE
)
MANAGE_SETTINGS = access.define(
    "projects.manage_settings", "设置年度以工代赈参数", R.DISTRICT_OFFICE
)

# Complaints (投诉举报; art. 25, 31): staff enter hotline calls, letters, visits and referrals;
# the organisation a complaint is routed to acknowledges and answers it; the district office
# supervises (escalations, reassignment, closing) and sets the deadlines.
VIEW_COMPLAINTS = access.define(
    "projects.view_complaints",
    "查看投诉举报",
    R.DISTRICT_OFFICE,
    R.DEPARTMENT,
    R.LABOUR_BUREAU,
    R.TOWNSHIP,
    R.PROJECT_UNIT,
    R.CONTRACTOR,
    R.AUDITOR,
)
RECORD_COMPLAINTS = access.define(
    "projects.record_complaints",
    "登记投诉举报",
    R.DISTRICT_OFFICE,
    R.DEPARTMENT,
    R.LABOUR_BUREAU,
    R.TOWNSHIP,
)
HANDLE_COMPLAINTS = access.define(
    "projects.handle_complaints",
    "受理和答复投诉举报",
    R.DISTRICT_OFFICE,
    R.DEPARTMENT,
    R.TOWNSHIP,
    R.PROJECT_UNIT,
    R.CONTRACTOR,
)
SUPERVISE_COMPLAINTS = access.define(
    "projects.supervise_complaints", "督办投诉举报、设置办理时限", R.DISTRICT_OFFICE
)
# art. 25, 31: what the district publishes on the public project pages.
PUBLISH = access.define("projects.publish", "发布项目公开页面", R.DISTRICT_OFFICE)

# issue 16 item 4: where the works are (the map, and the phones' position checks).
LOCATE = access.define(
    "projects.locate", "标注项目工地位置",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR,
)  # fmt: skip
