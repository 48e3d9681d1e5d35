"""What the API adds to the shell: capabilities, scope rules, the district office's menu entry."""

from django.conf import settings

from yiguoji.api import capabilities as caps
from yiguoji.api import scopes  # noqa: F401  (registers)
from yiguoji.core import registry

registry.nav(
    "系统管理", "数据接口", "api:clients", capability=caps.VIEW_CLIENTS, icon="plug", order=40
)

registry.periodic("api.send_due_webhooks", "api.send_due_webhooks", settings.WEBHOOK_SWEEP_SECONDS)
