"""Who manages the API clients: the district office registers them; auditors read the log."""

from yiguoji.core import access
from yiguoji.core.roles import Role

VIEW_CLIENTS = access.define(
    "api.view_clients", "查看数据接口客户端和调用记录", Role.DISTRICT_OFFICE, Role.AUDITOR
)
MANAGE_CLIENTS = access.define(
    "api.manage_clients", "登记数据接口客户端、签发和吊销令牌", Role.DISTRICT_OFFICE
)
