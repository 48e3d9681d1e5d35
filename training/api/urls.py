from rest_framework.routers import SimpleRouter

from training.api.views import TrainingRecordViewSet

router = SimpleRouter()
router.register("training-records", TrainingRecordViewSet, basename="training-record")

urlpatterns = router.urls
