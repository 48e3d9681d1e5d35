"""Alibaba Cloud SMS (阿里云短信服务, API version 2017-05-25, action SendSms) over HTTPS.

The request is signed as the provider's RPC API requires (HMAC-SHA1 over the sorted, percent-
encoded parameters; the tests check the signature against the provider's published example).
Configured from the environment (``ALIYUN_SMS_*``, ``SMS_TEMPLATE_CODES``); the standard
library's HTTP client is enough for one GET, so no SDK is added.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import uuid
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from yiguoji.sms import SmsError

TIMEOUT_SECONDS = 10


def _encode(value: str) -> str:
    """RFC 3986 percent-encoding as the provider signs it (space %20, * %2A, ~ kept)."""
    return quote(value, safe="~")


def signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    canonical = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_encode('/')}&{_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class SmsBackend:
    def __init__(self):
        self.key_id = settings.ALIYUN_SMS_ACCESS_KEY_ID
        self.secret = settings.ALIYUN_SMS_ACCESS_KEY_SECRET
        self.sign_name = settings.ALIYUN_SMS_SIGN_NAME
        self.endpoint = settings.ALIYUN_SMS_ENDPOINT
        self.codes = settings.SMS_TEMPLATE_CODES
        if not (self.key_id and self.secret and self.sign_name):
            raise ImproperlyConfigured(
                "ALIYUN_SMS_ACCESS_KEY_ID, ALIYUN_SMS_ACCESS_KEY_SECRET and ALIYUN_SMS_SIGN_NAME "
                "must be set to send SMS through Alibaba Cloud"
            )

    def params(self, message, *, nonce: str | None = None, now: dt.datetime | None = None):
        try:
            template_code = self.codes[message.template]
        except KeyError:
            raise ImproperlyConfigured(
                f"SMS_TEMPLATE_CODES has no provider template code for {message.template!r}"
            ) from None
        now = now or dt.datetime.now(dt.UTC)
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.to,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": template_code,
            "TemplateParam": json.dumps(
                {k: str(v) for k, v in message.params.items()}, ensure_ascii=False
            ),
            "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = signature(params, self.secret)
        return params

    def send(self, message) -> str:
        params = self.params(message)
        query = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in params.items())
        request = Request(f"{self.endpoint.rstrip('/')}/?{query}", method="GET")
        try:
            with urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                body = json.loads(response.read().decode())
        except (URLError, OSError, ValueError) as error:
            raise SmsError(f"Alibaba Cloud SMS unreachable: {type(error).__name__}") from None
        if body.get("Code") != "OK":
            raise SmsError(f"Alibaba Cloud SMS refused: {body.get('Code')} {body.get('Message')}")
        return body.get("BizId", "")
