"""Training records (培训台账) through the API: the ledger page's rows, filters and scope."""

from rest_framework import serializers

from training import capabilities as caps
from training.filters import RecordFilter
from training.models import TrainingRecord
from yiguoji.api.choices import ApiScope
from yiguoji.api.views.base import ScopedReadOnlyViewSet


class TrainingRecordSerializer(serializers.ModelSerializer):
    worker = serializers.IntegerField(source="worker_id", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    session = serializers.IntegerField(source="session_id", read_only=True)
    session_title = serializers.CharField(source="session.title", read_only=True)
    kind = serializers.CharField(source="session.kind", read_only=True)
    mode = serializers.CharField(source="session.mode", read_only=True)
    starts_on = serializers.DateField(source="session.starts_on", read_only=True)
    ends_on = serializers.DateField(source="session.ends_on", read_only=True)
    project = serializers.IntegerField(source="session.project_id", read_only=True, allow_null=True)

    class Meta:
        model = TrainingRecord
        fields = [
            "id",
            "worker",
            "worker_name",
            "session",
            "session_title",
            "kind",
            "mode",
            "starts_on",
            "ends_on",
            "project",
            "hours",
            "passed",
            "certificate_no",
        ]
        read_only_fields = fields


class TrainingRecordViewSet(ScopedReadOnlyViewSet):
    """培训台账：每人每期培训一条（第四十三条；行动方案任务七）。"""

    api_scope = ApiScope.TRAINING_READ
    capability = caps.VIEW_PEOPLE
    queryset = TrainingRecord.objects.select_related("worker", "session")
    filterset_class = RecordFilter
    serializer_class = TrainingRecordSerializer
