"""Workers as the register shows them: masked ID and card numbers (stored masked, never
decrypted for a list)."""

from rest_framework import serializers

from payroll.models import Worker
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
