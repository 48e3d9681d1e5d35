"""Jobs that never end (issue 10, item 8): the claim, the heartbeat and the sweeper's rules.

The end-to-end faults (a worker killed mid-job, a Redis restart, enqueueing while the broker is
down) run with real workers and Redis in ``test_job_faults.py``; these pin each rule quickly.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from yiguoji.core.models import Job, JobStatus
from yiguoji.core.services import jobs
from yiguoji.core.services.jobs import Heartbeat, JobResult, job_run, jobs_sweep

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def runs():
    calls = []

    @jobs.job_kind("test.sweep", "清扫测试")
    def handler(job, progress):
        calls.append(job.attempts)
        return JobResult(summary="完成")

    return calls


@pytest.fixture
def sent(monkeypatch):
    """The messages the sweeper sends (the broker itself is exercised in test_job_faults)."""
    messages = []

    def apply_async(args, **options):
        messages.append(args[0])

    monkeypatch.setattr("yiguoji.core.tasks.run_job.apply_async", apply_async)
    return messages


def _job(user, **fields) -> Job:
    return Job.objects.create(kind="test.sweep", title="清扫测试", created_by=user, **fields)


def _running(user, *, heartbeat_age: float, attempts: int = 1) -> Job:
    beat = NOW - timedelta(seconds=heartbeat_age)
    return _job(
        user, status=JobStatus.RUNNING, attempts=attempts, started_at=beat, heartbeat_at=beat
    )


@time_machine.travel(NOW, tick=False)
def test_a_redelivered_message_runs_a_job_whose_worker_is_gone(make_user, runs, settings):
    job = _running(make_user(), heartbeat_age=settings.JOB_STALE_SECONDS + 1)
    job_run(job.pk)
    job.refresh_from_db()
    assert runs == [2]  # the second attempt, not acknowledged without running
    assert job.status == JobStatus.SUCCEEDED


@time_machine.travel(NOW, tick=False)
def test_a_redelivered_message_leaves_a_live_run_alone(make_user, runs, settings):
    job = _running(make_user(), heartbeat_age=settings.JOB_STALE_SECONDS - 5)
    job_run(job.pk)
    job.refresh_from_db()
    assert runs == [] and job.status == JobStatus.RUNNING and job.attempts == 1


@time_machine.travel(NOW, tick=False)
def test_a_redelivery_after_the_last_attempt_fails_with_the_reason(make_user, runs, settings):
    job = _running(
        make_user(),
        heartbeat_age=settings.JOB_STALE_SECONDS + 1,
        attempts=settings.JOB_MAX_ATTEMPTS,
    )
    job_run(job.pk)
    job.refresh_from_db()
    assert runs == []
    assert job.status == JobStatus.FAILED and job.finished_at == NOW
    assert f"共执行 {settings.JOB_MAX_ATTEMPTS} 次" in job.error and "重新提交" in job.error


@time_machine.travel(NOW, tick=False)
def test_the_sweeper_requeues_and_sends_a_job_whose_worker_is_gone(make_user, sent, settings):
    user = make_user()
    gone = _running(user, heartbeat_age=settings.JOB_STALE_SECONDS + 1)
    alive = _running(user, heartbeat_age=1)
    report = jobs_sweep()
    gone.refresh_from_db()
    alive.refresh_from_db()
    assert (report.requeued, report.sent, report.failed) == (1, 1, 0)
    assert gone.status == JobStatus.QUEUED and gone.sent_at == NOW and "重新排队" in gone.message
    assert sent == [gone.pk]
    assert alive.status == JobStatus.RUNNING


@time_machine.travel(NOW, tick=False)
def test_the_sweeper_fails_a_job_that_used_up_its_attempts(make_user, sent, settings):
    job = _running(
        make_user(),
        heartbeat_age=settings.JOB_STALE_SECONDS + 1,
        attempts=settings.JOB_MAX_ATTEMPTS,
    )
    report = jobs_sweep()
    job.refresh_from_db()
    assert report.failed == 1 and sent == []
    assert job.status == JobStatus.FAILED and "后台进程已停止" in job.error


def test_the_sweeper_sends_a_job_the_broker_never_got_and_resends_a_lost_one(
    make_user, sent, settings
):
    user = make_user()
    with time_machine.travel(NOW, tick=False):
        never_sent = _job(user)
        lost = _job(user, sent_at=NOW - timedelta(seconds=settings.JOB_RESEND_SECONDS + 1))
        waiting = _job(user, sent_at=NOW - timedelta(seconds=5))
        report = jobs_sweep()
    assert report.sent == 2 and sorted(sent) == sorted([never_sent.pk, lost.pk])
    never_sent.refresh_from_db()
    waiting.refresh_from_db()
    assert never_sent.sent_at == NOW
    assert waiting.sent_at == NOW - timedelta(seconds=5)  # left alone: it is in the queue


def test_the_sweeper_gives_up_on_a_job_queued_for_too_long(make_user, sent, settings):
    with time_machine.travel(NOW - timedelta(hours=settings.JOB_QUEUED_GIVE_UP_HOURS, minutes=1)):
        job = _job(make_user(), sent_at=timezone.now())
    with time_machine.travel(NOW, tick=False):
        jobs_sweep()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "仍未开始" in job.error
    assert sent == []


def test_the_sweeper_stops_sending_while_the_broker_is_down(make_user, monkeypatch):
    from kombu.exceptions import OperationalError

    attempts = []

    def down(args, **options):
        attempts.append(args[0])
        raise OperationalError("Error 111 connecting to redis. Connection refused.")

    monkeypatch.setattr("yiguoji.core.tasks.run_job.apply_async", down)
    user = make_user()
    first, second = _job(user), _job(user)
    report = jobs_sweep()
    assert report.sent == 0 and len(attempts) == 1  # one failure is enough to know
    assert Job.objects.filter(pk__in=[first.pk, second.pk], sent_at__isnull=True).count() == 2


def test_a_late_outcome_of_an_earlier_attempt_is_not_recorded(make_user, runs):
    job = _job(make_user())

    @jobs.job_kind("test.overtaken", "被接管")
    def overtaken(job_row, progress):
        # Meanwhile the sweeper gave this run up and a second run claimed the job.
        Job.objects.filter(pk=job_row.pk).update(attempts=2, status=JobStatus.RUNNING)
        return JobResult(summary="第一次的结果")

    Job.objects.filter(pk=job.pk).update(kind="test.overtaken")
    job_run(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and job.summary == ""


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_marks_a_running_job_alive_until_it_ends(make_user):
    job = _job(make_user(), status=JobStatus.RUNNING)
    with Heartbeat(job.pk, interval=0.05):
        deadline = timezone.now() + timedelta(seconds=10)
        while not Job.objects.filter(pk=job.pk, heartbeat_at__isnull=False).exists():
            assert timezone.now() < deadline, "no heartbeat within 10 s"
    beat = Job.objects.get(pk=job.pk).heartbeat_at
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED)
    assert Job.objects.get(pk=job.pk).heartbeat_at == beat  # stopped with the job


@time_machine.travel(NOW, tick=False)
def test_the_jobs_page_stops_polling_when_no_job_can_move(make_user, client_for, settings):
    user = make_user()
    client = client_for(user)
    moving = _running(user, heartbeat_age=1)
    assert 'hx-trigger="every 1s"' in client.get(reverse("core:jobs")).content.decode()

    Job.objects.filter(pk=moving.pk).update(
        heartbeat_at=NOW - timedelta(seconds=settings.JOB_STALE_SECONDS + 1)
    )
    _job(user)  # queued, never sent: the broker was down
    page = client.get(reverse("core:job_progress")).content.decode()
    assert "hx-trigger" not in page
    assert "后台进程无响应" in page and "消息服务暂时不可用" in page
    assert "本页不再自动刷新" in page
