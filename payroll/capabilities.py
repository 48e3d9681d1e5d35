"""What each role may do with workers, surveys, contracts and attendance (domain.md roles).

Who needs full numbers (everyone else sees ``110229********123X``; each reveal is logged):

* resident ID: the township (registers people and checks identity), the labour bureau (real-name
  register and survey), the project unit and contractor (sign labour contracts, report wages),
  and the auditor (supervision);
* bank card: the township (registers the card), the project unit and contractor (pay wages to
  the card, plan task 9, art. 30), finance (checks payments) and the auditor.

The district office, departments and leaders work with masked numbers only; leaders do not see
the register at all (they see aggregates).
"""

from yiguoji.core import access
from yiguoji.core.roles import Role

R = Role

VIEW_WORKERS = access.define(
    "payroll.view_workers",
    "查看务工人员名册",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.FINANCE, R.TOWNSHIP,
    R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
REGISTER_WORKERS = access.define(
    "payroll.register_workers",
    "登记务工人员",
    R.LABOUR_BUREAU, R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR,
)  # fmt: skip
IMPORT_WORKERS = access.define(
    "payroll.import_workers", "导入务工人员名册", R.LABOUR_BUREAU, R.TOWNSHIP
)
REVEAL_ID_NUMBER = access.define(
    "payroll.reveal_id_number",
    "查看完整身份证号码",
    R.LABOUR_BUREAU, R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
REVEAL_BANK_CARD = access.define(
    "payroll.reveal_bank_card",
    "查看完整银行卡号",
    R.TOWNSHIP, R.PROJECT_UNIT, R.CONTRACTOR, R.FINANCE, R.AUDITOR,
)  # fmt: skip

VIEW_SURVEYS = access.define(
    "payroll.view_surveys",
    "查看摸底调查工作台账",
    R.DISTRICT_OFFICE, R.LABOUR_BUREAU, R.TOWNSHIP, R.AUDITOR,
)  # fmt: skip
MANAGE_SURVEYS = access.define("payroll.manage_surveys", "组织摸底调查", R.LABOUR_BUREAU)
ENTER_SURVEY = access.define("payroll.enter_survey", "登记摸底调查", R.LABOUR_BUREAU, R.TOWNSHIP)

VIEW_HIRING = access.define(
    "payroll.view_hiring",
    "查看用工和劳务合同",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.FINANCE, R.TOWNSHIP,
    R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
HIRE = access.define("payroll.hire", "招用务工人员、签订劳务合同", R.PROJECT_UNIT, R.CONTRACTOR)

VIEW_ATTENDANCE = access.define(
    "payroll.view_attendance",
    "查看考勤",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.FINANCE, R.TOWNSHIP,
    R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
KEEP_ATTENDANCE = access.define("payroll.keep_attendance", "记录考勤", R.PROJECT_UNIT, R.CONTRACTOR)

# Wage ledgers (劳务报酬发放台账, plan task 9). Leaders see aggregates only (never people).
VIEW_LEDGERS = access.define(
    "payroll.view_ledgers",
    "查看劳务报酬发放台账",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.FINANCE, R.TOWNSHIP,
    R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
PREPARE_LEDGERS = access.define(
    "payroll.prepare_ledgers",
    "编制、提交劳务报酬发放台账，登记务工人员签字确认",
    R.PROJECT_UNIT, R.CONTRACTOR,
)  # fmt: skip
FILE_LEDGERS = access.define(
    "payroll.file_ledgers", "受理劳务报酬发放台账备案（备案或退回）", R.DEPARTMENT
)
VIEW_SUSPICIONS = access.define(
    "payroll.view_suspicions", "查看虚报用工疑点", R.DISTRICT_OFFICE, R.AUDITOR
)
REVIEW_SUSPICIONS = access.define(
    "payroll.review_suspicions", "核查虚报用工疑点", R.DISTRICT_OFFICE
)
MANAGE_WAGE_SETTINGS = access.define(
    "payroll.manage_wage_settings", "设置劳务报酬发放期限", R.DISTRICT_OFFICE
)
RECORD_WAGE_ACCOUNTS = access.define(
    "payroll.record_wage_accounts", "登记农民工工资专用账户", R.PROJECT_UNIT, R.CONTRACTOR
)

# Worker confirmation rounds before acceptance (art. 32; plan task 9: 务工人员签字确认).
RUN_CONFIRMATIONS = access.define(
    "payroll.run_confirmations", "发起务工人员确认回访", R.DISTRICT_OFFICE
)
VIEW_CONFIRMATIONS = access.define(
    "payroll.view_confirmations",
    "查看务工人员确认回访",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.AUDITOR,
)  # fmt: skip

# Wage payments through the bank (代发, plan task 9, art. 30; issue 13). The payer, the project
# unit or contractor, makes batches and imports the bank's replies; the others follow them.
VIEW_PAYMENTS = access.define(
    "payroll.view_payments",
    "查看代发批次和银行回盘",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.LABOUR_BUREAU, R.FINANCE, R.TOWNSHIP,
    R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
PAY_WAGES = access.define(
    "payroll.pay_wages",
    "生成代发批次、导入银行回盘、重新发放失败的代发",
    R.PROJECT_UNIT, R.CONTRACTOR,
)  # fmt: skip
VIEW_WAGE_CLOCK = access.define(
    "payroll.view_wage_clock",
    "查看工资时钟（各环节占用天数）",
    R.DISTRICT_OFFICE, R.DEPARTMENT, R.FINANCE, R.PROJECT_UNIT, R.CONTRACTOR, R.AUDITOR,
)  # fmt: skip
# Checks on attendance from the phones (issue 16 item 2, art. 50): flagged to the township and
# the district office, who look into them; the district sets the thresholds.
VIEW_SITE_SUSPICIONS = access.define(
    "payroll.view_site_suspicions", "查看现场考勤疑点", R.DISTRICT_OFFICE, R.TOWNSHIP, R.AUDITOR
)
REVIEW_SITE_SUSPICIONS = access.define(
    "payroll.review_site_suspicions", "核查现场考勤疑点", R.DISTRICT_OFFICE, R.TOWNSHIP
)
MANAGE_SITE_RULES = access.define(
    "payroll.manage_site_rules", "设置现场考勤核查参数", R.DISTRICT_OFFICE
)
