from rest_framework.routers import SimpleRouter

from payroll.api.views import WorkerViewSet

router = SimpleRouter()
router.register("workers", WorkerViewSet, basename="worker")

urlpatterns = router.urls
