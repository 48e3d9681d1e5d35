"""What each role may do in monitoring and assessment (domain.md, "Organisations and roles").

Which rows a role may touch is ``assessment.scopes``. Leaders read aggregates only: reports,
findings, scores and the dashboard, never complaints (they name people) nor the people behind a
figure.
"""

from yiguoji.core import access
from yiguoji.core.roles import Role

R = Role
ALL = tuple(Role)
DISTRICT_READERS = (R.DISTRICT_OFFICE, R.LEADER, R.AUDITOR)

# plan task 5: monthly reports per project; art. 12: 定期调度、动态监测.
VIEW_REPORTS = access.define("assessment.view_reports", "查看月度反馈", *ALL)
CONFIRM_REPORTS = access.define("assessment.confirm_reports", "确认月度反馈", R.PROJECT_UNIT)
COMPUTE_REPORTS = access.define("assessment.compute_reports", "重新生成月度反馈", R.DISTRICT_OFFICE)
VIEW_DISPATCH = access.define("assessment.view_dispatch", "查看季度调度表", *DISTRICT_READERS)
BUILD_DISPATCH = access.define("assessment.build_dispatch", "生成季度调度表", R.DISTRICT_OFFICE)

# plan task 5: 各乡镇按年度梳理总结……形成总结报告，并至少形成一篇典型案例.
VIEW_SUMMARIES = access.define(
    "assessment.view_summaries", "查看年度总结和典型案例", R.TOWNSHIP, *DISTRICT_READERS
)
WRITE_SUMMARY = access.define("assessment.write_summary", "撰写年度总结和典型案例", R.TOWNSHIP)
RETURN_SUMMARY = access.define("assessment.return_summary", "退回年度总结", R.DISTRICT_OFFICE)

# art. 32: acceptance records are read with the project (the act itself is projects.accept).
VIEW_ACCEPTANCE = access.define("assessment.view_acceptance", "查看项目验收", *ALL)

# art. 46-50 and plan 保障措施（二）: supervision with finance and audit.
VIEW_FINDINGS = access.define("assessment.view_findings", "查看监督检查发现问题", *ALL)
RECORD_FINDINGS = access.define(
    "assessment.record_findings", "登记监督检查发现问题", R.DISTRICT_OFFICE, R.DEPARTMENT, R.FINANCE
)
RECTIFY_FINDINGS = access.define(
    "assessment.rectify_findings", "报告问题整改情况", R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR
)
VERIFY_FINDINGS = access.define(
    "assessment.verify_findings", "审核整改、销号", R.DISTRICT_OFFICE, R.DEPARTMENT, R.FINANCE
)


# safeguard (二), art. 21: funds disbursed against the works' progress, with finance and audit.
VIEW_FUNDS = access.define(
    "assessment.view_funds", "查看资金拨付与进度",
    R.DEPARTMENT, R.FINANCE, R.TOWNSHIP, R.PROJECT_UNIT, *DISTRICT_READERS,
)  # fmt: skip

# plan task 10: forecasts at year start, scoring at year end.
VIEW_FORECASTS = access.define(
    "assessment.view_forecasts", "查看年初预测", R.TOWNSHIP, R.PROJECT_UNIT, *DISTRICT_READERS
)
SUBMIT_FORECAST = access.define(
    "assessment.submit_forecast", "报送年初预测", R.TOWNSHIP, R.PROJECT_UNIT
)
MANAGE_SCORING = access.define(
    "assessment.manage_scoring", "设置考核指标、计算和发布考核结果", R.DISTRICT_OFFICE
)
VIEW_SCORES = access.define(
    "assessment.view_scores", "查看考核结果", R.TOWNSHIP, R.PROJECT_UNIT, *DISTRICT_READERS
)
APPEAL = access.define("assessment.appeal", "对考核结果提出申诉", R.TOWNSHIP, R.PROJECT_UNIT)

VIEW_DASHBOARD = access.define(
    "assessment.view_dashboard",
    "查看领导驾驶舱",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.FINANCE, R.TOWNSHIP, R.LEADER, R.AUDITOR,
)  # fmt: skip
