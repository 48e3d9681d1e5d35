"""Faults with real worker processes and real Redis (issue 10, items 8-10).

* a worker killed mid-job (SIGKILL, pool and all): the job ends within the sweeper's period;
* Redis restarted while a job runs and another is queued: the worker rides it out (item 9) and
  both jobs run, the queued one from Redis' append-only file (item 10);
* a job started while Redis is down: the user is told, and the job runs once Redis is back.

Timings are shortened through the same settings a deployment would use (JOB_*_SECONDS).
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.urls import reverse

from tests.core import fault_kinds
from tests.processes import PrivateRedis, WorkerProcess, wait_for
from yiguoji.celery import app
from yiguoji.core.models import Job, JobStatus
from yiguoji.core.roles import Role
from yiguoji.core.services.jobs import job_enqueue

pytestmark = pytest.mark.worker

FAST = {"JOB_HEARTBEAT_SECONDS": 0.2, "JOB_STALE_SECONDS": 1.5, "JOB_SWEEP_SECONDS": 1}
ENDED = (JobStatus.SUCCEEDED, JobStatus.FAILED)


@pytest.fixture
def fast_jobs(settings):
    for name, value in FAST.items():
        setattr(settings, name, value)


@pytest.fixture
def workers(transactional_db, tmp_path, fast_jobs):
    """workers(redis_url, ...): start a worker process; all are stopped afterwards.

    They consume this test process's queue (tests/conftest.py gives each xdist worker its own).
    """
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    started: list[WorkerProcess] = []

    def start(redis_url: str, *, beat: bool = False, concurrency: int = 1) -> WorkerProcess:
        log = tmp_path / f"worker-{len(started)}.log"
        worker = WorkerProcess(
            log, redis_url=redis_url, queue=queue, beat=beat, concurrency=concurrency, env=FAST
        )
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def private_redis(tmp_path):
    redis = PrivateRedis(tmp_path / "redis").start()
    yield redis
    redis.stop()


def _forget_broker_connections() -> None:
    # The app keeps a connection pool for the broker it first used; drop it so that the next
    # message goes to the broker now configured.
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_at(private_redis, settings):
    """This process sends its Celery messages to the private Redis for the test.

    Celery reads ``broker_url`` from the Django settings (CELERY_ namespace) each time.
    """
    from yiguoji.conf import redis_urls

    settings.CELERY_BROKER_URL = redis_urls(private_redis.url)[0]
    _forget_broker_connections()
    yield private_redis
    _forget_broker_connections()


def _enqueue(user, seconds: float) -> Job:
    job = job_enqueue(kind=fault_kinds.KIND, acting_user=user, params={"seconds": seconds})
    assert job.sent, "the broker did not take the message"
    return job


def _status(job: Job) -> str:
    job.refresh_from_db()
    return job.status


def test_a_job_whose_worker_is_killed_mid_job_ends_within_the_sweep_period(workers, make_user):
    first = workers(settings.REDIS_URL)
    job = _enqueue(make_user(), seconds=2)
    wait_for(
        lambda: Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING, progress__gt=0).exists(),
        timeout=60,
        what=lambda: f"job running on the first worker\n{first.tail()}",
    )
    first.kill()

    second = workers(settings.REDIS_URL, beat=True)  # beat runs the sweeper every second
    back = time.monotonic()
    wait_for(
        lambda: _status(job) in ENDED,
        timeout=60,
        what=lambda: f"job ended (now {job.status}, attempts {job.attempts})\n{second.tail()}",
    )
    ended_after = time.monotonic() - back

    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.attempts == 2 and job.summary == "第 2 次执行完成"
    # stale heartbeat + one sweep period + the 2 s of work, with room for a loaded machine
    assert ended_after < FAST["JOB_STALE_SECONDS"] + FAST["JOB_SWEEP_SECONDS"] + 2 + 15


def test_a_queued_job_survives_a_redis_restart(broker_at, workers, make_user):
    queued = _enqueue(make_user(), seconds=0.2)  # no worker yet: the message waits in Redis
    broker_at.restart()  # SIGTERM: Redis writes its append-only file and reloads it on start
    worker = workers(broker_at.url)
    wait_for(
        lambda: _status(queued) in ENDED, timeout=60, what=lambda: f"job ended\n{worker.tail()}"
    )
    assert queued.status == JobStatus.SUCCEEDED and queued.attempts == 1


def test_the_worker_rides_out_a_redis_outage_mid_job(broker_at, workers, make_user):
    # Two processes, as in `make run`: one runs the job while the consumer waits on Redis for
    # more, which is when celery 5.7.0's worker died on reconnecting.
    worker = workers(broker_at.url, concurrency=2)
    user = make_user()
    running = _enqueue(user, seconds=3)
    wait_for(lambda: _status(running) == JobStatus.RUNNING, timeout=60, what="job running")

    # Down long enough for the worker to notice (a real restart takes seconds), then back.
    broker_at.stop()
    wait_for(
        lambda: "Connection to broker lost" in worker.output() or not worker.alive(),
        timeout=30,
        what="the worker noticing the outage",
    )
    broker_at.start()

    wait_for(
        lambda: _status(running) in ENDED, timeout=60, what=lambda: f"job ended\n{worker.tail()}"
    )
    assert running.status == JobStatus.SUCCEEDED and running.attempts == 1
    after = _enqueue(user, seconds=0.2)  # and it still takes new work
    wait_for(lambda: _status(after) in ENDED, timeout=60, what=lambda: f"next job\n{worker.tail()}")
    assert after.status == JobStatus.SUCCEEDED
    assert worker.alive(), worker.tail()
    assert "Unrecoverable error" not in worker.output()


def test_a_job_started_while_redis_is_down_runs_when_it_is_back(
    broker_at, workers, make_user, client_for
):
    worker = workers(broker_at.url, beat=True)
    office = make_user(Role.DISTRICT_OFFICE)
    client = client_for(office)
    broker_at.stop()

    started = time.monotonic()
    response = client.post(reverse("core:directory_export"), follow=True)
    assert time.monotonic() - started < 10
    assert response.status_code == 200
    page = response.content.decode()
    assert "消息服务暂时不可用" in page and "无需重复提交" in page
    job = Job.objects.get(created_by=office)
    assert job.status == JobStatus.QUEUED and job.sent_at is None
    assert "hx-trigger" not in page  # nothing can move: the page does not poll

    broker_at.start()
    wait_for(lambda: _status(job) in ENDED, timeout=60, what=lambda: f"job ended\n{worker.tail()}")
    assert job.status == JobStatus.SUCCEEDED, job.error
    assert job.sent_at is not None and job.result_name.endswith(".xlsx")
