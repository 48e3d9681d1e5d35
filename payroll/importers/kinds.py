"""The payroll uploads, registered with the shared upload flow (``yiguoji.imports.uploads``).

Parameters are JSON-able ids (the job that runs a large file rebuilds the spec from them);
``{}`` builds the spec of the blank template. Who may import what is checked twice: by the
capability here, and by the spec against the acting user (scope of the project, own township).
"""

from __future__ import annotations

import datetime as dt

from payroll import capabilities as caps
from payroll.importers.account_check_reply import AccountCheckReplyImport
from payroll.importers.attendance import AttendanceGridImport, AttendanceTotalsImport
from payroll.importers.bank_reply import BankReplyImport
from payroll.importers.ledger import WageLedgerImport
from payroll.importers.statement import StatementImport
from payroll.importers.surveys import SurveyImport
from payroll.importers.workers import WorkerImport
from payroll.models import AccountCheck, PaymentBatch, SurveyRound, WageAccount
from projects.models import Project
from yiguoji.imports import uploads

WORKERS = "payroll.workers"
SURVEY = "payroll.survey"
ATTENDANCE_GRID = "payroll.attendance_grid"
ATTENDANCE_TOTALS = "payroll.attendance_totals"
WAGE_LEDGER = "payroll.wage_ledger"
BANK_REPLY = "payroll.bank_reply"
ACCOUNT_CHECK_REPLY = "payroll.account_check_reply"
STATEMENT = "payroll.wage_account_statement"


def _survey(params: dict) -> SurveyImport:
    survey_round = SurveyRound.objects.filter(pk=params.get("round_id")).first()
    return SurveyImport(survey_round=survey_round, township_id=params.get("township_id"))


def _project_month(params: dict) -> dict:
    project = Project.objects.filter(pk=params.get("project_id")).first()
    if project is None:
        return {}
    return {"project": project, "month": dt.date.fromisoformat(params["month"])}


uploads.register(
    WORKERS,
    title="导入务工人员名册",
    capability=caps.IMPORT_WORKERS,
    spec=lambda params: WorkerImport(township_id=params.get("township_id")),
    template_name="务工人员登记表（模板）.xlsx",
)
uploads.register(
    SURVEY,
    title="导入摸底调查登记表",
    capability=caps.ENTER_SURVEY,
    spec=_survey,
    template_name="劳动力摸底调查登记表（模板）.xlsx",
)
uploads.register(
    ATTENDANCE_GRID,
    title="导入考勤表",
    capability=caps.KEEP_ATTENDANCE,
    spec=lambda params: AttendanceGridImport(**_project_month(params)),
    template_name="务工人员考勤表（模板）.xlsx",
)
uploads.register(
    ATTENDANCE_TOTALS,
    title="导入出勤汇总表",
    capability=caps.KEEP_ATTENDANCE,
    spec=lambda params: AttendanceTotalsImport(**_project_month(params)),
    template_name="务工人员月度出勤汇总表（模板）.xlsx",
)
uploads.register(
    WAGE_LEDGER,
    title="导入劳务报酬发放台账",
    capability=caps.PREPARE_LEDGERS,
    spec=lambda params: WageLedgerImport(**_project_month(params)),
    template_name="劳务报酬发放台账（模板）.xlsx",
)
uploads.register(
    BANK_REPLY,
    title="导入银行回盘文件",
    capability=caps.PAY_WAGES,
    spec=lambda params: BankReplyImport(
        batch=PaymentBatch.objects.filter(pk=params.get("batch_id")).first()
    ),
    template_name="银行回盘文件.xlsx",
)
uploads.register(
    ACCOUNT_CHECK_REPLY,
    title="导入户名校验银行回复",
    capability=caps.PAY_WAGES,
    spec=lambda params: AccountCheckReplyImport(
        account_check=AccountCheck.objects.filter(pk=params.get("check_id")).first()
    ),
    template_name="户名校验银行回复.xlsx",
)
uploads.register(
    STATEMENT,
    title="导入农民工工资专用账户流水",
    capability=caps.PAY_WAGES,
    spec=lambda params: StatementImport(
        wage_account=WageAccount.objects.filter(pk=params.get("account_id")).first()
    ),
    template_name="农民工工资专用账户流水（模板）.xlsx",
)
