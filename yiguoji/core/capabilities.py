"""What the core's pages let each role do."""

from yiguoji.core import access
from yiguoji.core.roles import Role

EVERYONE = tuple(Role)

USE_PORTAL = access.define("core.use_portal", "使用平台", *EVERYONE)
VIEW_DIRECTORY = access.define(
    "core.view_directory", "查看组织机构和用户名录", Role.DISTRICT_OFFICE, Role.AUDITOR
)
EXPORT_DIRECTORY = access.define(
    "core.export_directory", "导出组织机构和用户名录", Role.DISTRICT_OFFICE, Role.AUDITOR
)
VIEW_AUDIT = access.define("core.view_audit", "查看审计日志", Role.DISTRICT_OFFICE, Role.AUDITOR)
MANAGE_USERS = access.define(
    "core.manage_users", "管理用户（新增、修改、重置密码、解锁）", Role.DISTRICT_OFFICE
)
VIEW_BACKUPS = access.define(
    "core.view_backups", "查看备份、恢复演练和密钥轮换", Role.DISTRICT_OFFICE, Role.AUDITOR
)
