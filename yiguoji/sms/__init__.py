"""Text messages (短信), sent through a backend chosen by a setting, as Django sends e-mail.

``SMS_BACKEND`` names the backend class:

* ``yiguoji.sms.backends.console.SmsBackend`` writes each message to the log (development);
* ``yiguoji.sms.backends.file.SmsBackend`` writes each message as one JSON file under
  ``SMS_FILE_PATH`` (development and tests: a Celery worker and the test read the same files);
* ``yiguoji.sms.backends.aliyun.SmsBackend`` sends through Alibaba Cloud SMS (短信服务) over
  HTTPS, configured from the environment; never called by the tests.

Chinese SMS providers only send pre-approved templates with variables, so a message is a template
name and its parameters; apps register the template's text here (for the development backends
and for reading), and the provider's template code comes from ``SMS_TEMPLATE_CODES``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

_templates: dict[str, str] = {}
PHONE = re.compile(r"^1[3-9]\d{9}$")


class SmsError(Exception):
    """The message was not accepted by the backend (the reason is the provider's, in English
    or Chinese; never shown to the public)."""


@dataclass(frozen=True)
class Message:
    to: str
    template: str
    params: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return render(self.template, self.params)


def register_template(name: str, text: str) -> str:
    """Declare a template: ``register_template("code", "您的验证码为${code}……")``."""
    existing = _templates.get(name)
    if existing is not None and existing != text:
        raise ImproperlyConfigured(f"SMS template {name!r} registered twice differently")
    _templates[name] = text
    return name


def render(name: str, params: dict) -> str:
    try:
        text = _templates[name]
    except KeyError:
        raise ImproperlyConfigured(f"unknown SMS template {name!r}") from None
    for key, value in params.items():
        text = text.replace("${" + key + "}", str(value))
    return text


def get_backend():
    return import_string(settings.SMS_BACKEND)()


def send(*, to: str, template: str, params: dict | None = None) -> str:
    """Send one message; returns the backend's message id. Raises :class:`SmsError`."""
    to = "".join(to.split())
    if not PHONE.match(to):
        raise SmsError("not a mainland mobile number")
    message = Message(to=to, template=template, params=dict(params or {}))
    render(template, message.params)  # an unknown template fails here, before any backend
    return get_backend().send(message)
