from django.urls import path

from payroll.views import (
    account_checks,
    attendance,
    cash_payments,
    confirmations,
    hiring,
    ledger_lists,
    ledgers,
    payments,
    sheets,
    site,
    site_checks,
    statements,
    surveys,
    workers,
)

app_name = "payroll"

urlpatterns = [
    # The real-name register
    path("workers/", workers.WorkerListView.as_view(), name="workers"),
    path("workers/new/", workers.worker_register_view, name="worker_register"),
    path("workers/import/", workers.worker_import, name="worker_import"),
    path("workers/<int:pk>/", workers.worker_detail, name="worker_detail"),
    path("workers/<int:pk>/edit/", workers.worker_edit, name="worker_edit"),
    path("workers/<int:pk>/reveal/<str:field>/", workers.worker_reveal, name="worker_reveal"),
    # The labour survey
    path("surveys/", surveys.survey_rounds, name="survey_rounds"),
    path("surveys/new/", surveys.survey_round_new, name="survey_round_new"),
    path("surveys/<int:pk>/", surveys.SurveyLedgerView.as_view(), name="survey_ledger"),
    path("surveys/<int:pk>/close/", surveys.survey_round_end, name="survey_round_close"),
    path("surveys/<int:pk>/entry/", surveys.survey_entry, name="survey_entry"),
    path("surveys/<int:pk>/import/", surveys.survey_import, name="survey_import"),
    # Hiring and labour contracts
    path("hiring/", hiring.hiring_projects, name="hiring_projects"),
    path("hiring/<int:pk>/", hiring.project_hiring, name="project_hiring"),
    path("hiring/<int:pk>/roster/", hiring.roster_export, name="roster_export"),
    path("hiring/<int:pk>/roster/full/", hiring.roster_export_full, name="roster_export_full"),
    path(
        "hiring/positions/<int:pk>/",
        hiring.position_candidates,
        name="position_candidates",
    ),
    path("hiring/positions/<int:pk>/hire/", hiring.position_hire, name="position_hire"),
    path("contracts/", hiring.ContractListView.as_view(), name="contracts"),
    path("contracts/<int:pk>/", hiring.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/sign/", hiring.contract_sign_view, name="contract_sign"),
    path("contracts/<int:pk>/end/", hiring.contract_end_view, name="contract_end"),
    path("contracts/<int:pk>/scan/", hiring.contract_scan, name="contract_scan"),
    # Attendance
    path("attendance/", attendance.attendance_projects, name="attendance_projects"),
    path(
        "attendance/<int:pk>/<str:month>/",
        attendance.attendance_month,
        name="attendance_month",
    ),
    path(
        "attendance/<int:pk>/<str:month>/import/",
        attendance.attendance_import,
        name="attendance_import",
    ),
    # Wage ledgers
    path("ledgers/", ledgers.LedgerListView.as_view(), name="ledgers"),
    path("ledgers/new/", ledgers.ledger_new, name="ledger_new"),
    path("ledgers/<int:pk>/", ledgers.ledger_detail, name="ledger_detail"),
    path(
        "ledgers/<int:pk>/lines/<int:line_pk>/",
        ledgers.ledger_line_edit,
        name="ledger_line_edit",
    ),
    path("ledgers/<int:pk>/submit/", ledgers.ledger_submit, name="ledger_submit"),
    path("ledgers/<int:pk>/fill/", ledgers.ledger_fill, name="ledger_fill"),
    path("ledgers/<int:pk>/confirm/", ledgers.ledger_confirm, name="ledger_confirm"),
    path("ledgers/<int:pk>/sign/", ledgers.ledger_sign, name="ledger_sign"),
    path("ledgers/<int:pk>/file/", ledgers.ledger_file, name="ledger_file"),
    path("ledgers/<int:pk>/return/", ledgers.ledger_return, name="ledger_return"),
    path("ledgers/<int:pk>/correct/", ledgers.ledger_correct, name="ledger_correct"),
    path("ledgers/<int:pk>/discard/", ledgers.ledger_discard, name="ledger_discard"),
    path("ledgers/<int:pk>/pdf/", ledgers.ledger_pdf_view, name="ledger_pdf"),
    path("ledgers/<int:pk>/export/", ledgers.ledger_export, name="ledger_export"),
    path("ledgers/<int:pk>/scan/", ledgers.ledger_scan, name="ledger_scan"),
    path("ledgers/import/<int:pk>/<str:month>/", ledgers.ledger_import, name="ledger_import"),
    path("ledgers/template/<int:pk>/<str:month>/", ledgers.ledger_template, name="ledger_template"),
    path("ledger-inbox/", ledger_lists.InboxView.as_view(), name="ledger_inbox"),
    # Wage payments through the bank (issue 13)
    path("ledgers/<int:pk>/pay/", payments.payment_batch_new, name="payment_batch_new"),
    path("payments/", payments.PaymentBatchListView.as_view(), name="payment_batches"),
    path("payments/<int:pk>/", payments.payment_batch, name="payment_batch"),
    path("payments/<int:pk>/file/", payments.payment_batch_file, name="payment_batch_file"),
    path("payments/<int:pk>/sent/", payments.payment_batch_sent, name="payment_batch_sent"),
    path("payments/<int:pk>/reply/", payments.payment_batch_reply, name="payment_batch_reply"),
    path("payment-failures/", payments.payment_failures, name="payment_failures"),
    path("payments/unreconciled/", payments.unreconciled, name="unreconciled"),
    path("payments/rules/", payments.payment_rules, name="payment_rules"),
    path("payment-reissue/", payments.payment_reissue, name="payment_reissue"),
    path("wage-clock/", payments.wage_clock, name="wage_clock"),
    path("arrears/", ledger_lists.ArrearsView.as_view(), name="arrears"),
    path("suspicions/", ledger_lists.SuspicionListView.as_view(), name="suspicions"),
    path("suspicions/<int:pk>/", ledger_lists.suspicion_detail, name="suspicion_detail"),
    path("safeguards/", ledger_lists.SafeguardListView.as_view(), name="safeguards"),
    path(
        "safeguards/<int:pk>/account/",
        ledger_lists.wage_account_new,
        name="wage_account_new",
    ),
    path("wage-settings/", ledger_lists.wage_settings, name="wage_settings"),
]

urlpatterns += [
    path(
        "confirmations/<int:project_pk>/start/",
        confirmations.confirmation_start,
        name="confirmation_start",
    ),
]

# Attendance from the foreman's phone on site (issue 16 item 1)
urlpatterns += [
    path("site/", site.site_home, name="site_home"),
    path("site/sw.js", site.site_service_worker, name="site_service_worker"),
    path("site/<int:pk>/", site.site_crew_page, name="site_crew"),
    path("site/<int:pk>/entries/", site.site_entry_post, name="site_entry_post"),
    path("site/photos/<int:pk>/", site.site_photo, name="site_photo"),
]

# Checks on the phones' entries (issue 16 item 2)
urlpatterns += [
    path("site/suspicions/", site_checks.site_suspicions, name="site_suspicions"),
    path("site/suspicions/<int:pk>/", site_checks.site_suspicion, name="site_suspicion"),
    path("site/rules/", site_checks.site_rules, name="site_rules"),
]

urlpatterns += [path("site/<int:pk>/records/", site.site_entries, name="site_entries")]

# The paper attendance sheet (issue 16 item 3)
urlpatterns += [
    path("attendance/<int:pk>/<str:month>/sheet/", sheets.sheet_new, name="sheet_new"),
    path("sheets/", sheets.sheet_find, name="sheet_find"),
    path("sheets/<str:code>/", sheets.sheet_detail, name="sheet"),
    path("sheets/<str:code>/pdf/", sheets.sheet_pdf_view, name="sheet_pdf"),
    path("sheets/<str:code>/scan/", sheets.sheet_scan, name="sheet_scan"),
]

# Name-account checks before the first pay day (issue 13 item 1)
urlpatterns += [
    path("account-checks/", account_checks.account_checks, name="account_checks"),
    path("account-checks/<int:pk>/", account_checks.account_check, name="account_check"),
    path(
        "account-checks/<int:pk>/file/",
        account_checks.account_check_file,
        name="account_check_file",
    ),
    path(
        "account-checks/<int:pk>/reply/",
        account_checks.account_check_reply,
        name="account_check_reply",
    ),
    path("projects/<int:pk>/cards/", account_checks.project_cards, name="project_cards"),
    path("card-mismatches/", account_checks.card_mismatches, name="card_mismatches"),
]

# Cash or another method: art. 30's exception, with reason and signed receipt (issue 13 item 4)
urlpatterns += [
    path("ledgers/<int:pk>/cash/", cash_payments.ledger_cash, name="ledger_cash"),
    path("cash-payments/", cash_payments.cash_payments, name="cash_payments"),
    path("cash-payments/<int:pk>/receipt/", cash_payments.cash_receipt, name="cash_receipt"),
]

# The dedicated wage account's statement (issue 13 item 6)
urlpatterns += [
    path("statements/", statements.statements, name="statements"),
    path("statements/<int:pk>/", statements.statement, name="statement"),
    path(
        "wage-accounts/<int:pk>/statement/",
        statements.statement_upload,
        name="statement_upload",
    ),
]
