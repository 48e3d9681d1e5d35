"""A district at scale, generated with set-based SQL (issue 12): the database every speed
benchmark and the scale test share.

``load(size)`` fills an empty, migrated database in one transaction, audit triggers off for the
load only (``session_replication_role = replica``): Yanqing's 18 townships, project units, a few
departments and contractors, projects of 2026 (each in one township, 1,000,000 yuan of special
funds, started on 5 January, a position each), workers (a third in a priority group), one
active labour contract per person and project, filed wage ledgers January to October and their
lines (``per_ledger`` people per project and month, a few lines short in October), and one user
per role (``world["users"]``). ``FULL`` is 2,000 projects / 100,000 workers / 1,000,000 lines (about
a minute on a laptop); ``SMALL`` is what CI runs (``tests/bench/``).

    DATABASE_URL=... .venv/bin/python bench/world.py [--size full|small] [--keep]

creates ``<db>_scalebench``, loads it and prints the counts and the time it took.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import time
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlparse, urlunparse


@dataclass(frozen=True)
class Size:
    projects: int
    units: int
    workers: int
    months: int
    per_ledger: int

    @property
    def lines(self) -> int:
        return self.projects * self.months * self.per_ledger


FULL = Size(projects=2_000, units=200, workers=100_000, months=10, per_ledger=50)
MEDIUM = Size(projects=400, units=40, workers=20_000, months=10, per_ledger=50)  # 200,000 lines
SMALL = Size(projects=120, units=12, workers=3_000, months=10, per_ledger=20)
SIZES = {"full": FULL, "medium": MEDIUM, "small": SMALL}
DEPARTMENTS = 5
TODAY = dt.date(2026, 11, 21)
ROLE_USERS = (
    "district_office", "department", "labour_bureau", "finance", "township",
    "project_unit", "contractor", "leader", "auditor",
)  # fmt: skip


def bench_url(suffix: str) -> tuple[str, str, str]:
    """(admin URL, bench URL, bench database name) derived from DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit(
            "DATABASE_URL must point at a PostgreSQL server (the bench creates its own database)"
        )
    parts = urlparse(url)
    name = parts.path.lstrip("/") + suffix
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


def load(size: Size = FULL) -> dict:
    """The district at ``size`` (see the module's docstring); call inside a transaction."""
    from django.conf import settings
    from django.db import connection

    from payroll.models import LabourContract, WageLedger, WageLine, Worker
    from projects.models import FundingLine, Position, Project, ProjectTownship, ProjectTransition
    from yiguoji.core.choices import OrgKind
    from yiguoji.core.models import Organisation, Township, User
    from yiguoji.core.roles import Role
    from yiguoji.core.services.district import district_load

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # no audit for the load
    district_load(directory=settings.BASE_DIR / "data" / "districts" / "yanqing")
    townships = list(Township.objects.order_by("code"))
    org = Organisation.objects.create
    orgs = {
        "district_office": org(name="区发展改革委（测试）", kind=OrgKind.DISTRICT_OFFICE),
        "labour_bureau": org(name="区人力社保局（测试）", kind=OrgKind.LABOUR_BUREAU),
        "finance": org(name="区财政局（测试）", kind=OrgKind.FINANCE),
        "leader": org(name="区领导（测试）", kind=OrgKind.LEADERSHIP),
        "auditor": org(name="区审计局（测试）", kind=OrgKind.AUDIT),
        "township": org(name=f"{townships[0].name}人民政府（测试）", kind=OrgKind.TOWNSHIP,
                        township=townships[0]),
        "contractor": org(name="测试施工单位", kind=OrgKind.CONTRACTOR),
    }  # fmt: skip
    departments = [
        org(name=f"测试主管部门{n}", kind=OrgKind.DEPARTMENT) for n in range(DEPARTMENTS)
    ]
    orgs["department"] = departments[0]
    units = Organisation.objects.bulk_create(
        Organisation(name=f"测试项目单位{n:03d}", kind=OrgKind.PROJECT_UNIT,
                     township=townships[n % len(townships)])
        for n in range(size.units)
    )  # fmt: skip
    orgs["project_unit"] = units[0]
    users = {
        role: User.objects.create(username=f"bench-{role}", role=role, organisation=orgs[role],
                                  full_name=f"测试{Role(role).label}")
        for role in ROLE_USERS
    }  # fmt: skip
    statuses = ["in_progress"] * 14 + ["started", "completed", "accepted", "maintenance"]
    projects = Project.objects.bulk_create(
        Project(code=f"BN-2026-{n:04d}", name=f"测试项目{n:04d}", year=2026,
                category="special_fund", sector="transport", owner=units[n % size.units],
                department=departments[n % DEPARTMENTS],
                contractor=orgs["contractor"] if n % 20 == 0 else None,
                content_and_scale="测试", status=statuses[n % len(statuses)],
                total_investment=Decimal("2000000"), planned_wage_total=Decimal("400000"),
                planned_local_jobs=size.per_ledger)
        for n in range(size.projects)
    )  # fmt: skip
    ProjectTownship.objects.bulk_create(
        ProjectTownship(project=p, township=townships[n % len(townships)])
        for n, p in enumerate(projects)
    )
    FundingLine.objects.bulk_create(
        FundingLine(project=p, source="central_budget", amount=Decimal("1000000"),
                    is_special_fund=True) for p in projects
    )  # fmt: skip
    positions = Position.objects.bulk_create(
        Position(project=p, segment="general", title="普工", headcount=size.per_ledger,
                 start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 12, 31),
                 daily_wage=Decimal("200"))
        for p in projects
    )  # fmt: skip
    started = dt.datetime(2026, 1, 5, 10, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    ProjectTransition.objects.bulk_create(
        ProjectTransition(project=p, action="start", from_status="approved", to_status="started",
                          actor=users["district_office"], at=started, reason="开工")
        for p in projects
    )  # fmt: skip
    first_project, first_position = projects[0].pk, positions[0].pk
    assert [p.pk for p in projects] == list(range(first_project, first_project + size.projects))
    township_ids = [t.pk for t in townships]
    assert township_ids == list(range(township_ids[0], township_ids[0] + len(township_ids)))
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
            # registered before the benchmarks' today (TODAY), whatever the real clock says
            "created_at": "'2026-01-04 10:00+08'", "updated_at": "'2026-01-04 10:00+08'",
        })  # fmt: skip
        cursor.execute(
            f"INSERT INTO {Worker._meta.db_table} ({names}) "
            f"SELECT {values} FROM generate_series(0, {size.workers - 1}) AS n"
        )
        first_worker = Worker.objects.order_by("pk").values_list("pk", flat=True).first()
        # project p's k-th person, the same formula as the lines below
        person = f"{first_worker} + (p * {size.per_ledger} + k) % {size.workers}"
        names, values = columns(LabourContract, {
            "worker": person,
            "project": f"{first_project} + p",
            "position": f"{first_position} + p",
            "employer": f"{units[0].pk} + p % {size.units}",
            "daily_wage": "200", "starts_on": "'2026-01-05'::date", "ends_on": "'2026-12-31'::date",
            "signed_on": "'2026-01-04'::date", "status": "'active'", "created_at": "now()",
        })  # fmt: skip
        cursor.execute(
            f"INSERT INTO {LabourContract._meta.db_table} ({names}) "
            f"SELECT DISTINCT ON ({person}, p) {values} "
            f"FROM generate_series(0, {size.projects - 1}) AS p, "
            f"generate_series(0, {size.per_ledger - 1}) AS k"
        )
    ledgers = WageLedger.objects.bulk_create(
        WageLedger(project_id=first_project + p, month=dt.date(2026, m, 1), status="filed",
                   pay_deadline=dt.date(2026, m + 1, 15))
        for p in range(size.projects) for m in range(1, size.months + 1)
    )  # fmt: skip
    first_ledger = min(ledger.pk for ledger in ledgers)
    months = size.months
    with connection.cursor() as cursor:
        # ledger l (0-based): project l / months, month l % months + 1; line k: the project's
        # k-th person, 10-21 days at 200 yuan, paid on the 5th of the next month (October's
        # every 25th line paid half).
        names, values = columns(WageLine, {
            "ledger": f"{first_ledger} + l",
            "seq": "k + 1",
            "worker": f"{first_worker} + ((l / {months}) * {size.per_ledger} + k) % {size.workers}",
            "days": "10 + k % 12",
            "daily_rate": "200",
            "payable": "(10 + k % 12) * 200",
            "paid": f"CASE WHEN l % {months} = {months - 1} AND k % 25 = 0 "
                    "THEN (10 + k % 12) * 100 ELSE (10 + k % 12) * 200 END",
            "pay_date": f"make_date(2026, l % {months} + 2, 5)",
            # what the trigger (off for the load) would say: paid short, never late (the 5th
            # is before every deadline), always by card
            "short_or_late": f"(l % {months} = {months - 1} AND k % 25 = 0)",
        })  # fmt: skip
        cursor.execute(
            f"INSERT INTO {WageLine._meta.db_table} ({names}) "
            f"SELECT {values} FROM generate_series(0, {size.projects * months - 1}) AS l, "
            f"generate_series(0, {size.per_ledger - 1}) AS k"
        )
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute(  # the flag written above is the one the trigger would have written
            "SELECT count(*) FROM payroll_wageline AS line JOIN payroll_wageledger AS ledger "
            "ON ledger.id = line.ledger_id WHERE line.short_or_late <> (line.method <> "
            "'bank_card' OR line.paid < line.payable OR line.pay_date > ledger.pay_deadline)"
        )
        assert cursor.fetchone()[0] == 0, "short_or_late differs from its definition"
    return {"users": users, "office": users["district_office"], "size": size}


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    admin, url, name = bench_url("_scalebench")
    recreate(admin, name)
    os.environ["DATABASE_URL"] = url
    from common import setup_django

    setup_django()
    from django.core.management import call_command
    from django.db import connection, transaction

    try:
        start = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter() - start
        start = time.perf_counter()
        with transaction.atomic():
            load(SIZES[args.size])
        analyze()
        loaded = time.perf_counter() - start
        size = SIZES[args.size]
        print(
            f"{size.lines:,} wage lines, {size.workers:,} workers, {size.projects:,} projects: "
            f"migrate {migrated:.0f} s, load {loaded:.0f} s"
            + (f"\nkept: DATABASE_URL={url}" if args.keep else "")
        )
    finally:
        connection.close()
        if not args.keep:
            recreate(admin, name, drop_only=True)


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
