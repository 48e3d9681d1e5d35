"""What an API client may be allowed to do: one scope per resource and verb."""

from django.db import models


class ApiScope(models.TextChoices):
    PROJECTS_READ = "projects:read", "读取项目（含生命周期、年度清单、资金来源）"
    FIGURES_READ = "figures:read", "读取月报和季度调度数据"
    LEDGERS_READ = "ledgers:read", "读取劳务报酬发放台账"
    LEDGERS_WRITE = "ledgers:write", "上传劳务报酬发放台账"
    WORKERS_READ = "workers:read", "读取务工人员（证件号码脱敏）"
    WORKERS_REVEAL = "workers:reveal", "查看完整证件号码（每次查看留痕）"
    TRAINING_READ = "training:read", "读取技能培训记录"
    COMPLAINTS_READ = "complaints:read", "读取投诉举报"


def api_scopes():
    return ApiScope.choices


class EventKind(models.TextChoices):
    """What the portal tells subscribed systems (issue 15, item 5). Each kind is sent only to a
    client holding the API scope that would let it read the same object."""

    LEDGER_FILED = "ledger.filed", "劳务报酬台账已备案"
    PAYMENT_CREDITED = "payment.credited", "工资代发已入账"
    COMPLAINT_OPENED = "complaint.opened", "收到投诉举报"


#: The API scope a client needs for each kind (as it would need to GET the object).
EVENT_SCOPES = {
    EventKind.LEDGER_FILED: ApiScope.LEDGERS_READ,
    EventKind.PAYMENT_CREDITED: ApiScope.LEDGERS_READ,
    EventKind.COMPLAINT_OPENED: ApiScope.COMPLAINTS_READ,
}


def event_kinds():
    return EventKind.choices


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "发送失败"
