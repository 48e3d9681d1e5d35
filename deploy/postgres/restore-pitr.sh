#!/bin/sh
# Point-in-time recovery (issue 17 item 2; README "Point-in-time recovery"):
#
#   restore-pitr.sh 'YYYY-MM-DD HH:MM[:SS]+08'
#
# With the server STOPPED: moves the data directory aside (PGDATA.before-<stamp>, kept until
# you delete it), unpacks the newest base backup that finished before the target, and sets
# PostgreSQL to replay the archived WAL up to the target time and then open for writes. Start
# the server afterwards; it stops replaying at the target (its log says "recovery stopping
# before commit ... time ..." and "archive recovery complete").
# Environment: PGDATA (/var/lib/postgresql/18/docker, the postgres image's), BASE_DIR
# (/archive/base), WAL_ARCHIVE (/archive/wal).
set -eu
target=${1:?usage: restore-pitr.sh "YYYY-MM-DD HH:MM:SS+08"}
PGDATA=${PGDATA:-/var/lib/postgresql/18/docker}
BASE_DIR=${BASE_DIR:-/archive/base}
WAL_ARCHIVE=${WAL_ARCHIVE:-/archive/wal}
here=$(cd "$(dirname "$0")" && pwd)

when=$(date -u -d "$target" +%s) || { echo "restore-pitr: cannot read the time '$target'" >&2; exit 2; }
if [ -f "$PGDATA/postmaster.pid" ]; then
    echo "restore-pitr: $PGDATA/postmaster.pid exists: stop the server first" >&2
    exit 2
fi
base=""
for d in "$BASE_DIR"/*/; do
    [ -f "${d}FINISHED" ] || continue
    [ "$(cat "${d}FINISHED")" -lt "$when" ] && base=${d%/}
done
if [ -z "$base" ]; then
    echo "restore-pitr: no base backup finished before $target; the earliest reachable moment is the end of the oldest one" >&2
    exit 2
fi
echo "restore-pitr: base backup $(basename "$base"), replaying WAL up to $target"
if [ -d "$PGDATA" ]; then
    aside="$PGDATA.before-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$PGDATA" "$aside"
    echo "restore-pitr: the old data directory is kept as $aside"
fi
mkdir -p "$PGDATA/pg_wal"
chmod 700 "$PGDATA"
tar -xzf "$base/base.tar.gz" -C "$PGDATA"
tar -xzf "$base/pg_wal.tar.gz" -C "$PGDATA/pg_wal"
cat >> "$PGDATA/postgresql.auto.conf" <<CONF
# restore-pitr.sh $(date -u +%Y-%m-%dT%H:%M:%SZ): remove these lines once the server is open
restore_command = 'sh $here/restore-wal.sh %f %p $WAL_ARCHIVE'
recovery_target_time = '$target'
recovery_target_action = 'promote'
CONF
touch "$PGDATA/recovery.signal"
if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    chown -R postgres:postgres "$PGDATA"
fi
echo "restore-pitr: ready; start the server"
