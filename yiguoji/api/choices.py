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
