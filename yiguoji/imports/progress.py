"""Progress reporting at a bounded rate, so a Celery task can update a job row cheaply."""

from __future__ import annotations

from collections.abc import Callable

ProgressCallback = Callable[[int, str], None]


class Progress:
    """Forwards ``(percent, message)`` to a callback only when the phase message changes or the
    percentage has advanced by ``step`` points — at most about 100/step + phases calls."""

    __slots__ = ("callback", "last_message", "last_percent", "step")

    def __init__(self, callback: ProgressCallback | None, step: int = 2) -> None:
        self.callback = callback
        self.step = step
        self.last_percent = -step
        self.last_message: str | None = None

    def __call__(self, percent: int, message: str, *, phase: str | None = None) -> None:
        """Report ``percent`` (0-100). ``phase`` identifies the step for rate limiting when the
        message itself carries changing counts ("已校验 1200/10000 行")."""
        if self.callback is None:
            return
        key = phase or message
        percent = max(0, min(100, int(percent)))
        if key == self.last_message and percent - self.last_percent < self.step and percent < 100:
            return
        self.last_percent, self.last_message = percent, key
        self.callback(percent, message)
