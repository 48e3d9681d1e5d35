"""Helpers shared by the benchmarks: Django setup, timing, and runs that leave nothing behind.

Benchmarks print ratios against a bare baseline measured in the same run on the same machine,
never absolute times to compare across machines.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path


def setup_django() -> None:
    """Configure Django from the environment (DATABASE_URL, REDIS_URL) like manage.py does."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiguoji.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()


def timed_rolled_back(action: Callable[[], object]) -> float:
    """Seconds ``action`` takes inside a savepoint that is rolled back afterwards (so that the
    same rows can be written again by the next run)."""
    from django.db import transaction

    savepoint = transaction.savepoint()
    start = time.perf_counter()
    try:
        action()
        return time.perf_counter() - start
    finally:
        transaction.savepoint_rollback(savepoint)


def best_of(runs: int, action: Callable[[], object]) -> float:
    """The fastest of ``runs`` rolled-back runs (the least disturbed by the machine)."""
    return min(timed_rolled_back(action) for _ in range(runs))


def rows_and_runs() -> tuple[int, int]:
    """The ``--rows N`` (default 10,000) and ``--runs N`` (best of, default 3) every import
    benchmark takes."""
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    return args.rows, args.runs


def load_district_if_empty() -> None:
    """Yanqing's townships and villages, when the database has none (inside the benchmark's
    transaction, so they are rolled back with everything else)."""
    from django.conf import settings

    from yiguoji.core.models import Village
    from yiguoji.core.services.district import district_load

    if not Village.objects.exists():
        district_load(directory=settings.BASE_DIR / "data" / "districts" / "yanqing")
