"""What the core adds to the shell: capabilities, scope rules, menu entries, job kinds."""

from celery.schedules import crontab
from django.conf import settings

from yiguoji.core import capabilities as caps
from yiguoji.core import demo, directory, registry, scopes  # noqa: F401  (registers)
from yiguoji.core.models import JobStatus
from yiguoji.core.registry import HomeTask
from yiguoji.imports import uploads  # noqa: F401  (the imports.upload job kind)

# Jobs whose worker died or whose message was lost are retried, sent or failed (issue 10, item 8).
registry.periodic("core.sweep_jobs", "core.sweep_jobs", settings.JOB_SWEEP_SECONDS)
# Backups, retention and a restore drill every night (issue 17).
registry.periodic(
    "core.backup_nightly", "core.backup_nightly", crontab(hour=settings.BACKUP_HOUR, minute=15)
)

registry.nav("工作台", "首页", "home", capability=caps.USE_PORTAL, icon="house", order=1)
registry.nav(
    "工作台", "后台任务", "core:jobs", capability=caps.USE_PORTAL, icon="hourglass-split", order=90
)
registry.nav(
    "工作台", "通知", "core:notifications", capability=caps.USE_PORTAL, icon="bell", order=91
)
registry.nav(
    "系统管理",
    "组织机构和用户",
    "core:directory",
    capability=caps.VIEW_DIRECTORY,
    icon="diagram-3",
    order=10,
)
registry.nav(
    "系统管理", "审计日志", "core:audit", capability=caps.VIEW_AUDIT, icon="journal-text", order=20
)
registry.nav(
    "系统管理", "敏感信息查看记录", "core:reveals", capability=caps.VIEW_AUDIT, icon="eye", order=30
)
registry.nav(
    "系统管理", "备份与恢复", "core:backups", capability=caps.VIEW_BACKUPS, icon="archive", order=40
)


@registry.home_tasks
def failed_jobs(user):
    from django.urls import reverse

    from yiguoji.core.models import Job

    failed = Job.objects.filter(created_by=user, status=JobStatus.FAILED, finished_at__isnull=False)
    count = failed.count()
    if not count:
        return []
    return [HomeTask("后台任务执行失败，请查看原因", reverse("core:jobs"), count, "danger")]
