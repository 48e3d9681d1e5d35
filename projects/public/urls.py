"""/public/: the projects app's anonymous pages (mounted by yiguoji/urls.py)."""

from django.urls import path

from projects.public import views

app_name = "public"

urlpatterns = [
    path("projects/", views.project_list, name="projects"),
    path("projects/<str:code>/", views.project_page, name="project"),
    path("projects/<str:code>/complain/", views.complain, name="project_complain"),
    path("complaints/new/", views.complain, name="complain"),
    path("complaints/track/", views.complaint_track, name="complaint_track"),
]
