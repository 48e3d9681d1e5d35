"""Workers as the register shows them: masked ID and card numbers (stored masked, never
decrypted for a list)."""

from rest_framework import serializers

from payroll.models import WageLedger, WageLine, Worker
from payroll.services.reveals import FIELDS


class WorkerSerializer(serializers.ModelSerializer):
    sex_label = serializers.CharField(source="get_sex_display", read_only=True)
    township = serializers.CharField(source="township.name", read_only=True, allow_null=True)
    village = serializers.CharField(source="village.name", read_only=True, allow_null=True)
    active_contracts = serializers.IntegerField(read_only=True)

    class Meta:
        model = Worker
        fields = [
            "id",
            "name",
            "id_masked",
            "sex",
            "sex_label",
            "birth_date",
            "phone",
            "bank",
            "bank_card_masked",
            "township",
            "village",
            "priority_groups",
            "skills",
            "active_contracts",
            "created_at",
        ]
        read_only_fields = fields


class RevealRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=sorted(FIELDS), help_text="id_number 或 bank_card")
    purpose = serializers.CharField(max_length=200, help_text="查看用途（记入敏感信息查看记录）")


class RevealSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    field = serializers.CharField()
    value = serializers.CharField()


class WageLineSerializer(serializers.ModelSerializer):
    worker_name = serializers.CharField(source="worker.name", read_only=True)
    worker_id_masked = serializers.CharField(source="worker.id_masked", read_only=True)

    class Meta:
        model = WageLine
        fields = [
            "seq",
            "worker",
            "worker_name",
            "worker_id_masked",
            "days",
            "daily_rate",
            "payable",
            "paid",
            "pay_date",
            "method",
            "card_masked",
            "signed",
            "remarks",
        ]
        read_only_fields = fields


class WageLedgerSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = WageLedger
        fields = [
            "id",
            "project",
            "project_code",
            "month",
            "version",
            "status",
            "status_label",
            "pay_deadline",
            "workers",
            "total_days",
            "total_payable",
            "total_paid",
            "total_arrears",
        ]
        read_only_fields = fields


class WageLedgerDetailSerializer(WageLedgerSerializer):
    lines = WageLineSerializer(many=True, read_only=True)

    class Meta(WageLedgerSerializer.Meta):
        fields = [*WageLedgerSerializer.Meta.fields, "lines"]
        read_only_fields = fields


class LedgerUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text="劳务报酬发放台账（xlsx、xls、ods），与页面导入相同的模板"
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="Excel 行号；整个文件的问题为 null")
    column = serializers.CharField(allow_null=True, help_text="文件中的列名")
    message = serializers.CharField()


class LedgerUploadResultSerializer(serializers.Serializer):
    summary = serializers.CharField()
    ledger = serializers.IntegerField(allow_null=True)
    job = serializers.IntegerField(allow_null=True, help_text="大文件转入后台任务时的任务号")
