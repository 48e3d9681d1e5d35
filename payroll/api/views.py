"""The worker register through the API: the same rows as the 务工人员名册 page, masked."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from payroll import capabilities as caps
from payroll.api.serializers import RevealRequestSerializer, RevealSerializer, WorkerSerializer
from payroll.filters import WorkerFilterSet
from payroll.models import Worker
from payroll.selectors.workers import workers_for
from payroll.services import reveals
from yiguoji import scope
from yiguoji.api.choices import ApiScope
from yiguoji.api.views.base import ScopedReadOnlyViewSet


class WorkerViewSet(ScopedReadOnlyViewSet):
    """务工人员：证件号码和银行卡号均为脱敏形式；完整号码须 workers:reveal 权限并逐次留痕。"""

    api_scope = ApiScope.WORKERS_READ
    capability = caps.VIEW_WORKERS
    queryset = Worker.objects.all()
    filterset_class = WorkerFilterSet
    serializer_class = WorkerSerializer

    def get_queryset(self):
        return workers_for(self.request.user)  # scope.restrict inside, as on the page

    def required_scope(self, request) -> str:
        return ApiScope.WORKERS_REVEAL if self.action == "reveal" else self.api_scope

    @extend_schema(request=RevealRequestSerializer, responses=RevealSerializer)
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full number of one worker: a row in 敏感信息查看记录 for the client's user."""
        worker = scope.get_object_or_404(Worker.objects.all(), request.user, pk=pk)
        asked = RevealRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        field = asked.validated_data["field"]
        value = reveals.worker_reveal(
            acting_user=request.user,
            worker=worker,
            field=field,
            purpose=f"数据接口：{asked.validated_data['purpose']}",
            ip=request.META.get("REMOTE_ADDR"),
        )
        return Response({"id": worker.pk, "field": field, "value": value})
