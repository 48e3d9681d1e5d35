from django.urls import path

from payroll.views import attendance, hiring, surveys, workers

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
]
