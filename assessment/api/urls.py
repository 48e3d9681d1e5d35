from django.urls import path
from rest_framework.routers import SimpleRouter

from assessment.api import views

router = SimpleRouter()
router.register("monthly-reports", views.MonthlyReportViewSet, basename="monthly-report")

QUARTER = "dispatch/<int:year>/<int:quarter>/"

urlpatterns = [
    *router.urls,
    path(QUARTER, views.DispatchView.as_view(), name="dispatch"),
    path(f"{QUARTER}workbook/", views.DispatchWorkbookView.as_view(), name="dispatch-workbook"),
]
