"""The leaders' dashboard at district scale, against the raw SQL aggregates it needs, same run.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/dashboard.py [--runs N] [--keep]

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
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse, urlunparse

PROJECTS, UNITS, WORKERS, MONTHS, PER_LEDGER = 2_000, 200, 100_000, 10, 50
TODAY = dt.date(2026, 11, 21)


def bench_url() -> tuple[str, str, str]:
    """(admin URL, bench URL, bench database name) derived from DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit(
            "DATABASE_URL must point at a PostgreSQL server (the bench creates its own database)"
        )
    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_dashbench"
    return (
        urlunparse(parts._replace(path="/postgres")),
        urlunparse(parts._replace(path="/" + name)),
        name,
    )


def recreate(admin: str, name: str, *, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            connection.execute(f'CREATE DATABASE "{name}"')


def columns(model, values: dict[str, str]) -> tuple[str, str]:
    """INSERT column list and SELECT expressions for ``model``: ``values`` (SQL) for the named
    fields, NULL or the field's default for every other column (Django sets no DB defaults)."""
    from django.db import connection

    names, expressions = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        names.append(f'"{field.column}"')
        if field.name in values:
            expressions.append(values[field.name])
        elif field.null:
            expressions.append("NULL")
        else:
            default = field.get_default()
            prepared = field.get_db_prep_save(default, connection)
            expressions.append(_literal(prepared))
    return ", ".join(names), ", ".join(expressions)


def _literal(value) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float | Decimal):
        return str(value)
    if isinstance(value, list):
        return "'{}'"
    if isinstance(value, dt.datetime):
        return f"'{value.isoformat()}'::timestamptz"
    if isinstance(value, dt.date):
        return f"'{value.isoformat()}'::date"
    return "'" + str(value).replace("'", "''") + "'"


def load() -> dict:
    """The district, organisations, projects, workers, ledgers and lines (see the docstring)."""
    from django.conf import settings
    from django.db import connection

    from payroll.models import WageLedger, WageLine, Worker
    from projects.models import FundingLine, Project, ProjectTownship, ProjectTransition
    from yiguoji.core.choices import OrgKind
    from yiguoji.core.models import Organisation, Township, User
    from yiguoji.core.roles import Role
    from yiguoji.core.services.district import district_load

    district_load(directory=settings.BASE_DIR / "data" / "districts" / "yanqing")
    townships = list(Township.objects.order_by("code"))
    office_org = Organisation.objects.create(
        name="区发展改革委（测试）", kind=OrgKind.DISTRICT_OFFICE
    )
    office = User.objects.create(username="bench-district", role=Role.DISTRICT_OFFICE,
                                 organisation=office_org, full_name="王建国")  # fmt: skip
    units = Organisation.objects.bulk_create(
        Organisation(name=f"测试项目单位{n:03d}", kind=OrgKind.PROJECT_UNIT,
                     township=townships[n % len(townships)])
        for n in range(UNITS)
    )  # fmt: skip
    statuses = ["in_progress"] * 14 + ["started", "completed", "accepted", "maintenance"]
    projects = Project.objects.bulk_create(
        Project(code=f"BN-2026-{n:04d}", name=f"测试项目{n:04d}", year=2026,
                category="special_fund", sector="transport", owner=units[n % UNITS],
                content_and_scale="测试", status=statuses[n % len(statuses)],
                total_investment=Decimal("2000000"), planned_wage_total=Decimal("400000"),
                planned_local_jobs=50)
        for n in range(PROJECTS)
    )  # fmt: skip
    ProjectTownship.objects.bulk_create(
        ProjectTownship(project=p, township=townships[n % len(townships)])
        for n, p in enumerate(projects)
    )
    FundingLine.objects.bulk_create(
        FundingLine(project=p, source="central_budget", amount=Decimal("1000000"),
                    is_special_fund=True) for p in projects
    )  # fmt: skip
    started = dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    ProjectTransition.objects.bulk_create(
        ProjectTransition(project=p, action="start", from_status="approved", to_status="started",
                          actor=office, at=started, reason="开工") for p in projects
    )  # fmt: skip
    first_project = projects[0].pk
    with connection.cursor() as cursor:
        names, values = columns(Worker, {
            "name": "'务工人员' || n",
            "id_number_encrypted": "decode(md5(n::text), 'hex')",
            "id_index": "decode(md5('id' || n), 'hex')",
            "id_masked": "'110119********' || lpad((n % 10000)::text, 4, '0')",
            "birth_date": "'1975-01-01'::date + (n % 9000)",
            "sex": "CASE WHEN n % 2 = 0 THEN 'M' ELSE 'F' END",
            "township": f"{townships[0].pk} + (n % {len(townships)})",
            "priority_groups": "CASE WHEN n % 3 = 0 THEN ARRAY['lifted']::varchar[] "
                               "WHEN n % 7 = 0 THEN "
                               "ARRAY['monitored', 'limited_income']::varchar[] "
                               "ELSE '{}'::varchar[] END",
            "created_at": "now()", "updated_at": "now()",
        })  # fmt: skip
        township_ids = [t.pk for t in townships]
        assert township_ids == list(range(township_ids[0], township_ids[0] + len(township_ids)))
        cursor.execute(
            f"INSERT INTO {Worker._meta.db_table} ({names}) "
            f"SELECT {values} FROM generate_series(0, {WORKERS - 1}) AS n"
        )
        first_worker = Worker.objects.order_by("pk").values_list("pk", flat=True).first()
    ledgers = WageLedger.objects.bulk_create(
        WageLedger(project_id=first_project + p, month=dt.date(2026, m, 1), status="filed",
                   pay_deadline=dt.date(2026, m + 1, 15))
        for p in range(PROJECTS) for m in range(1, MONTHS + 1)
    )  # fmt: skip
    first_ledger = min(ledger.pk for ledger in ledgers)
    with connection.cursor() as cursor:
        # ledger l (0-based): project l / MONTHS, month l % MONTHS + 1; line k: the project's
        # k-th person, 10-21 days at 200 yuan, paid on the 5th of the next month (October's
        # every 25th line paid half).
        names, values = columns(WageLine, {
            "ledger": f"{first_ledger} + l",
            "seq": "k + 1",
            "worker": f"{first_worker} + ((l / {MONTHS}) * {PER_LEDGER} + k) % {WORKERS}",
            "days": "10 + k % 12",
            "daily_rate": "200",
            "payable": "(10 + k % 12) * 200",
            "paid": f"CASE WHEN l % {MONTHS} = {MONTHS - 1} AND k % 25 = 0 "
                    "THEN (10 + k % 12) * 100 ELSE (10 + k % 12) * 200 END",
            "pay_date": f"make_date(2026, l % {MONTHS} + 2, 5)",
        })  # fmt: skip
        cursor.execute(
            f"INSERT INTO {WageLine._meta.db_table} ({names}) "
            f"SELECT {values} FROM generate_series(0, {PROJECTS * MONTHS - 1}) AS l, "
            f"generate_series(0, {PER_LEDGER - 1}) AS k"
        )
        cursor.execute("ANALYZE")
    return {"office": office}


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


def raw_sql() -> dict[str, float]:
    from django.db import connection

    times = {}
    with connection.cursor() as cursor:
        for name, sql in RAW.items():
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
    args = parser.parse_args()
    admin, url, name = bench_url()
    recreate(admin, name)
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
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SET LOCAL session_replication_role = replica"
                    )  # no audit for the load
                world = load()
            loaded = time.perf_counter() - start

            from assessment.selectors.dashboard import dashboard
            from assessment.services.reports import monthly_reports_refresh
            from payroll.models import WageLine

            start = time.perf_counter()
            monthly_reports_refresh(today=TODAY)
            refreshed = time.perf_counter() - start
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")

            office = world["office"]
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
            recreate(admin, name, drop_only=True)
    print(
        f"dashboard, {lines:,} wage lines, {WORKERS:,} workers, {PROJECTS:,} projects "
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
