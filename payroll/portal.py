"""What the payroll app adds to the shell: scope rules, menu, uploads, to-dos, jobs, periodic
reminders, page slots, the project pages' wage figures and demo data."""

from celery.schedules import crontab

from payroll import capabilities as caps
from payroll import (  # noqa: F401  (registers)
    demo,
    home,
    ledger_demo,
    ledger_pdf,
    payments_demo,
    scopes,
    site_demo,
    slots,
)
from payroll.importers import kinds  # noqa: F401  (registers the uploads)
from payroll.selectors.ledgers import project_wage_figures
from payroll.selectors.paid import public_pay_rows
from projects.hooks import register_public_pay_rows, register_wage_figures
from yiguoji.core import registry

SECTION = "务工人员"
registry.nav(SECTION, "务工人员名册", "payroll:workers", capability=caps.VIEW_WORKERS,
             icon="people", order=10)  # fmt: skip
registry.nav(SECTION, "摸底调查", "payroll:survey_rounds", capability=caps.VIEW_SURVEYS,
             icon="clipboard-check", order=20)  # fmt: skip
registry.nav(SECTION, "招用务工人员", "payroll:hiring_projects", capability=caps.VIEW_HIRING,
             icon="person-plus", order=30)  # fmt: skip
registry.nav(SECTION, "劳务合同", "payroll:contracts", capability=caps.VIEW_HIRING,
             icon="file-earmark-text", order=40)  # fmt: skip
registry.nav(SECTION, "考勤", "payroll:attendance_projects", capability=caps.VIEW_ATTENDANCE,
             icon="calendar-check", order=50)  # fmt: skip
registry.nav(SECTION, "现场考勤（手机）", "payroll:site_home", capability=caps.KEEP_ATTENDANCE,
             icon="phone", order=55)  # fmt: skip

WAGES = "劳务报酬"
registry.nav(WAGES, "发放台账", "payroll:ledgers", capability=caps.VIEW_LEDGERS,
             icon="journal-text", order=10)  # fmt: skip
registry.nav(WAGES, "台账备案", "payroll:ledger_inbox", capability=caps.FILE_LEDGERS,
             icon="inbox", order=20)  # fmt: skip
registry.nav(WAGES, "欠发和逾期", "payroll:arrears", capability=caps.VIEW_LEDGERS,
             icon="exclamation-triangle", order=30)  # fmt: skip
registry.nav(WAGES, "虚报用工疑点", "payroll:suspicions", capability=caps.VIEW_SUSPICIONS,
             icon="search", order=40)  # fmt: skip
registry.nav(WAGES, "现场考勤疑点", "payroll:site_suspicions",
             capability=caps.VIEW_SITE_SUSPICIONS, icon="geo-alt", order=45)  # fmt: skip
registry.nav(WAGES, "承诺书和专用账户", "payroll:safeguards", capability=caps.VIEW_LEDGERS,
             icon="shield-check", order=50)  # fmt: skip
registry.nav(WAGES, "发放期限设置", "payroll:wage_settings",
             capability=caps.MANAGE_WAGE_SETTINGS, icon="calendar2-week", order=60)  # fmt: skip
registry.nav(WAGES, "银行代发参数", "payroll:payment_rules",
             capability=caps.MANAGE_WAGE_SETTINGS, icon="sliders", order=61)  # fmt: skip
registry.nav(WAGES, "工资代发", "payroll:payment_batches", capability=caps.VIEW_PAYMENTS,
             icon="bank", order=15)  # fmt: skip
registry.nav(WAGES, "代发失败待处理", "payroll:payment_failures",
             capability=caps.VIEW_PAYMENTS, icon="exclamation-octagon", order=16)  # fmt: skip
registry.nav(WAGES, "未全部回盘的批次", "payroll:unreconciled",
             capability=caps.VIEW_PAYMENTS, icon="hourglass-split", order=16)  # fmt: skip
registry.nav(WAGES, "户名校验", "payroll:account_checks", capability=caps.VIEW_PAYMENTS,
             icon="person-vcard", order=14)  # fmt: skip
registry.nav(WAGES, "银行卡待更正", "payroll:card_mismatches", capability=caps.VIEW_PAYMENTS,
             icon="credit-card-2-front", order=18)  # fmt: skip
registry.nav(WAGES, "现金等其他方式发放", "payroll:cash_payments",
             capability=caps.VIEW_PAYMENTS, icon="cash-coin", order=19)  # fmt: skip
registry.nav(WAGES, "专户流水核对", "payroll:statements", capability=caps.VIEW_PAYMENTS,
             icon="journal-check", order=21)  # fmt: skip
registry.nav(WAGES, "工资时钟", "payroll:wage_clock", capability=caps.VIEW_WAGE_CLOCK,
             icon="stopwatch", order=17)  # fmt: skip

# Wages actually paid, for the project pages and the permanent notice (art. 31).
register_wage_figures(project_wage_figures)
# Masked names, days and amounts on the public page, when the district shows them.
register_public_pay_rows(public_pay_rows)

# Every morning: remind project units of last month's ledger (each reminder sent once).
registry.periodic(
    "payroll.ledger_reminders", "payroll.send_ledger_reminders", crontab(hour=8, minute=30)
)
