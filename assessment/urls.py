from django.urls import path

from assessment.views import (
    acceptance,
    collectives,
    dashboard,
    dispatch,
    funds,
    reports,
    scoring,
    summaries,
    supervision,
)

app_name = "assessment"

urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path("dashboard.xlsx", dashboard.dashboard_export, name="dashboard_export"),
    path("dashboard/projects/", dashboard.ProjectFiguresView.as_view(), name="dashboard_projects"),
    # monthly reports and quarterly dispatch (plan task 5)
    path("reports/", reports.ReportListView.as_view(), name="reports"),
    path("reports/<int:pk>/", reports.report_detail, name="report"),
    path("reports/compute/", reports.reports_compute, name="reports_compute"),
    path("dispatch/", dispatch.dispatch_list, name="dispatches"),
    path("dispatch/build/", dispatch.dispatch_build, name="dispatch_build"),
    path("dispatch/<int:pk>/download/", dispatch.dispatch_download, name="dispatch_download"),
    # funds disbursed against progress (safeguard (二), art. 21)
    path("funds/", funds.funds_page, name="funds"),
    # art. 17: upkeep posts and asset dividends per village collective
    path("collectives/", collectives.collectives_page, name="collectives"),
    # annual summaries and case studies (plan task 5)
    path("summaries/", summaries.summaries, name="summaries"),
    path("summaries/<int:year>/edit/", summaries.summary_edit, name="summary_edit"),
    path("summaries/<int:year>/photos/", summaries.photo_add, name="summary_photo_add"),
    path("summaries/<int:pk>/", summaries.summary_detail, name="summary"),
    path("summaries/<int:pk>/pdf/", summaries.summary_pdf_view, name="summary_pdf"),
    path("summaries/<int:pk>/return/", summaries.summary_return_view, name="summary_return"),
    path("summary-photos/<int:pk>/", summaries.photo_file, name="summary_photo"),
    path("summary-photos/<int:pk>/delete/", summaries.photo_delete, name="summary_photo_delete"),
    path("cases/<int:year>/new/", summaries.case_form, name="case_create"),
    path("cases/<int:year>/<int:pk>/edit/", summaries.case_form, name="case_edit"),
    path("cases/<int:pk>/", summaries.case_detail, name="case"),
    path("cases/<int:pk>/photo/", summaries.case_photo, name="case_photo"),
    path("cases/<int:pk>/delete/", summaries.case_delete, name="case_delete"),
    # acceptance (art. 32)
    path("acceptance/", acceptance.AcceptanceListView.as_view(), name="acceptances"),
    path(
        "acceptance/project/<int:project_pk>/", acceptance.acceptance_form, name="acceptance_form"
    ),
    path("acceptance/<int:pk>/", acceptance.acceptance_detail, name="acceptance"),
    path(
        "acceptance/documents/<int:pk>/", acceptance.acceptance_document, name="acceptance_document"
    ),
    # supervision (art. 46-50)
    path("findings/", supervision.FindingListView.as_view(), name="findings"),
    path("findings/new/", supervision.finding_create, name="finding_create"),
    path("findings/<int:pk>/", supervision.finding_detail, name="finding"),
    path("findings/evidence/<int:pk>/", supervision.finding_evidence, name="finding_evidence"),
    # forecasts and scoring (plan task 10)
    path("forecasts/", scoring.ForecastListView.as_view(), name="forecasts"),
    path("forecasts/submit/", scoring.forecast_form, name="forecast_submit"),
    path("rules/", scoring.rules_page, name="rules"),
    path("rules/<int:year>/new/", scoring.rule_form, name="rule_create"),
    path("rules/<int:year>/<int:pk>/", scoring.rule_form, name="rule_edit"),
    path("rules/<int:pk>/delete/", scoring.rule_delete, name="rule_delete"),
    path("rules/<int:year>/copy/", scoring.rules_copy, name="rules_copy"),
    path("scores/", scoring.scores, name="scores"),
    path("scores/<int:year>/compute/", scoring.scores_compute_view, name="scores_compute"),
    path("scores/<int:year>/publish/", scoring.scores_publish_view, name="scores_publish"),
    path("scores/<int:pk>/", scoring.score_detail, name="score"),
    path("appeals/", scoring.appeals, name="appeals"),
    path("appeals/<int:pk>/decide/", scoring.appeal_decide_view, name="appeal_decide"),
]
