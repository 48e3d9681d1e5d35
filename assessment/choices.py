"""Choices of monitoring and assessment (labels are the words the district's officials use)."""

from django.db import models


class ReportStatus(models.TextChoices):
    """A monthly report (月度反馈, plan task 5) as the project unit answered it."""

    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已确认"
    ANNOTATED = "annotated", "已说明"


class SummaryStatus(models.TextChoices):
    DRAFT = "draft", "填写中"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回修改"


class AcceptanceResult(models.TextChoices):
    """Art. 32: the working group's conclusion."""

    PASSED = "passed", "验收合格"
    FAILED = "failed", "验收不合格，整改后重新验收"


class FindingKind(models.TextChoices):
    """Supervision findings (art. 46-50; plan, 保障措施（二）: 虚报用工、挪用资金)."""

    FALSE_HIRING = "false_hiring", "虚报用工"
    MISUSED_FUNDS = "misused_funds", "挪用、截留资金"
    ARREARS = "arrears", "拖欠、克扣劳务报酬"
    FALSE_FIGURES = "false_figures", "数据弄虚作假"
    OTHER = "other", "其他问题"


class FindingSource(models.TextChoices):
    ROUTINE = "routine", "日常督导"
    SPECIAL = "special", "专项检查"
    AUDIT = "audit", "审计"
    COMPLAINT = "complaint", "群众举报"
    SUPERIOR = "superior", "上级抽查"


class FindingStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RECTIFIED = "rectified", "已报整改"
    VERIFIED = "verified", "整改销号"


class Metric(models.TextChoices):
    """The three figures plan task 10 asks each unit to forecast and not to fall below."""

    PROJECTS = "projects", "项目数量"
    BENEFICIARIES = "beneficiaries", "惠及当地农民数量"
    WAGES = "wages", "发放劳务报酬金额"


# The attribute each metric is held in, on a forecast (and, prefixed "last_", last year's actual
# stored with it) and on an organisation's actual figures (assessment.selectors.actuals).
METRIC_ATTRIBUTES = {
    Metric.PROJECTS: "projects",
    Metric.BENEFICIARIES: "beneficiaries",
    Metric.WAGES: "wage_total",
}


class RuleKind(models.TextChoices):
    """How a scoring rule takes points off (plan task 10; art. 46-50) or adds them (保障措施
    （三）: 对成效显著的乡镇在考核评价中予以倾斜)."""

    BELOW_LAST_YEAR = "below_last_year", "预测数低于上一年度且未作说明"
    FORECAST_DEVIATION = "forecast_deviation", "预测与实际偏差超过阈值"
    FINDINGS = "findings", "监督检查发现问题"
    ARREARS = "arrears", "年末仍有欠发劳务报酬的项目"
    LATE_REPORTS = "late_reports", "月度反馈未按期确认"
    WAGE_SHARE = "wage_share", "劳务报酬占中央资金比例（年末累计发放÷已支出中央资金）低于目标"
    MISSING_FORECAST = "missing_forecast", "未报送年初预测"
    MISSING_SUMMARY = "missing_summary", "未按期报送年度总结和典型案例"
    COMPLAINTS_OVERDUE = "complaints_overdue", "劳务报酬投诉超期办理"
    COMPLAINTS_UPHELD = "complaints_upheld", "劳务报酬投诉经核查属实"
    MARKED_RESULTS = "marked_results", "成效显著加分（较上年增长达到阈值）"


# Kinds that add points instead of taking them off (保障措施（三）: 予以倾斜).
BONUS_KINDS = frozenset({RuleKind.MARKED_RESULTS})


class AppliesTo(models.TextChoices):
    ALL = "all", "乡镇和项目单位"
    TOWNSHIP = "township", "乡镇（街道）"
    UNIT = "unit", "项目单位"


class AppealStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    UPHELD = "upheld", "申诉成立"
    REJECTED = "rejected", "申诉不成立"
