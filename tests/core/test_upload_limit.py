"""Oversized uploads are refused while the request is read (issue 10, item 11).

Every kind of upload page (Excel imports, scans, documents, photos, the phone's attendance entry)
gets a real multipart POST with a file one chunk past ``UPLOAD_MAX_MB``: the answer is 413 with a
Chinese message naming the limit, and nothing is stored (no file under MEDIA_ROOT, no import
waiting) and no job queued. Over a socket, the answer comes before the rest of the body is sent,
and a request declaring more than ``UPLOAD_REQUEST_MAX_MB`` is refused from its headers. The API
refuses with its own JSON error (413 ``payload_too_large``).
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.api.conftest import error_of, office, register  # noqa: F401 (fixtures)
from yiguoji.core.models import Job
from yiguoji.core.roles import Role

MB = 1024 * 1024

# (URL name, kwargs, form field, file name): one of each kind of upload page.
UPLOAD_PAGES = [
    ("payroll:worker_import", {}, "file", "务工人员.xlsx"),
    ("projects:import", {}, "file", "项目.xlsx"),
    ("payroll:ledger_import", {"pk": 1, "month": "2026-05"}, "file", "台账.xlsx"),
    ("payroll:attendance_import", {"pk": 1, "month": "2026-05"}, "file", "考勤.xlsx"),
    ("payroll:survey_import", {"pk": 1}, "file", "摸底.xlsx"),
    ("training:ledger_import", {"pk": 1}, "file", "培训台账.xlsx"),
    ("projects:document_upload", {"pk": 1}, "file", "批复文件.pdf"),
    ("payroll:contract_scan", {"pk": 1}, "scan", "合同.pdf"),
    ("payroll:ledger_scan", {"pk": 1}, "signed_scan", "签字台账.pdf"),
    ("payroll:sheet_scan", {"code": "KQ-1-202605-1"}, "scan", "签字表.jpg"),
    ("training:photo_upload", {"pk": 1}, "image", "培训.jpg"),
    ("assessment:summary_photo_add", {"year": 2026}, "image", "总结.jpg"),
    ("payroll:site_entry_post", {"pk": 1}, "photo", "现场.jpg"),
]


@pytest.fixture
def limits(settings, tmp_path):
    settings.UPLOAD_MAX_MB = 1
    settings.UPLOAD_REQUEST_MAX_MB = 3
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.IMPORT_SYNC_MAX_BYTES = 1024  # any import that got through would become a job
    return settings


def _stored(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _signed_in(make_user) -> Client:
    client = Client()
    client.force_login(make_user(Role.DISTRICT_OFFICE))
    return client


@pytest.mark.parametrize(
    ("name", "kwargs", "field", "filename"), UPLOAD_PAGES, ids=[p[0] for p in UPLOAD_PAGES]
)
def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    name, kwargs, field, filename, limits, make_user
):
    client = _signed_in(make_user)
    big = SimpleUploadedFile(filename, b"PK\x03\x04" + b"\0" * (MB + 10))
    response = client.post(reverse(name, kwargs=kwargs), {field: big, "note": "x"})
    assert response.status_code == 413
    text = response.content.decode()
    assert f"“{filename}”过大" in text and "不能超过 1 MB" in text and "没有保存" in text
    assert not _stored(limits) and not Job.objects.exists()


def test_the_phone_gets_the_refusal_as_json(limits, make_user):
    client = _signed_in(make_user)
    big = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff" + b"\0" * (MB + 10))
    response = client.post(
        reverse("payroll:site_entry_post", kwargs={"pk": 1}),
        {"photo": big},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 413
    assert "不能超过 1 MB" in response.json()["error"]


def test_a_file_under_the_limit_reaches_the_page(limits, make_user):
    """The same import, small: the page's own flow takes it (here: a background job)."""
    client = _signed_in(make_user)
    small = SimpleUploadedFile("务工人员.xlsx", b"PK\x03\x04" + b"\0" * 4096)
    response = client.post(reverse("payroll:worker_import"), {"file": small})
    assert response.status_code != 413


def test_several_files_together_over_the_request_limit_are_refused(limits, make_user):
    client = _signed_in(make_user)
    files = [SimpleUploadedFile(f"{n}.pdf", b"%PDF-" + b"\0" * (MB - 100)) for n in range(4)]
    response = client.post(reverse("assessment:summary_photo_add", kwargs={"year": 2026}), {
        "image": files
    })  # fmt: skip
    assert response.status_code == 413 and "合计不能超过 3 MB" in response.content.decode()
    assert not _stored(limits)


def _raw_post(live_server, client: Client, path: str, head: bytes, declared: int):
    """Send the headers and ``head`` of a body declared ``declared`` bytes long; never the rest.
    Returns the status line and the seconds it took to arrive."""
    host, port = live_server.thread.host, live_server.thread.port
    cookie = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
    headers = (
        f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nCookie: {cookie}\r\n"
        f"Content-Type: multipart/form-data; boundary=XyZ\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    ).encode()
    started = time.monotonic()
    with socket.create_connection((host, port), timeout=20) as sock:
        sock.sendall(headers + head)
        answer = sock.recv(4096)
    return answer.split(b"\r\n", 1)[0].decode(), time.monotonic() - started


def _file_part(filename: str, size: int) -> bytes:
    return (
        f'--XyZ\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode() + b"\0" * size


@pytest.mark.django_db(transaction=True)
def test_over_a_socket_the_refusal_comes_before_the_rest_of_the_body(
    live_server, limits, make_user
):
    client = _signed_in(make_user)
    path = reverse("payroll:worker_import")
    # 1. Declared far above the request limit: refused from the headers.
    status, seconds = _raw_post(live_server, client, path, b"--XyZ\r\n", 200 * MB)
    assert " 413 " in status and seconds < 10
    # 2. Declared within it, but the file passes 1 MB: refused while reading, 2 MB never sent.
    status, seconds = _raw_post(
        live_server, client, path, _file_part("务工人员.xlsx", MB + 200_000), 3 * MB - 1
    )
    assert " 413 " in status and seconds < 10
    assert not _stored(limits) and not Job.objects.exists()


def test_the_api_upload_refuses_a_body_over_the_limit(limits, make_user, register):  # noqa: F811
    from yiguoji.core.models import Organisation

    unit = make_user(Role.PROJECT_UNIT)
    _client, http = register(Organisation.objects.get(pk=unit.organisation_id), Role.PROJECT_UNIT)
    big = SimpleUploadedFile("台账.xlsx", b"PK\x03\x04" + b"\0" * (MB + 10))
    response = http.post("/api/v1/projects/1/wage-ledgers/2026-05/upload/", {"file": big})
    assert response.status_code == 413
    assert error_of(response)["code"] == "payload_too_large"
    assert not _stored(limits) and not Job.objects.exists()
