"""Limits that keep a hostile or runaway upload from exhausting a worker.

Each limit has a default here and can be overridden by a Django setting of the same name
(``IMPORT_MAX_BYTES = 50 * 1024 * 1024`` in settings). They are read at call time, not import
time, so ``override_settings`` in tests and per-deployment settings both work, and the pure
tests can run without Django being configured at all.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

MiB = 1024 * 1024

#: Largest upload accepted, in bytes. A 10,000-row register is under 1 MiB as .xlsx.
IMPORT_MAX_BYTES = 20 * MiB
#: Most rows a sheet may span (title and header rows included).
IMPORT_MAX_ROWS = 50_000
#: Most columns a sheet may span.
IMPORT_MAX_COLUMNS = 200
#: Most members a zip container (.xlsx/.ods) may hold; real workbooks hold a few dozen.
IMPORT_MAX_ZIP_ENTRIES = 1_000
#: Most bytes all members of a zip container may expand to.
IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * MiB
#: Highest expansion ratio allowed for a zip member larger than IMPORT_RATIO_FLOOR_BYTES.
#: Spreadsheet XML compresses about 10:1; a zip bomb compresses 1000:1 and more.
IMPORT_MAX_COMPRESSION_RATIO = 200
#: Members that expand to less than this are not ratio-checked (tiny XML parts compress oddly).
IMPORT_RATIO_FLOOR_BYTES = 1 * MiB
#: How many rows from the top are searched for the header row.
IMPORT_HEADER_SCAN_ROWS = 20
#: Most errors kept in a result; beyond this they are only counted.
IMPORT_MAX_ERRORS = 20_000

_DEFAULTS = {name: value for name, value in globals().items() if name.startswith("IMPORT_")}


def limit(name: str) -> int:
    """Return the limit ``name`` from Django settings, or this module's default.

    Falls back to the default when Django is not configured, so parsing can be used (and tested)
    outside a project.
    """
    default = _DEFAULTS[name]
    from django.conf import settings

    try:
        return int(getattr(settings, name, default))
    except ImproperlyConfigured:
        return default
