"""Monthly reports, and a dispatch row in the national dispatch system's fields: each key below
is one column of the dispatch workbook (assessment.exporters.dispatch.COLUMNS, same order)."""

from rest_framework import serializers

from assessment.exporters.dispatch import COLUMNS
from assessment.models import MonthlyReport

MONEY = {"max_digits": 16, "decimal_places": 2, "allow_null": True}

# The workbook's columns, in order, as JSON keys.
DISPATCH_KEYS = [
    "index",
    "code",
    "name",
    "townships",
    "category",
    "sector",
    "owner",
    "status",
    "total_investment",
    "special_funds",
    "central_funds",
    "funds_in_place",
    "investment_completed",
    "progress_percent",
    "planned_local_jobs",
    "workers",
    "priority_workers",
    "person_days",
    "wages_paid",
    "central_funds_spent",
    "fiscal_funds_spent",
    "wage_share",
    "fiscal_wage_share",
    "arrears_at_quarter_end",
    "trained_people",
    "training_attendances",
    "conversions",
    "monthly_reports_confirmed",
]
assert len(DISPATCH_KEYS) == len(COLUMNS)
DISPATCH_LABELS = dict(zip(DISPATCH_KEYS, (c.header for c in COLUMNS), strict=True))


class DispatchRowSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    townships = serializers.CharField()
    category = serializers.CharField()
    sector = serializers.CharField()
    owner = serializers.CharField()
    status = serializers.CharField()
    total_investment = serializers.DecimalField(**MONEY)
    special_funds = serializers.DecimalField(**MONEY)
    central_funds = serializers.DecimalField(**MONEY)
    funds_in_place = serializers.DecimalField(**MONEY)
    investment_completed = serializers.DecimalField(**MONEY)
    progress_percent = serializers.IntegerField(allow_null=True)
    planned_local_jobs = serializers.IntegerField()
    workers = serializers.IntegerField()
    priority_workers = serializers.IntegerField()
    person_days = serializers.DecimalField(max_digits=12, decimal_places=1)
    wages_paid = serializers.DecimalField(**MONEY)
    central_funds_spent = serializers.DecimalField(**MONEY)
    fiscal_funds_spent = serializers.DecimalField(**MONEY)
    # art. 30, like with like: wages paid to date / central (fiscal) funds spent to date
    wage_share = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    fiscal_wage_share = serializers.DecimalField(max_digits=12, decimal_places=4, allow_null=True)
    arrears_at_quarter_end = serializers.DecimalField(**MONEY)
    trained_people = serializers.IntegerField()
    training_attendances = serializers.IntegerField()
    conversions = serializers.IntegerField()
    monthly_reports_confirmed = serializers.CharField()


class DispatchSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    as_of = serializers.DateField()
    fields = serializers.DictField(child=serializers.CharField(), help_text="键 → 调度表列名")
    rows = DispatchRowSerializer(many=True)


class MonthlyReportSerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "project",
            "project_code",
            "month",
            "workers",
            "priority_workers",
            "person_days",
            "payable",
            "paid",
            "arrears",
            "ledger_status",
            "status",
            "status_label",
            "due_on",
            "funds_in_place",
            "investment_completed",
            "progress",
            "annotation",
            "confirmed_at",
            "computed_at",
        ]
        read_only_fields = fields
