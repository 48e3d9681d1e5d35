#!/bin/sh
# PostgreSQL's restore_command during a point-in-time recovery: restore-wal.sh %f %p DIR
# A file the archive does not have is "not found" (non-zero, nothing written): PostgreSQL then
# ends recovery at the last WAL it has, or at recovery_target_time.
set -eu
name=$1
dest=$2
dir=$3
[ -f "$dir/$name.gz" ] || exit 1
gzip -dc "$dir/$name.gz" > "$dest.part"
mv "$dest.part" "$dest"
