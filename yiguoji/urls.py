"""URL configuration: the shell (sign-in, home, health) and one include per app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from yiguoji.core.views import favicon, health, home, robots

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", robots.robots, name="robots"),
    path("favicon.ico", favicon.favicon, name="favicon"),
    # Anonymous pages, one prefix: each app's public/ package (published facts only).
    path("public/", include("projects.public.urls")),
    path("public/pay/", include("payroll.public.urls")),
    path("", include("yiguoji.core.urls")),
    path("projects/", include("projects.urls")),
    path("payroll/", include("payroll.urls")),
    path("training/", include("training.urls")),
    path("assessment/", include("assessment.urls")),
    path("api/v1/", include("yiguoji.api.v1")),
    path("api-clients/", include("yiguoji.api.urls")),
    path("admin/", admin.site.urls),
]

# Error pages in Chinese in the portal's layout (issue 10, item 15); CSRF_FAILURE_VIEW in settings.
handler403 = "yiguoji.core.views.errors.permission_denied"
handler404 = "yiguoji.core.views.errors.page_not_found"
handler500 = "yiguoji.core.views.errors.server_error"
