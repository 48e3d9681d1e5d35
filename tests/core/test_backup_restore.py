"""The restore drill (issue 17 items 1, 3, 4): seed, change, back up, drop the database and the
files, restore, and prove that row counts, a ledger's totals to the fen, a decrypted ID number
(through the audited reveal) and an uploaded scan are identical; a damaged set and a non-empty
database are refused; no key is in the set.

Everything runs as an operator would, ``manage.py`` in processes of their own, against a
database of the drill's own on the embedded server (the suite's test databases are untouched).
"""

import json
import os
import shutil
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings

from yiguoji.backups import tools

DATA_KEY = "drill-personal-data-key-" + "Vb7m" * 10


def _server() -> dict:
    database = settings.DATABASES["default"]
    return {
        "host": database["HOST"],
        "user": database["USER"],
        "port": database.get("PORT") or None,
    }


def _admin(sql: str) -> None:
    with psycopg.connect(dbname="postgres", autocommit=True, **_server()) as conn:
        conn.execute(sql)


@pytest.fixture
def drill(tmp_path):
    name = f"yiguoji_drill_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{name}"')
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"postgres://{_server()['user']}@/{name}",
        "PGHOST": str(_server()["host"]),
        "PERSONAL_DATA_KEY": DATA_KEY,
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
        "CELERY_QUEUE": f"{name}-queue",
        "PG_BIN_DIR": str(tools.bin_dir() or ""),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def run(*args, check=True):
        done = subprocess.run(
            [sys.executable, *args],
            cwd=settings.BASE_DIR,
            env={**env, "DJANGO_SETTINGS_MODULE": "yiguoji.settings"},
            capture_output=True,
            text=True,
            timeout=900,
        )
        if check:
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
        return done

    run.name, run.tmp = name, tmp_path
    yield run
    _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_drop_restore_gives_back_the_same_data(drill):
    drill("manage.py", "migrate", "--noinput", "-v0")
    drill("manage.py", "seed_demo")
    drill("-m", "tests.core.drill_facts", "change")
    made = drill("manage.py", "backup")
    sets = sorted((drill.tmp / "backups").glob("yiguoji-*"))
    assert len(sets) == 1 and "备份集" in made.stdout
    backup = sets[0]
    before = json.loads(drill("-m", "tests.core.drill_facts", "facts").stdout)

    # No key in the set: not in its files, nor in the SQL the dump holds.
    sql = tools.run("pg_restore", ["--file=-", str(backup / "database.dump")], {"NAME": "x"})
    assert sql.returncode == 0 and "CREATE TABLE public.payroll_worker" in sql.stdout
    for text in (
        sql.stdout,
        *((backup / n).read_bytes().decode("latin-1") for n in os.listdir(backup)),
    ):
        assert DATA_KEY not in text and before["id_number"] not in text

    # Lose everything.
    _admin(f'DROP DATABASE "{drill.name}" WITH (FORCE)')
    shutil.rmtree(drill.tmp / "media")
    _admin(f'CREATE DATABASE "{drill.name}"')

    restored = drill("manage.py", "restore", str(backup))
    assert "payroll_worker\t" in restored.stdout and "行数与备份一致" in restored.stdout
    after = json.loads(drill("-m", "tests.core.drill_facts", "facts").stdout)
    assert after["counts"] == before["counts"]  # every table, row for row
    assert after["ledger"] == before["ledger"] and after["lines"] == before["lines"]  # to the fen
    assert after["id_number"] == before["id_number"] and len(after["id_number"]) == 18
    assert after["phone"] == "13900000017"  # the change made after seeding
    assert after["scan"] == before["scan"]
    assert before["counts"]["payroll_wageline"] > 0 and before["counts"]["core_reveallog"] >= 0

    # A restore over a database that is not empty is refused unless told.
    refused = drill("manage.py", "restore", str(backup), check=False)
    assert refused.returncode != 0 and "不是空的" in refused.stderr and "--force" in refused.stderr

    # A damaged set is refused before anything is touched, saying which file.
    damaged = drill.tmp / "damaged"
    shutil.copytree(backup, damaged)
    data = bytearray((damaged / "database.dump").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (damaged / "database.dump").write_bytes(bytes(data))
    refused = drill("manage.py", "restore", str(damaged), "--force", check=False)
    assert refused.returncode != 0
    assert (
        "已损坏：database.dump 的校验和不符" in refused.stderr and "未做任何恢复" in refused.stderr
    )
    still = json.loads(drill("-m", "tests.core.drill_facts", "facts").stdout)
    assert still["counts"]["payroll_worker"] == before["counts"]["payroll_worker"]

    # The drill command restores into a scratch database and records that it passed.
    drilled = drill("manage.py", "restore_drill")
    assert "恢复演练通过" in drilled.stdout
