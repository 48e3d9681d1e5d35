"""Real Celery worker processes and a private Redis for the fault tests.

A worker started here is a separate ``celery -A yiguoji worker`` process (prefork, as deployed)
reading the test database and a Redis given by URL, so a test can kill it or restart its broker
without touching the rest of the suite.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

from yiguoji import embedded


def database_url() -> str:
    """The test database as a DATABASE_URL (a unix socket directory goes in ``?host=``)."""
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or ""
    if host.startswith("/"):
        return f"postgres://{user}{password}@/{db['NAME']}?host={quote(host)}"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{user}{password}@{host}{port}/{db['NAME']}"


def wait_for(condition, *, timeout: float, interval: float = 0.1, what="condition"):
    """Poll ``condition`` until it is true; ``what`` may be a callable, read only on failure
    (so a worker's log tail is the one at the time of the failure, not at the start)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            told = what() if callable(what) else what
            raise AssertionError(f"{told}: not reached within {timeout:g} s")
        time.sleep(interval)


class PrivateRedis:
    """A redis-server started by the same code as the embedded one, in its own directory."""

    def __init__(self, directory: Path):
        self.directory = directory
        # Unix socket paths are short; pytest's tmp_path may not be.
        self.socket = Path("/tmp") / f"yiguoji-fault-{uuid.uuid4().hex[:10]}.sock"

    @property
    def url(self) -> str:
        return f"unix://{self.socket}"

    def start(self) -> PrivateRedis:
        embedded.start_redis(self.directory, self.socket)
        return self

    def stop(self) -> None:
        embedded.stop_redis(self.directory, self.socket)

    def restart(self) -> None:
        self.stop()
        self.start()


class WorkerProcess:
    """``celery -A yiguoji worker`` (optionally with beat) in its own process group."""

    def __init__(
        self,
        log: Path,
        *,
        redis_url: str,
        queue: str,
        beat: bool = False,
        concurrency: int = 1,
        include: str = "tests.core.fault_kinds",
        env: dict | None = None,
    ):
        self.log = log
        self.name = f"fault-{uuid.uuid4().hex[:8]}@%h"
        command = [sys.executable, "-m", "celery", "-A", "yiguoji", "worker", "--loglevel", "INFO"]
        command += ["--concurrency", str(concurrency), "-n", self.name, "--include", include]
        if beat:
            command += ["--beat", "--schedule", str(log.with_suffix(".beat"))]
        self.command = command
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CELERY_QUEUE": queue,
            "PYTHONUNBUFFERED": "1",
            **{key: str(value) for key, value in (env or {}).items()},
        }
        self.process: subprocess.Popen | None = None

    def start(self, *, timeout: float = 90) -> WorkerProcess:
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                self.command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(
            lambda: " ready." in self.output() or not self.alive(),
            timeout=timeout,
            what=f"worker ready ({self.log})",
        )
        assert self.alive(), f"worker did not start:\n{self.tail()}"
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output().splitlines()[-lines:])

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: the worker and its pool die without cleaning up."""
        if self.alive():
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if not self.alive():
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
