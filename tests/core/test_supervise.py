"""`make run` survives a worker that dies (issue 10, item 9): honcho stops every process of the
Procfile when one exits, so the worker and beat run under yiguoji.supervise, which restarts them.
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from tests.processes import wait_for

# Dies at once on its first run, then stays up (as a worker that recovered would).
FLAKY = (
    "import os, pathlib, sys, time\n"
    "runs = pathlib.Path(sys.argv[1])\n"
    "before = runs.read_text() if runs.exists() else ''\n"
    "runs.write_text(before + f'{os.getpid()} ')\n"
    "if len(runs.read_text().split()) == 1: sys.exit(3)\n"
    "time.sleep(120)\n"
)


def test_procfile_runs_worker_and_beat_under_the_supervisor():
    lines = (Path(settings.BASE_DIR) / "Procfile.dev").read_text().splitlines()
    entries = dict(line.split(":", 1) for line in lines if line and not line.startswith("#"))
    for name in ("worker", "beat"):
        assert "-m yiguoji.supervise" in entries[name], entries[name]


def test_honcho_keeps_running_when_a_supervised_process_dies(tmp_path):
    runs = tmp_path / "runs"
    script = tmp_path / "flaky.py"
    script.write_text(FLAKY)
    procfile = tmp_path / "Procfile"
    procfile.write_text(
        f"web: {sys.executable} -c 'import time; time.sleep(120)'\n"
        f"worker: {sys.executable} -m yiguoji.supervise {sys.executable} {script} {runs}\n"
    )
    honcho = Path(sys.executable).parent / "honcho"
    process = subprocess.Popen(
        [str(honcho), "start", "-f", str(procfile), "-d", str(settings.BASE_DIR)],
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(
            lambda: runs.exists() and len(runs.read_text().split()) == 2,
            timeout=30,
            what="the worker restarted",
        )
        assert process.poll() is None, "honcho stopped with the worker"
    finally:
        process.send_signal(signal.SIGINT)  # Ctrl-C in `make run`
        process.wait(20)
    output = process.stdout.read().decode()
    assert "exited (3); restarting" in output
    second = int(runs.read_text().split()[1])
    wait_for(lambda: not _alive(second), timeout=10, what="the restarted worker stopped")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
