"""The leaders' dashboard at district scale, against the raw SQL aggregates it needs, same run.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/dashboard.py [--runs N] [--keep]
        [--size full|medium|small]

Setup (not timed): a throwaway database ``<your database>_dashbench`` is created and migrated,
then filled fast with SQL (``generate_series``, audit triggers off for the load only): Yanqing's
18 townships, 200 project units, 2,000 projects of 2026 (each in one township, 1,000,000 yuan of
special funds, started on 5 January), 100,000 workers (a third of them in a priority group),
20,000 filed wage ledgers (January to October) with 1,000,000 lines (50 people per project and
month; a few lines short in October). The nightly monthly-report job then computes every month of
the year through ``monthly_reports_refresh`` (its time is printed too).

* Baseline: the figures the dashboard shows, computed straight from the raw tables in plain SQL
  (the lines that count, joined to their ledgers, projects and workers): projects by state,
  special funds, paid by pay month, payable and person-days by ledger month, paid by township and
  month, arrears at the end of the latest month, people employed and their priority groups.
* Measured: (1) the dashboard's selector, ``assessment.selectors.dashboard.dashboard``; (2) the
  whole page, ``GET /assessment/?year=2026`` through Django's test client (middleware, session,
  scope, selector, template, chart JSON), both as the district office.

The nightly job (issue 12 item 3), against the raw SQL it needs (``RAW_NIGHTLY``: every
project's figures for every month of the year in one pass per kind: people, days and payable by
ledger month; paid by pay month; arrears at every month end over the lines that can owe): (a) the
first build of every report of the year; (b) the old nightly job, every month computed again
whole (``monthly_reports_compute`` per month); (c) the nightly job as it runs now, nothing changed
since the reports were built; (d) the same after 1% of the ledgers changed without their refresh
on commit (as if the worker had been down); (e) one project's refresh on commit, January onwards
(what ``assessment.project_reports`` runs after a ledger step).

The dashboard reads wages by month and township, payable, days and arrears from the monthly
reports (2,000 projects x 11 months = 22,000 rows) instead of the million lines, and counts
people (which no monthly summary can) from the lines. The database is dropped at the end unless
``--keep`` (then run a server on it to look at the page).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from pathlib import Path

import world  # bench/ is sys.path[0] when run as a script

TODAY = world.TODAY
COUNTED = "('submitted', 'signed', 'filed')"
COUNTED_LEDGERS = f"""
    SELECT g.id, g.project_id, g.month, g.pay_deadline FROM payroll_wageledger g
    WHERE g.status IN {COUNTED} AND NOT EXISTS (
        SELECT 1 FROM payroll_wageledger n WHERE n.previous_id = g.id AND n.status IN {COUNTED})"""
RAW_NIGHTLY = {
    "people, days, payable by project and ledger month": f"""
        WITH g AS ({COUNTED_LEDGERS})
        SELECT g.project_id, g.month, count(DISTINCT l.worker_id),
               count(DISTINCT l.worker_id) FILTER (WHERE w.priority_groups <> '{{}}'),
               count(DISTINCT l.worker_id) FILTER (WHERE w.from_elsewhere),
               sum(l.days), sum(l.payable)
        FROM payroll_wageline l JOIN g ON g.id = l.ledger_id
        JOIN payroll_worker w ON w.id = l.worker_id
        WHERE g.month >= '2026-01-01' AND g.month < '2027-01-01' GROUP BY 1, 2""",
    "paid by project and pay month": f"""
        WITH g AS ({COUNTED_LEDGERS})
        SELECT g.project_id, date_trunc('month', l.pay_date), sum(l.paid)
        FROM payroll_wageline l JOIN g ON g.id = l.ledger_id
        WHERE l.pay_date >= '2026-01-01' AND l.pay_date < '2027-01-01' GROUP BY 1, 2""",
    "arrears by project at every month end": f"""
        WITH g AS ({COUNTED_LEDGERS}),
        e AS (SELECT m::date AS month, (m + interval '1 month - 1 day')::date AS last
              FROM generate_series('2026-01-01'::date, '2026-11-01'::date, interval '1 month') m)
        SELECT g.project_id, e.month, sum(greatest(
            l.payable - CASE WHEN l.pay_date <= e.last THEN l.paid ELSE 0 END, 0))
        FROM payroll_wageline l JOIN g ON g.id = l.ledger_id
        JOIN e ON g.pay_deadline <= e.last AND g.month <= e.month
        WHERE l.pay_date IS NULL OR l.pay_date > g.pay_deadline OR l.paid < l.payable
        GROUP BY 1, 2""",
    "latest ledger's state by project and month": """
        SELECT g.project_id, g.month, g.status FROM payroll_wageledger g
        WHERE g.month >= '2026-01-01' AND NOT EXISTS (
            SELECT 1 FROM payroll_wageledger n WHERE n.previous_id = g.id)""",
}


RAW = {
    "projects by state": """
        SELECT status, count(*), sum(total_investment) FROM projects_project
        WHERE year = 2026 GROUP BY status""",
    "special funds": """
        SELECT sum(f.amount) FROM projects_fundingline f
        JOIN projects_project p ON p.id = f.project_id
        WHERE p.year = 2026 AND f.is_special_fund
          AND p.status NOT IN ('reserve', 'reviewed', 'withdrawn')""",
    "paid by pay month": """
        SELECT date_trunc('month', l.pay_date), sum(l.paid) FROM payroll_wageline l
        JOIN payroll_wageledger g ON g.id = l.ledger_id
        WHERE g.status IN ('submitted', 'signed', 'filed') AND l.pay_date >= '2026-01-01'
          AND l.pay_date < '2027-01-01' GROUP BY 1""",
    "payable and days by ledger month": """
        SELECT g.month, sum(l.payable), sum(l.days) FROM payroll_wageline l
        JOIN payroll_wageledger g ON g.id = l.ledger_id
        WHERE g.status IN ('submitted', 'signed', 'filed') AND g.month >= '2026-01-01'
          AND g.month < '2027-01-01' GROUP BY 1""",
    "paid by township and month": """
        SELECT t.township_id, date_trunc('month', l.pay_date), sum(l.paid) FROM payroll_wageline l
        JOIN payroll_wageledger g ON g.id = l.ledger_id
        JOIN projects_projecttownship t ON t.project_id = g.project_id
        WHERE g.status IN ('submitted', 'signed', 'filed') AND l.pay_date >= '2026-01-01'
          AND l.pay_date < '2027-01-01' GROUP BY 1, 2""",
    "arrears at the latest month's end": """
        SELECT sum(greatest(
            l.payable - CASE WHEN l.pay_date <= '2026-11-30' THEN l.paid ELSE 0 END, 0))
        FROM payroll_wageline l JOIN payroll_wageledger g ON g.id = l.ledger_id
        WHERE g.status IN ('submitted', 'signed', 'filed') AND g.pay_deadline <= '2026-11-30'""",
    "people and priority groups": """
        SELECT count(*), count(*) FILTER (WHERE w.priority_groups <> '{}'),
               count(*) FILTER (WHERE w.priority_groups @> ARRAY['lifted']::varchar[]),
               count(*) FILTER (WHERE w.priority_groups @> ARRAY['monitored']::varchar[])
        FROM payroll_worker w WHERE w.id IN (
            SELECT l.worker_id FROM payroll_wageline l
            JOIN payroll_wageledger g ON g.id = l.ledger_id
            WHERE g.status IN ('submitted', 'signed', 'filed') AND g.month >= '2026-01-01'
              AND g.month < '2027-01-01')""",
}


def raw_sql(queries: dict[str, str] = RAW) -> dict[str, float]:
    from django.db import connection

    times = {}
    with connection.cursor() as cursor:
        for name, sql in queries.items():
            start = time.perf_counter()
            cursor.execute(sql)
            cursor.fetchall()
            times[name] = time.perf_counter() - start
    return times


def best(runs: int, action) -> float:
    action()  # warm the caches once, as a page that is visited again
    return min(_timed(action) for _ in range(runs))


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--size", choices=sorted(world.SIZES), default="full")
    args = parser.parse_args()
    size = world.SIZES[args.size]
    admin, url, name = world.bench_url("_dashbench")
    world.recreate(admin, name)
    os.environ["DATABASE_URL"] = url
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import setup_django

    setup_django()
    import time_machine
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client

    try:
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter() - start
        with time_machine.travel(
            dt.datetime(2026, 11, 21, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
        ):
            start = time.perf_counter()
            with transaction.atomic():
                built = world.load(size)
            loaded = time.perf_counter() - start

            from assessment.selectors.dashboard import dashboard
            from assessment.services.reports import monthly_reports_refresh
            from payroll.models import WageLine

            start = time.perf_counter()
            monthly_reports_refresh(today=TODAY)
            refreshed = time.perf_counter() - start
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            nightly = _nightly(args.runs)

            office = built["office"]
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(office)
            lines = WageLine.objects.count()

            baseline_parts = {key: min(values) for key, values in _per_query(args.runs).items()}
            baseline = sum(baseline_parts.values())
            selector = best(args.runs, lambda: dashboard(office, year=2026))

            def page():
                response = client.get("/assessment/?year=2026")
                assert response.status_code == 200

            view = best(args.runs, page)
            board = dashboard(office, year=2026)
            queries = _queries_of(lambda: dashboard(office, year=2026))
            same = best(args.runs, lambda: _replay(queries))
    finally:
        connection.close()
        if not args.keep:
            world.recreate(admin, name, drop_only=True)
    print(
        f"dashboard, {lines:,} wage lines, {size.workers:,} workers, {size.projects:,} projects "
        f"(best of {args.runs}; migrate {migrated:.0f} s, load {loaded:.0f} s, monthly job over "
        f"the year {refreshed:.1f} s):\n"
        + "".join(
            f"  raw SQL {key:<36} {value * 1000:7.1f} ms\n" for key, value in baseline_parts.items()
        )
        + f"  raw SQL aggregates, total                    {baseline * 1000:7.1f} ms\n"
        f"  dashboard selector (15 queries)              {selector * 1000:7.1f} ms  "
        f"ratio {selector / baseline:.2f}x\n"
        f"  its own 15 queries replayed as raw SQL       {same * 1000:7.1f} ms  "
        f"(selector / replay {selector / same:.2f}x: the ORM and Python around them)\n"
        f"  dashboard page, GET /assessment/             {view * 1000:7.1f} ms  "
        f"ratio {view / baseline:.2f}x\n"
        f"  (figures: {board.workers:,} people, paid {board.paid:,.2f} yuan, arrears "
        f"{board.arrears:,.2f} yuan)" + (f"\n  kept: DATABASE_URL={url}" if args.keep else "")
    )
    raw = nightly.pop("raw")
    print(
        f"nightly monthly-report job (best of {args.runs}):\n"
        f"  raw SQL, every project's figures for every month  {raw * 1000:9.1f} ms\n"
        f"  (a) first build of every report of the year        {refreshed * 1000:9.1f} ms  "
        f"ratio {refreshed / raw:.2f}x\n"
        + "".join(
            f"  {label:<50} {value * 1000:9.1f} ms  ratio {value / raw:.2f}x\n"
            for label, value in nightly.items()
        ),
        end="",
    )


def _nightly(runs: int) -> dict[str, float]:
    """The nightly job's cases (b)-(e) of the module's docstring, and its raw SQL."""
    from django.db import transaction
    from django.utils import timezone

    from assessment.services.reports import (
        monthly_reports_compute,
        monthly_reports_refresh,
        months_to_refresh,
        project_reports_refresh,
    )
    from payroll.models import WageLedger

    raw = min(sum(raw_sql(RAW_NIGHTLY).values()) for _ in range(runs))
    months = months_to_refresh(TODAY)
    # the old job is slow at full size: best of at most 2, no warming run
    whole = min(
        _timed(lambda: [monthly_reports_compute(month=month) for month in months])
        for _ in range(min(runs, 2))
    )
    unchanged = best(runs, lambda: monthly_reports_refresh(today=TODAY))
    ids = list(WageLedger.objects.order_by("pk").values_list("pk", flat=True)[::100])

    def after_changes():
        with transaction.atomic():
            WageLedger.objects.filter(pk__in=ids).update(updated_at=timezone.now())
            start = time.perf_counter()
            monthly_reports_refresh(today=TODAY)
            elapsed = time.perf_counter() - start
            transaction.set_rollback(True)
        return elapsed

    after_changes()
    changed = min(after_changes() for _ in range(runs))
    project = WageLedger.objects.order_by("pk").values_list("project_id", flat=True).first()
    one = best(runs, lambda: project_reports_refresh(project_id=project, month=months[0]))
    return {
        "raw": raw,
        "(b) old nightly job, every month whole (best of 2)": whole,
        "(c) nightly job now, nothing changed": unchanged,
        f"(d) nightly job now, {len(ids)} ledgers changed (1%)": changed,
        "(e) one project's refresh on commit, Jan-Nov": one,
    }


def _queries_of(action) -> list[tuple[str, tuple]]:
    """The SQL (with parameters) that ``action`` runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        action()
    return [(query["sql"], ()) for query in captured.captured_queries]


def _replay(queries) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute(sql, params)
            cursor.fetchall()


def _per_query(runs: int) -> dict[str, list[float]]:
    raw_sql()  # warm
    collected: dict[str, list[float]] = {}
    for _ in range(runs):
        for key, value in raw_sql().items():
            collected.setdefault(key, []).append(value)
    return collected


if __name__ == "__main__":
    main()
