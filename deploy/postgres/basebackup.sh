#!/bin/sh
# Base backups for point-in-time recovery (issue 17 item 2), run by docker-compose's `basebackup`
# service (the postgres image itself, so pg_basebackup is the server's own major version).
#
#   basebackup.sh          loop: a base backup when the newest is BASEBACKUP_EVERY_HOURS old
#   basebackup.sh once     one base backup now, then prune
#
# Environment: PGHOST/PGPORT/PGUSER/PGPASSWORD (libpq), BASE_DIR (/archive/base),
# WAL_ARCHIVE (/archive/wal), BASEBACKUP_EVERY_HOURS (24), BASEBACKUP_KEEP (7).
# Each base backup is BASE_DIR/<UTC stamp>/ with base.tar.gz, pg_wal.tar.gz (the WAL to make it
# consistent on its own), backup_manifest, STARTED and FINISHED (Unix seconds). Pruning keeps the
# newest BASEBACKUP_KEEP and deletes the archived WAL older than the oldest one kept, so a
# restore can reach any moment from the oldest kept base backup's end until now.
set -eu
BASE_DIR=${BASE_DIR:-/archive/base}
WAL_ARCHIVE=${WAL_ARCHIVE:-/archive/wal}
EVERY=${BASEBACKUP_EVERY_HOURS:-24}
KEEP=${BASEBACKUP_KEEP:-7}

log() { echo "basebackup: $(date -u +%Y-%m-%dT%H:%M:%SZ) $*"; }

complete() { # complete base backups, oldest first
    for d in "$BASE_DIR"/*/; do
        [ -f "${d}FINISHED" ] && basename "$d"
    done | sort
}

start_segment() { # the first WAL segment a base backup needs, from its backup_manifest
    manifest=$1
    timeline=$(sed -n 's/.*"Timeline": *\([0-9]*\).*/\1/p' "$manifest" | head -n 1)
    lsn=$(sed -n 's/.*"Start-LSN": *"\([0-9A-Fa-f]*\/[0-9A-Fa-f]*\)".*/\1/p' "$manifest" | head -n 1)
    hi=${lsn%/*}
    lo=${lsn#*/}
    printf '%08X%08X%08X\n' "$timeline" "$((0x$hi))" "$(((0x$lo) >> 24))"
}

one() {
    stamp=$(date -u +%Y%m%dT%H%M%SZ)
    partial="$BASE_DIR/$stamp.partial"
    rm -rf "$partial"
    mkdir -p "$partial"
    started=$(date -u +%s)
    log "start $stamp"
    pg_basebackup --pgdata="$partial" --format=tar --gzip --wal-method=stream \
        --checkpoint=fast --label="yiguoji $stamp" --no-password
    echo "$started" > "$partial/STARTED"
    date -u +%s > "$partial/FINISHED"
    mv "$partial" "$BASE_DIR/$stamp"
    log "done $stamp ($(du -sh "$BASE_DIR/$stamp" | cut -f1))"
    prune
}

prune() {
    count=$(complete | wc -l)
    for old in $(complete | head -n "$((count > KEEP ? count - KEEP : 0))"); do
        log "remove $old"
        rm -rf "${BASE_DIR:?}/$old"
    done
    oldest=$(complete | head -n 1)
    if [ -n "$oldest" ]; then
        pg_archivecleanup -x .gz "$WAL_ARCHIVE" "$(start_segment "$BASE_DIR/$oldest/backup_manifest")"
    fi
    find "$BASE_DIR" -maxdepth 1 -name '*.partial' -mmin +1440 -exec rm -rf {} +
}

mkdir -p "$BASE_DIR" "$WAL_ARCHIVE"
if [ "${1:-}" = once ]; then
    one
    exit 0
fi
until pg_isready --quiet; do sleep 5; done
while true; do
    newest=$(complete | tail -n 1)
    age=999999999
    if [ -n "$newest" ]; then
        age=$(($(date -u +%s) - $(cat "$BASE_DIR/$newest/FINISHED")))
    fi
    if [ "$age" -ge "$((EVERY * 3600))" ]; then
        one || log "failed; trying again in 10 minutes"
    fi
    sleep 600
done
