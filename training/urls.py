from django.urls import path

from training.views import conversions, figures, records, sessions

app_name = "training"

urlpatterns = [
    path("sessions/", sessions.SessionListView.as_view(), name="sessions"),
    path("sessions/new/", sessions.session_create_view, name="session_create"),
    path("sessions/<int:pk>/", sessions.session_detail, name="session"),
    path("sessions/<int:pk>/edit/", sessions.session_edit_view, name="session_edit"),
    path("sessions/<int:pk>/delete/", sessions.session_delete_view, name="session_delete"),
    path("sessions/<int:pk>/photos/", sessions.photo_upload, name="photo_upload"),
    path("photos/<int:pk>/", sessions.photo_file, name="photo"),
    path("photos/<int:pk>/delete/", sessions.photo_delete_view, name="photo_delete"),
    path("sessions/<int:pk>/records/", records.record_add_view, name="record_add"),
    path("sessions/<int:pk>/register/", records.record_register_view, name="record_register"),
    path("sessions/<int:pk>/import/", records.ledger_import_view, name="ledger_import"),
    path("sessions/<int:pk>/ledger.xlsx", records.ledger_export, name="ledger_export"),
    path("records/", records.RecordListView.as_view(), name="records"),
    path("records/<int:pk>/edit/", records.record_edit_view, name="record_edit"),
    path("records/<int:pk>/delete/", records.record_delete_view, name="record_delete"),
    path("conversions/", conversions.ConversionListView.as_view(), name="conversions"),
    path("conversions/new/", conversions.conversion_create_view, name="conversion_create"),
    path("conversions/<int:pk>/", conversions.conversion_detail, name="conversion"),
    path(
        "conversions/<int:pk>/evidence/",
        conversions.conversion_evidence,
        name="conversion_evidence",
    ),
    path(
        "conversions/<int:pk>/delete/",
        conversions.conversion_delete_view,
        name="conversion_delete",
    ),
    path("figures/", figures.figures_page, name="figures"),
    path("project/<int:pk>/pre-start/", figures.pre_start, name="pre_start"),
    path("project/<int:pk>/candidates/", figures.candidates, name="candidates"),
]
