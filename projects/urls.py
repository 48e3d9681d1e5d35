from django.urls import path

from projects.views import (
    annual,
    changes,
    complaints,
    delivery,
    disbursements,
    documents,
    funds,
    imports,
    lifecycle,
    maps,
    notices,
    programme,
    publication,
    recognition,
)
from projects.views import projects as project_views

app_name = "projects"

urlpatterns = [
    path("", project_views.ProjectListView.as_view(), name="list"),
    path("new/", project_views.project_create, name="create"),
    path("<int:pk>/", project_views.project_detail, name="detail"),
    path("<int:pk>/edit/", project_views.project_edit, name="edit"),
    path("<int:pk>/site/", maps.project_site, name="site"),
    path("map/", maps.works_map, name="map"),
    path("<int:pk>/do/<slug:action>/", lifecycle.transition, name="transition"),
    path("<int:pk>/documents/upload/", documents.upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_pk>/", documents.download, name="document_download"),
    path("<int:pk>/documents/<int:document_pk>/void/", documents.void, name="document_void"),
    path("<int:pk>/expenditures/", funds.expenditures, name="expenditures"),
    path(
        "<int:pk>/expenditures/<int:line_pk>/delete/",
        funds.expenditure_delete,
        name="expenditure_delete",
    ),
    path("<int:pk>/disbursements/", disbursements.disbursements, name="disbursements"),
    path(
        "<int:pk>/disbursements/<int:row_pk>/reverse/",
        disbursements.disbursement_reverse_view,
        name="disbursement_reverse",
    ),
    path("<int:pk>/delivery/", delivery.delivery_page, name="delivery"),
    path("<int:pk>/recognition/", recognition.recognition_page, name="recognition"),
    path("settings/archives/", delivery.archive_rules_page, name="archive_rules"),
    path("<int:pk>/notices/post/", notices.notice_post, name="notice_post"),
    path("<int:pk>/notices/<slug:kind>.pdf", notices.notice, name="notice"),
    path("<int:pk>/changes/new/", changes.change_new, name="change_new"),
    path("changes/", changes.change_list, name="changes"),
    path("changes/<int:pk>/", changes.change_detail, name="change"),
    path("changes/<int:pk>/cancel/", changes.change_cancel, name="change_cancel"),
    path("annual/", annual.annual, name="annual"),
    path("annual/add/", annual.annual_add, name="annual_add"),
    path("annual/export/", annual.annual_export, name="annual_export"),
    path("import/", imports.import_page, name="import"),
    path("settings/", programme.settings_page, name="settings"),
    path("settings/<int:year>/", programme.settings_page, name="settings_year"),
]

urlpatterns += [
    path("complaints/", complaints.ComplaintListView.as_view(), name="complaints"),
    path("complaints/new/", complaints.complaint_create, name="complaint_create"),
    path("complaints/settings/", complaints.complaint_settings, name="complaint_settings"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint"),
]

urlpatterns += [
    path("<int:pk>/publish/", publication.publish, name="publish"),
    path("<int:pk>/unpublish/", publication.unpublish, name="unpublish"),
    path("public-settings/", publication.public_settings, name="public_settings"),
]
