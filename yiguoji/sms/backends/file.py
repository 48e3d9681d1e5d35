"""Writes each message as one JSON file under ``SMS_FILE_PATH`` (development and tests).

One file per message, written to a temporary name and renamed, so a reader never sees half a
message; the files hold phone numbers and codes, so they live under ``var/`` (or a test's own
temporary directory) only.
"""

from __future__ import annotations

import itertools
import json
import os
import time
import uuid
from pathlib import Path

from django.conf import settings

# Orders the files of one process even when the clock is frozen (tests with time_machine).
_sequence = itertools.count()


class SmsBackend:
    def __init__(self, path: str | os.PathLike | None = None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, message) -> str:
        self.path.mkdir(parents=True, exist_ok=True)
        message_id = f"{time.time_ns()}-{next(_sequence):08d}-{uuid.uuid4().hex[:8]}"
        record = {
            "id": message_id,
            "to": message.to,
            "template": message.template,
            "params": message.params,
            "text": message.text,
        }
        temporary = self.path / f".{message_id}.tmp"
        temporary.write_text(json.dumps(record, ensure_ascii=False))
        temporary.chmod(0o600)
        temporary.rename(self.path / f"{message_id}.json")
        return message_id


def sent_messages(path: str | os.PathLike | None = None) -> list[dict]:
    """Every message written so far, oldest first (for development tools and tests)."""
    folder = Path(path or settings.SMS_FILE_PATH)
    if not folder.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))]
