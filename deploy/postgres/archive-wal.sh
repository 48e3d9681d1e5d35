#!/bin/sh
# PostgreSQL's archive_command (issue 17 item 2): archive-wal.sh %p %f DIR
# Copies one finished WAL file into DIR, gzip'd (a segment closed early by archive_timeout is
# mostly zeros), written as .part and renamed, so DIR never holds a half file. A file already
# archived (PostgreSQL crashed before it noted the success) is accepted only if identical.
set -eu
src=$1
name=$2
dir=$3
dest="$dir/$name.gz"
if [ -f "$dest" ]; then
    if gzip -dc "$dest" | cmp -s - "$src"; then
        exit 0
    fi
    echo "archive-wal: $dest already exists and differs from $src" >&2
    exit 1
fi
gzip -c "$src" > "$dest.part"
sync "$dest.part" 2>/dev/null || sync
mv "$dest.part" "$dest"
