"""The contract every cell parser follows.

A field is called with one cell value that is never empty: the engine has already turned empty
cells and placeholders ("/", "—") into None and handled "required", and has stripped and
width-folded text. Values arrive as calamine gives them: ``str``, ``float``/``int``, ``bool``,
``date``/``datetime``/``time``. A field returns the Python value to store or raises
``CellError`` with a specific Chinese reason.

Fields also describe themselves for the downloadable template: ``hint`` (the "填写说明" line),
``number_format`` (``"@"`` keeps long digit strings as text) and ``choices`` (dropdown labels).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from yiguoji.imports.errors import CellError

__all__ = ["CellError", "Field", "as_text"]


class Field:
    """Base class of cell parsers; subclasses implement ``__call__``."""

    hint: str = ""
    number_format: str | None = None
    choices: Sequence[str] = ()

    def __call__(self, value: Any) -> Any:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"


def as_text(value: Any) -> str:
    """A non-text cell as the text the user typed: 12.0 -> "12", True -> "是"."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)
