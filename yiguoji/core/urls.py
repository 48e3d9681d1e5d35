from django.urls import path

from yiguoji.core.views import audit, backups, directory, imports, jobs, notifications, users

app_name = "core"

urlpatterns = [
    path("jobs/", jobs.job_list, name="jobs"),
    path("jobs/progress/", jobs.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications_read"),
    path("directory/", directory.directory, name="directory"),
    path("directory/export/", directory.directory_export, name="directory_export"),
    path("directory/users/new/", users.user_form, name="user_create"),
    path("directory/users/<int:pk>/", users.user_form, name="user_edit"),
    path("directory/users/<int:pk>/password/", users.user_password, name="user_password"),
    path("directory/users/<int:pk>/unlock/", users.user_unlock_view, name="user_unlock"),
    path("imports/<str:key>/template/", imports.import_template, name="import_template"),
    path("imports/errors/<str:token>/", imports.import_errors, name="import_errors"),
    path("audit/", audit.audit_log, name="audit"),
    path("audit/actions/<uuid:context_id>/", audit.audit_action, name="audit_action"),
    path(
        "audit/<str:app_label>/<str:model_name>/<str:pk>/",
        audit.object_history,
        name="object_history",
    ),
    path("audit/reveals/", audit.reveal_log, name="reveals"),
    path("backups/", backups.backup_overview, name="backups"),
]
