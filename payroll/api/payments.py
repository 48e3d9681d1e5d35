"""Payment batches (代发批次, plan task 9) through the API, read only: the batches the client's
user may see (payroll.scopes), without the bank file itself (built on demand on the portal, as a
logged reveal of card numbers). Read with the ``ledgers:read`` scope: a batch pays a ledger."""

from rest_framework import serializers

from payroll import capabilities as caps
from payroll.models import PaymentBatch
from yiguoji.api.choices import ApiScope
from yiguoji.api.views.base import ScopedReadOnlyViewSet


class PaymentBatchSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="ledger.project_id", read_only=True)
    month = serializers.DateField(source="ledger.month", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PaymentBatch
        fields = [
            "id",
            "number",
            "ledger",
            "project",
            "month",
            "layout_name",
            "payer_bank",
            "payer_account_name",
            "status",
            "status_label",
            "count",
            "total",
            "created_at",
            "sent_at",
            "replied_at",
        ]
        read_only_fields = fields


class PaymentBatchViewSet(ScopedReadOnlyViewSet):
    """代发批次：由已签字台账生成的银行代发批次（只读，不含代发文件）。"""

    api_scope = ApiScope.LEDGERS_READ
    capability = caps.VIEW_PAYMENTS
    queryset = PaymentBatch.objects.select_related("ledger")
    serializer_class = PaymentBatchSerializer
