from rest_framework.routers import SimpleRouter

from projects.api import views

router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("funding-lines", views.FundingLineViewSet, basename="funding-line")
router.register(r"annual-lists/(?P<year>\d{4})", views.AnnualListViewSet, basename="annual-list")
router.register("complaints", views.ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
