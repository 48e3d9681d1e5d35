"""Payment batches (代发批次, plan task 9) through the API, read only: the batches the client's
user may see (payroll.scopes), without the bank file itself (built on demand on the portal, as a
logged reveal of card numbers). Read with the ``ledgers:read`` scope: a batch pays a ledger."""

from django.db.models import Count, Q
from rest_framework import serializers

from payroll import capabilities as caps
from payroll.choices import CARD_MISMATCH, CheckResult
from payroll.models import AccountCheck, AccountStatement, CashPayment, PaymentBatch
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


class AccountCheckSerializer(serializers.ModelSerializer):
    """A name-account check (户名校验, issue 13 item 1) with its counts, never the cards."""

    status_label = serializers.CharField(source="get_status_display", read_only=True)
    matching = serializers.IntegerField(read_only=True)
    mismatched = serializers.IntegerField(read_only=True)

    class Meta:
        model = AccountCheck
        fields = [
            "id", "number", "project", "layout_name", "status", "status_label", "count",
            "matching", "mismatched", "created_at", "answered_at",
        ]  # fmt: skip
        read_only_fields = fields


class AccountCheckViewSet(ScopedReadOnlyViewSet):
    """户名校验：首次发放前送银行校验的务工人员户名和银行卡（只读，只有人数，不含卡号）。"""

    api_scope = ApiScope.LEDGERS_READ
    capability = caps.VIEW_PAYMENTS
    queryset = AccountCheck.objects.annotate(
        matching=Count("lines", filter=Q(lines__result=CheckResult.MATCH)),
        mismatched=Count("lines", filter=Q(lines__result__in=CARD_MISMATCH)),
    ).order_by("pk")
    serializer_class = AccountCheckSerializer


class CashPaymentSerializer(serializers.ModelSerializer):
    """Art. 30's exception: a line paid by cash or another method, with its reason."""

    ledger = serializers.IntegerField(source="line.ledger_id", read_only=True)
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)

    class Meta:
        model = CashPayment
        fields = [
            "id", "ledger", "line", "worker", "worker_name", "method", "method_label", "amount",
            "paid_on", "reason", "recorded_at",
        ]  # fmt: skip
        read_only_fields = fields


class CashPaymentViewSet(ScopedReadOnlyViewSet):
    """现金等其他方式发放：第三十条允许的例外，有原因和本人签字凭证（只读，不含凭证扫描件）。"""

    api_scope = ApiScope.LEDGERS_READ
    capability = caps.VIEW_PAYMENTS
    queryset = CashPayment.objects.select_related("line", "worker").order_by("pk")
    serializer_class = CashPaymentSerializer


class AccountStatementSerializer(serializers.ModelSerializer):
    """A dedicated wage account's statement as reconciled (issue 13 item 6)."""

    project = serializers.IntegerField(source="wage_account.project_id", read_only=True)
    balance_short = serializers.BooleanField(read_only=True)

    class Meta:
        model = AccountStatement
        fields = [
            "id", "number", "wage_account", "project", "first_day", "last_day", "lines_count",
            "outflow_total", "inflow_total", "matched_count", "flagged_count", "closing_balance",
            "wages_due", "balance_short", "imported_at",
        ]  # fmt: skip
        read_only_fields = fields


class AccountStatementViewSet(ScopedReadOnlyViewSet):
    """专户流水核对：工资专用账户流水与代发的核对结果（只读，不含对方账号）。"""

    api_scope = ApiScope.LEDGERS_READ
    capability = caps.VIEW_PAYMENTS
    queryset = AccountStatement.objects.select_related("wage_account").order_by("pk")
    serializer_class = AccountStatementSerializer
