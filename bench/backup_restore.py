"""Backup and restore times (issue 17): the demo database and one with 1,000,000 wage lines.

    DATABASE_URL=... REDIS_URL=... .venv/bin/python bench/backup_restore.py [--only demo|million]

Setup (not timed): a throwaway database ``<your database>_backupbench`` is created and migrated,
then filled either by ``seed_demo`` (the demo district) or by ``bench/world.py``'s set-based
SQL load (``generate_series``: 2,000 projects, 100,000 workers, 20,000 ledgers, 1,000,000 wage
lines; no ORM per row). For each:

* Baseline: the server's own ``pg_dump --format=custom`` of the same database to a file, and
  ``pg_restore --single-transaction`` of that file into an empty database.
* Measured: ``backup_create`` (exported snapshot, row counts of every table, the same pg_dump,
  the uploaded files archived, manifest, SHA256 of every file) and ``backup_restore`` into an
  empty database (checksums verified, the same pg_restore, files unpacked, ``migrate``, rows of
  every table counted twice).

Prints seconds, sizes and the ratio measured / baseline. The databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent))


def _urls() -> tuple[str, str, str]:
    url = os.environ.get("DATABASE_URL")
    if not url:
        raise SystemExit("DATABASE_URL must point at a PostgreSQL server (the bench makes its own)")
    parts = urlparse(url)
    name = parts.path.lstrip("/") + "_backupbench"
    admin = urlunparse(parts._replace(path="/postgres"))
    return admin, urlunparse(parts._replace(path="/" + name)), name


def _recreate(admin: str, *names: str, drop_only: bool = False) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as connection:
        for name in names:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if not drop_only:
                connection.execute(f'CREATE DATABASE "{name}"')


def _timed(action) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def _fill(kind: str) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    if kind == "demo":
        with open(os.devnull, "w") as quiet:
            call_command("seed_demo", verbosity=0, stdout=quiet)
        return
    import world  # the big district of bench/dashboard.py (world.load sets replica itself)

    with transaction.atomic():
        world.load(world.FULL)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def measure(kind: str, admin: str, name: str, media: Path) -> dict:
    from django.db import connection, connections

    from yiguoji.backups import sets, tools
    from yiguoji.backups.create import backup_create
    from yiguoji.backups.restore import backup_restore

    _recreate(admin, name, f"{name}_r", f"{name}_b")
    connection.close()
    _fill(kind)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM payroll_wageline")
        lines = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        db_bytes = cursor.fetchone()[0]
    out = Path(tempfile.mkdtemp(prefix="backupbench-"))
    database = connection.settings_dict
    bare_dump, _ = _timed(
        lambda: tools.run("pg_dump", ["--format=custom", f"--file={out / 'bare.dump'}"], database)
    )
    backup, made = _timed(lambda: backup_create(folder=out / "sets", media_root=media))
    bare_restore, done = _timed(
        lambda: tools.run(
            "pg_restore",
            ["--no-owner", "--single-transaction", f"--dbname={name}_b", str(out / "bare.dump")],
            database,
        )
    )
    assert done.returncode == 0, done.stderr
    connections.settings["bench_restore"] = {**connections.settings["default"], "NAME": f"{name}_r"}
    restore, restored = _timed(
        lambda: backup_restore(made.path, alias="bench_restore", media_root=out / "media")
    )
    assert not restored.differences, restored.differences
    connections["bench_restore"].close()
    sets.remove(out)
    return {
        "kind": kind,
        "wage lines": lines,
        "database size": db_bytes,
        "set size": made.total_bytes,
        "bare pg_dump": bare_dump,
        "backup": backup,
        "bare pg_restore": bare_restore,
        "restore": restore,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=["demo", "million"])
    args = parser.parse_args()
    admin, url, name = _urls()
    _recreate(admin, name)
    os.environ["DATABASE_URL"] = url
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="backupbench-media-")  # seed_demo's files
    from common import setup_django

    setup_django()
    from django.conf import settings
    from django.db import connection

    try:
        for kind in [args.only] if args.only else ["demo", "million"]:
            media = Path(settings.MEDIA_ROOT)  # the demo's files (seed_demo writes them here)
            r = measure(kind, admin, name, media)
            print(
                f"{r['kind']}: {r['wage lines']:,} wage lines, "
                f"database {r['database size'] / 1e6:.0f} MB, "
                f"backup set {r['set size'] / 1e6:.1f} MB"
            )
            print(
                f"  backup  {r['backup']:.2f} s  (bare pg_dump {r['bare pg_dump']:.2f} s, "
                f"{r['backup'] / r['bare pg_dump']:.2f}x)"
            )
            print(
                f"  restore {r['restore']:.2f} s  (bare pg_restore {r['bare pg_restore']:.2f} s, "
                f"{r['restore'] / r['bare pg_restore']:.2f}x)"
            )
    finally:
        connection.close()
        _recreate(admin, name, f"{name}_r", f"{name}_b", drop_only=True)


if __name__ == "__main__":
    main()
