"""Keep a command running for ``make run``: ``python -m yiguoji.supervise CMD ARGS...``.

honcho stops every process of the Procfile as soon as one of them exits, so a Celery worker that
dies (a broker outage it cannot ride out, an out-of-memory kill) would take the web server down
with it. This wrapper restarts the command when it exits on its own, waiting 1 s, then longer
while it keeps failing quickly (at most 30 s), and stops it and itself on SIGINT/SIGTERM
(Ctrl-C in ``make run``). Deployments use their own supervisor (docker-compose ``restart:``).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time

QUICK_FAILURE_SECONDS = 60
MAX_DELAY_SECONDS = 30


def supervise(command: list[str], *, first_delay: float = 1.0) -> int:
    state = {"stopping": False, "child": None}

    def _stop(signum, _frame):
        state["stopping"] = True
        child = state["child"]
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    name = command[0].rsplit("/", 1)[-1]
    delay = first_delay
    while True:
        started = time.monotonic()
        state["child"] = subprocess.Popen(command)
        code = state["child"].wait()
        if state["stopping"]:
            return 0
        delay = first_delay if time.monotonic() - started > QUICK_FAILURE_SECONDS else delay
        print(f"[supervise] {name} exited ({code}); restarting in {delay:g} s", flush=True)
        deadline = time.monotonic() + delay
        while time.monotonic() < deadline:
            if state["stopping"]:
                return 0
            time.sleep(0.1)
        delay = min(delay * 2, MAX_DELAY_SECONDS)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print("usage: python -m yiguoji.supervise COMMAND [ARGS...]", file=sys.stderr)
        return 2
    return supervise(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
