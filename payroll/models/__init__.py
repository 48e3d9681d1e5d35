from payroll.models.account_checks import AccountCheck, AccountCheckLine
from payroll.models.attendance import AttendanceDay, AttendanceMonth
from payroll.models.contracts import LabourContract
from payroll.models.ledgers import (
    PayrollYear,
    WageAccount,
    WageLedger,
    WageLedgerStep,
    WageLine,
    WageSuspicion,
)
from payroll.models.payments import CashPayment, PaymentBatch, PaymentInstruction, PaymentRules
from payroll.models.selfservice import (
    CodeChallenge,
    ConfirmationRequest,
    ConfirmationRound,
    PayConfirmation,
    SelfServiceLog,
    WorkerSession,
)
from payroll.models.sheets import AttendanceSheet
from payroll.models.site import SiteEntry, SiteMark, SiteRules, SiteSuspicion
from payroll.models.statements import AccountStatement, StatementLine
from payroll.models.surveys import SurveyResponse, SurveyRound
from payroll.models.workers import Worker, local_rural

__all__ = [
    "AccountCheck",
    "AccountCheckLine",
    "AccountStatement",
    "AttendanceDay",
    "AttendanceMonth",
    "AttendanceSheet",
    "CashPayment",
    "CodeChallenge",
    "ConfirmationRequest",
    "ConfirmationRound",
    "LabourContract",
    "PayConfirmation",
    "PaymentBatch",
    "PaymentInstruction",
    "PaymentRules",
    "PayrollYear",
    "SelfServiceLog",
    "SiteEntry",
    "SiteMark",
    "SiteRules",
    "SiteSuspicion",
    "StatementLine",
    "SurveyResponse",
    "SurveyRound",
    "WageAccount",
    "WageLedger",
    "WageLedgerStep",
    "WageLine",
    "WageSuspicion",
    "Worker",
    "WorkerSession",
    "local_rural",
]
