"""What a project looks like through the API: the list page's columns, plus lifecycle history
and funding lines on the detail. Labels are sent beside codes (``status`` / ``status_label``)."""

from rest_framework import serializers

from projects.models import Complaint, FundingLine, Project, ProjectTransition

MONEY = {"max_digits": 14, "decimal_places": 2, "read_only": True}


class OrganisationRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ProjectSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    sector_label = serializers.CharField(source="get_sector_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    owner = OrganisationRef(read_only=True)
    department = OrganisationRef(read_only=True, allow_null=True)
    townships = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    special_funds = serializers.DecimalField(**MONEY)
    wage_share = serializers.DecimalField(
        max_digits=12, decimal_places=4, read_only=True, allow_null=True
    )
    below_target = serializers.BooleanField(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id",
            "code",
            "name",
            "year",
            "category",
            "category_label",
            "sector",
            "sector_label",
            "status",
            "status_label",
            "owner",
            "department",
            "townships",
            "planned_start",
            "planned_end",
            "total_investment",
            "special_funds",
            "planned_wage_total",
            "planned_local_jobs",
            "wage_share",
            "below_target",
            "updated_at",
        ]
        read_only_fields = fields


class TransitionSerializer(serializers.ModelSerializer):
    from_label = serializers.CharField(source="get_from_status_display", read_only=True)
    to_label = serializers.CharField(source="get_to_status_display", read_only=True)

    class Meta:
        model = ProjectTransition
        fields = [
            "at",
            "action",
            "from_status",
            "from_label",
            "to_status",
            "to_label",
            "actor_organisation",
            "reason",
        ]
        read_only_fields = fields


class FundingLineSerializer(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)

    class Meta:
        model = FundingLine
        fields = ["id", "source", "source_label", "amount", "is_special_fund", "note"]
        read_only_fields = fields


class ProjectDetailSerializer(ProjectSerializer):
    content_and_scale = serializers.CharField(read_only=True)
    history = TransitionSerializer(source="transitions", many=True, read_only=True)
    funding_lines = FundingLineSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "content_and_scale", "history", "funding_lines"]
        read_only_fields = fields


class ProjectRef(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class FundingLineListSerializer(FundingLineSerializer):
    project = ProjectRef(read_only=True)

    class Meta(FundingLineSerializer.Meta):
        fields = [*FundingLineSerializer.Meta.fields, "project"]
        read_only_fields = fields


class AnnualListProjectSerializer(ProjectSerializer):
    funding_lines = FundingLineSerializer(many=True, read_only=True)

    class Meta(ProjectSerializer.Meta):
        fields = [*ProjectSerializer.Meta.fields, "funding_lines"]
        read_only_fields = fields


class ComplaintSerializer(serializers.ModelSerializer):
    """A complaint without its complainant (name, phone, content stay on the portal's pages)."""

    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    channel_label = serializers.CharField(source="get_channel_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    project = ProjectRef(read_only=True, allow_null=True)
    handler = OrganisationRef(read_only=True, allow_null=True)

    class Meta:
        model = Complaint
        fields = [
            "id",
            "number",
            "kind",
            "kind_label",
            "channel",
            "channel_label",
            "status",
            "status_label",
            "project",
            "handler",
            "month",
            "received_at",
            "acknowledge_by",
            "answer_by",
            "close_by",
            "acknowledged_at",
            "answered_at",
            "closed_at",
            "substantiated",
            "reopen_count",
            "escalated_at",
        ]
        read_only_fields = fields
