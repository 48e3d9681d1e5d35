"""SMS through a backend setting (yiguoji.sms): the file backend of development and tests, the
disabled default of production, and the Alibaba Cloud backend's signed request — checked
against the provider's published example and sent to a server on 127.0.0.1, never to the
provider."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import ImproperlyConfigured

from yiguoji import sms
from yiguoji.conf import base_url
from yiguoji.sms.backends import aliyun
from yiguoji.sms.backends.file import sent_messages

sms.register_template("test", "验证码${code}")


def test_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "yiguoji.sms.backends.file.SmsBackend"
    settings.SMS_FILE_PATH = tmp_path
    sms.send(to="139 1234 5678", template="test", params={"code": "123456"})
    sms.send(to="13912345679", template="test", params={"code": "654321"})
    sent = sent_messages(tmp_path)
    assert [(m["to"], m["text"]) for m in sent] == [
        ("13912345678", "验证码123456"), ("13912345679", "验证码654321"),
    ]  # fmt: skip
    with pytest.raises(sms.SmsError):
        sms.send(to="010-69100000", template="test", params={"code": "1"})
    with pytest.raises(ImproperlyConfigured):
        sms.send(to="13912345678", template="no-such-template")


def test_production_default_sends_nothing(settings):
    settings.SMS_BACKEND = "yiguoji.sms.backends.disabled.SmsBackend"
    with pytest.raises(sms.SmsError, match="not configured"):
        sms.send(to="13912345678", template="test", params={"code": "1"})


def test_aliyun_signature_matches_the_providers_example():
    """The example of Alibaba Cloud's SMS API documentation (AccessKeySecret testSecret)."""
    params = {
        "AccessKeyId": "testId", "Action": "SendSms", "Format": "XML", "OutId": "123",
        "PhoneNumbers": "15300000001", "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用", "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466", "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007", "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z", "Version": "2017-05-25",
    }  # fmt: skip
    assert aliyun.signature(params, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


class _Provider(BaseHTTPRequestHandler):
    answer = {"Code": "OK", "BizId": "900619746936498440^0"}
    seen: list = []

    def do_GET(self):
        _Provider.seen.append(parse_qs(urlsplit(self.path).query))
        body = json.dumps(_Provider.answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = HTTPServer(("127.0.0.1", 0), _Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "yiguoji.sms.backends.aliyun.SmsBackend"
    settings.ALIYUN_SMS_ENDPOINT = f"http://127.0.0.1:{server.server_port}"
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "id-for-a-local-server"
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "secret-for-a-local-server"
    settings.ALIYUN_SMS_SIGN_NAME = "延庆区以工代赈"
    settings.SMS_TEMPLATE_CODES = {"test": "SMS_000001"}
    _Provider.seen = []
    yield _Provider
    server.shutdown()


def test_aliyun_backend_sends_a_signed_request(provider):
    assert sms.send(to="13912345678", template="test", params={"code": "246810"}).startswith("9")
    query = {k: v[0] for k, v in provider.seen[0].items()}
    assert (query["PhoneNumbers"], query["TemplateCode"], query["SignName"]) == (
        "13912345678", "SMS_000001", "延庆区以工代赈",
    )  # fmt: skip
    assert json.loads(query["TemplateParam"]) == {"code": "246810"}
    signature = query.pop("Signature")
    assert aliyun.signature(query, "secret-for-a-local-server") == signature
    provider.answer = {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控"}
    with pytest.raises(sms.SmsError, match="BUSINESS_LIMIT_CONTROL"):
        sms.send(to="13912345678", template="test", params={"code": "1"})
    provider.answer = {"Code": "OK", "BizId": "9"}


def test_aliyun_backend_refuses_to_start_unconfigured(settings):
    settings.SMS_BACKEND = "yiguoji.sms.backends.aliyun.SmsBackend"
    settings.ALIYUN_SMS_ACCESS_KEY_ID = ""
    with pytest.raises(ImproperlyConfigured):
        sms.send(to="13912345678", template="test", params={"code": "1"})


def test_public_base_url_setting():
    assert base_url("PUBLIC_BASE_URL", " https://a.gov.cn/ ") == "https://a.gov.cn"
    assert base_url("PUBLIC_BASE_URL", "") == ""
    for bad in ("a.gov.cn", "ftp://a.gov.cn", "https://a.gov.cn/?x=1"):
        with pytest.raises(ImproperlyConfigured):
            base_url("PUBLIC_BASE_URL", bad)
