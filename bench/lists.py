"""Every list page's time per role at district scale (issue 12), best of 3, in one run.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/lists.py [--size full|small]
        [--runs 3] [--keep] [--reuse URL]

Builds ``<db>_scalebench`` with ``bench/world.py`` (1,000,000 wage lines by default), then, as
one user of every role, requests every list page (each URL without parameters whose view is a
``ScopedTableView``: the arrears list, ledgers, workers, projects, contracts, ...) through
Django's test client, middleware and template included, and prints the best of ``--runs`` per
page and role (403 and 404 are shown as such). The goal is none above 300 ms. ``--reuse`` times
an existing bench database instead of building one.

``--pages`` and ``--roles`` narrow the run; ``--explain URL_NAME`` prints ``EXPLAIN (ANALYZE,
BUFFERS)`` of each query of that page over 20 ms instead of timing. (No test asserts these plans
in ``make test`` yet: issue 12 item 1's CI check at the small size is still to be written.)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

GOAL_MS = 300


def list_pages() -> list[tuple[str, str]]:
    """(name, path) of every list page: URLs without parameters served by a ScopedTableView."""
    from django.urls import URLPattern, URLResolver, get_resolver

    from yiguoji.core.views.mixins import ScopedTableView

    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
                walk(pattern.url_patterns, prefix + route, inner.strip(":"))
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "view_class", None)
                if view and issubclass(view, ScopedTableView) and "<" not in route:
                    name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                    found.append((name, "/" + (prefix + route).lstrip("^").rstrip("$")))

    walk(get_resolver().url_patterns, "", "")
    return sorted(set(found))


def best_ms(client, path: str, runs: int) -> tuple[int, float]:
    """(status, best of ``runs`` in ms) of GET ``path``, after one warming request."""
    status = client.get(path).status_code
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get(path)
        times.append(time.perf_counter() - start)
    return status, min(times) * 1000


def time_pages(users: dict, runs: int, only=None) -> list[tuple[str, str, int, float]]:
    from django.test import Client

    rows = []
    for role, user in users.items():
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(user)
        for name, path in list_pages():
            if only and name not in only:
                continue
            status, ms = best_ms(client, path, runs)
            rows.append((name, role, status, ms))
    return rows


def explain(users: dict, page: str, roles: list[str], threshold_ms: float = 20.0) -> None:
    """Print ``EXPLAIN (ANALYZE, BUFFERS)`` of every query of list page ``page`` (its URL name,
    e.g. ``payroll:arrears``) taking over ``threshold_ms``, for each role in ``roles``."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    path = dict(list_pages())[page]
    for role in roles:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(users[role])
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        print(f"== {page} {path} as {role}: {status}, {len(captured)} queries")
        for query in captured.captured_queries:
            if float(query["time"]) * 1000 < threshold_ms:
                continue
            print(f"-- {float(query['time']) * 1000:.0f} ms: {query['sql'][:2000]}")
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))


def report(rows, title: str) -> str:
    lines = [title]
    worst = max((ms for *_, status, ms in rows if status == 200), default=0.0)
    for name, role, status, ms in rows:
        mark = "" if status != 200 else ("  OVER GOAL" if ms > GOAL_MS else "")
        shown = f"{ms:8.1f} ms" if status == 200 else f"     ({status})"
        lines.append(f"  {name:<34} {role:<16} {shown}{mark}")
    over = sum(1 for *_, status, ms in rows if status == 200 and ms > GOAL_MS)
    lines.append(f"  slowest page {worst:.0f} ms; {over} page(s) over {GOAL_MS} ms")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=("full", "small"), default="full")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", help="DATABASE_URL of a bench database built before")
    parser.add_argument("--explain", metavar="URL_NAME", help="EXPLAIN ANALYZE one page's queries")
    parser.add_argument("--roles", help="comma-separated roles (default: every role)")
    parser.add_argument("--pages", help="comma-separated URL names (default: every list page)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import world

    if args.reuse:
        admin, url, name = None, args.reuse, None
    else:
        admin, url, name = world.bench_url("_scalebench")
        world.recreate(admin, name)
    os.environ["DATABASE_URL"] = url
    from common import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    from yiguoji.core.models import User

    try:
        if not args.reuse:
            call_command("migrate", verbosity=0)
            start = time.perf_counter()
            with transaction.atomic():
                world.load(world.SIZES[args.size])
            world.analyze()
            print(f"loaded in {time.perf_counter() - start:.0f} s")
        roles = args.roles.split(",") if args.roles else list(world.ROLE_USERS)
        users = {role: User.objects.get(username=f"bench-{role}") for role in roles}
        if args.explain:
            explain(users, args.explain, roles)
            return
        from payroll.models import WageLine

        lines = WageLine.objects.count()
        rows = time_pages(users, args.runs, args.pages.split(",") if args.pages else None)
        print(report(rows, f"list pages, {lines:,} wage lines, best of {args.runs}:"))
        if args.keep and not args.reuse:
            print(f"kept: DATABASE_URL={url}")
    finally:
        connection.close()
        if not args.keep and not args.reuse:
            world.recreate(admin, name, drop_only=True)


if __name__ == "__main__":
    main()
