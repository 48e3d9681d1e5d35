"""Background jobs: atomic claim, failures, progress, and the directory export end to end."""

import io
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yiguoji.core.models import Job, JobStatus
from yiguoji.core.roles import Role
from yiguoji.core.services import jobs
from yiguoji.core.services.jobs import JobError, JobResult, Progress, job_run

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_kind():
    calls = []

    @jobs.job_kind("test.count", "测试任务")
    def handler(job, progress):
        calls.append(job.pk)
        progress(50, "一半")
        return JobResult(summary="完成", filename="结果.txt", content="内容".encode())

    return calls


def test_a_job_runs_once_even_when_delivered_twice(make_user, counted_kind):
    job = Job.objects.create(kind="test.count", title="t", created_by=make_user())
    job_run(job.pk)
    job_run(job.pk)
    job.refresh_from_db()
    assert counted_kind == [job.pk]
    assert job.status == JobStatus.SUCCEEDED and job.progress == 100
    assert job.summary == "完成" and job.result_name == "结果.txt"
    assert job.result_file.read() == "内容".encode()


def test_a_user_facing_failure_keeps_its_message(make_user):
    @jobs.job_kind("test.refuse", "拒绝")
    def refuse(job, progress):
        raise JobError("第3行 身份证号码：校验码错误")

    job = Job.objects.create(kind="test.refuse", title="t", created_by=make_user())
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.error == "第3行 身份证号码：校验码错误"


def test_a_crash_is_reported_plainly_without_internals(make_user):
    @jobs.job_kind("test.crash", "崩溃")
    def crash(job, progress):
        raise KeyError("secret internals")

    job = Job.objects.create(kind="test.crash", title="t", created_by=make_user())
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "secret internals" not in job.error and "联系管理员" in job.error


def test_progress_is_throttled_and_capped(make_user):
    job = Job.objects.create(kind="test.count", title="t", created_by=make_user())
    progress = Progress(job.pk, min_interval=60)
    progress(10, "开始")
    progress(20, "太快，不写")
    job.refresh_from_db()
    assert (job.progress, job.message) == (10, "开始")
    progress(150, "结束前")
    job.refresh_from_db()
    assert job.progress == 99  # 100 only when the job has really finished


def test_users_see_only_their_own_jobs(make_user, client_for):
    mine, theirs = make_user(), make_user(Role.AUDITOR)
    Job.objects.create(kind="test.count", title="我的导出", created_by=mine)
    Job.objects.create(kind="test.count", title="别人的导出", created_by=theirs)
    page = client_for(mine).get(reverse("core:jobs")).content.decode()
    assert "我的导出" in page and "别人的导出" not in page


@pytest.mark.worker
def test_directory_export_runs_on_a_real_worker_and_downloads_a_workbook(
    celery_worker, make_user, client_for
):
    office = make_user(Role.DISTRICT_OFFICE, full_name="王建国")
    make_user(Role.TOWNSHIP, full_name="刘强")
    client = client_for(office)

    response = client.post(reverse("core:directory_export"))
    assert response.status_code == 302
    job = Job.objects.get(created_by=office)
    deadline = time.monotonic() + 30
    while job.status not in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        assert time.monotonic() < deadline, f"job still {job.status} after 30 s"
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.summary.startswith("共 ")

    progress_html = client.get(reverse("core:job_progress")).content.decode()
    assert "下载" in progress_html and "hx-trigger" not in progress_html  # polling stops

    download = client.get(reverse("core:job_download", args=[job.pk]))
    assert download.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["组织机构", "用户"]
    people = [row[2] for row in workbook["用户"].iter_rows(min_row=4, values_only=True)]
    assert {"王建国", "刘强"} <= set(people)
    organisations = [row[1] for row in workbook["组织机构"].iter_rows(min_row=4, values_only=True)]
    assert office.organisation.name in organisations


def test_a_role_without_the_capability_cannot_start_the_export(make_user, client_for):
    response = client_for(make_user(Role.TOWNSHIP)).post(reverse("core:directory_export"))
    assert response.status_code == 403
    assert not Job.objects.exists()
