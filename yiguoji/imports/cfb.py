"""Just enough of the OLE2 compound file format to pull one stream out of an .xls file.

calamine turns the cell addresses of a BIFF8 stream into a dense grid, so a 6 KB .xls holding
one cell at A1 and one at IV65536 makes it allocate about a gigabyte. To refuse such a file
before calamine sees it we must read the cell addresses ourselves, which needs the "Workbook"
stream from the compound file ([MS-CFB]). Every index is bounds-checked and every sector chain
is length-limited, because the input is hostile by assumption.
"""

from __future__ import annotations

import struct

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_FREE, _END_OF_CHAIN = 0xFFFFFFFF, 0xFFFFFFFE


class CFBError(ValueError):
    """The compound file is malformed."""


def read_stream(data: bytes, names: tuple[str, ...]) -> bytes | None:
    """Return the first stream whose name is in ``names`` (case-insensitive), or None."""
    if len(data) < 512 or not data.startswith(MAGIC):
        raise CFBError("not a compound file")
    sector_shift, mini_shift = struct.unpack_from("<HH", data, 0x1E)
    if sector_shift not in (9, 12) or mini_shift != 6:
        raise CFBError("bad sector size")
    size = 1 << sector_shift
    n_fat, first_dir = struct.unpack_from("<II", data, 0x2C)
    cutoff, first_minifat, _n_minifat, first_difat, n_difat = struct.unpack_from(
        "<IIIII", data, 0x38
    )
    n_sectors = (len(data) - 512) // size + 1

    def sector(index: int) -> bytes:
        start = (index + 1) << sector_shift
        if index >= n_sectors or start + size > len(data):
            raise CFBError("sector out of range")
        return data[start : start + size]

    fat_sectors = [s for s in struct.unpack_from("<109I", data, 0x4C) if s < _END_OF_CHAIN]
    per_difat = size // 4 - 1
    difat = first_difat
    for _ in range(min(n_difat, n_sectors)):
        if difat >= _END_OF_CHAIN:
            break
        entries = struct.unpack(f"<{per_difat + 1}I", sector(difat))
        fat_sectors.extend(s for s in entries[:per_difat] if s < _END_OF_CHAIN)
        difat = entries[per_difat]
    if n_fat > n_sectors or len(fat_sectors) > n_sectors:
        raise CFBError("FAT larger than file")
    fat: list[int] = []
    for s in fat_sectors[:n_fat]:
        fat.extend(struct.unpack(f"<{size // 4}I", sector(s)))

    def chain(start: int, table: list[int], limit: int) -> list[int]:
        out: list[int] = []
        while start < _END_OF_CHAIN:
            if start >= len(table) or len(out) >= limit:
                raise CFBError("broken sector chain")
            out.append(start)
            start = table[start]
        return out

    directory = b"".join(sector(s) for s in chain(first_dir, fat, n_sectors))
    root_start = root_size = 0
    found: tuple[int, int] | None = None
    wanted = {n.casefold() for n in names}
    for offset in range(0, len(directory) - 127, 128):
        name_len, kind = struct.unpack_from("<HB", directory, offset + 0x40)
        start, length = struct.unpack_from("<IQ", directory, offset + 0x74)
        name = directory[offset : offset + max(0, min(name_len, 64) - 2)].decode(
            "utf-16-le", "replace"
        )
        if kind == 5:
            root_start, root_size = start, length
        elif kind == 2 and found is None and name.casefold() in wanted:
            found = (start, length & 0xFFFFFFFF if sector_shift == 9 else length)
    if found is None:
        return None
    start, length = found
    if length > len(data):
        raise CFBError("stream longer than file")
    if length >= cutoff:
        return b"".join(sector(s) for s in chain(start, fat, n_sectors))[:length]
    # Small streams live in the mini stream (64-byte sectors inside the root entry's chain).
    minifat: list[int] = []
    for s in chain(first_minifat, fat, n_sectors):
        minifat.extend(struct.unpack(f"<{size // 4}I", sector(s)))
    mini = b"".join(sector(s) for s in chain(root_start, fat, n_sectors))[:root_size]
    blocks = chain(start, minifat, len(mini) // 64 + 1)
    return b"".join(mini[b * 64 : b * 64 + 64] for b in blocks)[:length]
