"""A backup set on disk: one dated folder, checksummed, holding ciphertext only."""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

DUMP, MEDIA, MANIFEST, SUMS = "database.dump", "media.tar", "manifest.json", "SHA256SUMS"
PREFIX = "yiguoji-"
NAME_FORMAT = "%Y%m%dT%H%M%S"


class BackupCorrupt(Exception):
    """The set is incomplete or a file does not match its checksum: nothing was restored."""


def target() -> Path:
    """The folder backups go to (``BACKUP_DIR``; a mounted object store works the same)."""
    return Path(settings.BACKUP_DIR)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def set_name(at: datetime) -> str:
    return PREFIX + timezone.localtime(at).strftime(NAME_FORMAT)


def taken_at(path: Path) -> datetime:
    naive = datetime.strptime(path.name.removeprefix(PREFIX), NAME_FORMAT)
    return timezone.make_aware(naive)


def write_sums(folder: Path) -> None:
    lines = [f"{sha256(folder / name)}  {name}\n" for name in (DUMP, MEDIA, MANIFEST)]
    (folder / SUMS).write_text("".join(lines))


def verify(folder: Path) -> dict:
    """Check every file against ``SHA256SUMS``; the manifest, or :class:`BackupCorrupt` saying
    exactly which file is missing or damaged."""
    folder = Path(folder)
    if not folder.is_dir():
        raise BackupCorrupt(f"备份集 {folder} 不存在")
    if not (folder / SUMS).exists():
        raise BackupCorrupt(f"备份集 {folder.name} 缺少校验文件 {SUMS}，不能确认完整，未做任何恢复")
    listed = {}
    for line in (folder / SUMS).read_text().splitlines():
        digest, _, name = line.partition("  ")
        listed[name.strip()] = digest.strip()
    for name in (DUMP, MEDIA, MANIFEST):
        if name not in listed or not (folder / name).exists():
            raise BackupCorrupt(f"备份集 {folder.name} 缺少文件 {name}，未做任何恢复")
        actual = sha256(folder / name)
        if actual != listed[name]:
            raise BackupCorrupt(
                f"备份集 {folder.name} 已损坏：{name} 的校验和不符"
                f"（应为 {listed[name][:12]}…，实为 {actual[:12]}…），未做任何恢复"
            )
    return json.loads((folder / MANIFEST).read_text())


@dataclass(frozen=True)
class SetInfo:
    path: Path
    at: datetime
    database_bytes: int
    media_bytes: int
    complete: bool

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def total_bytes(self) -> int:
        return self.database_bytes + self.media_bytes


def listing(folder: Path | None = None) -> list[SetInfo]:
    """The sets in the target folder, newest first (half-written ``.partial`` ones left out)."""
    folder = target() if folder is None else Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob(PREFIX + "*"):
        if not path.is_dir() or path.suffix == ".partial":
            continue
        try:
            at = taken_at(path)
        except ValueError:
            continue

        def size(name, path=path):
            return (path / name).stat().st_size if (path / name).exists() else 0

        found.append(SetInfo(path, at, size(DUMP), size(MEDIA), (path / SUMS).exists()))
    return sorted(found, key=lambda s: s.at, reverse=True)


def remove(path: Path) -> None:
    shutil.rmtree(path)
