"""Free text and people's names."""

from __future__ import annotations

import re
from typing import Any

from yiguoji.imports.fields.base import CellError, Field, as_text


class Text(Field):
    """Text of bounded length; runs of spaces and line breaks become one space."""

    def __init__(self, max_length: int | None = None, *, min_length: int = 0) -> None:
        self.max_length = max_length
        self.min_length = min_length
        self.hint = f"文本，最多{max_length}个字" if max_length else "文本"

    def __call__(self, value: Any) -> str:
        text = " ".join(as_text(value).split())
        if self.max_length is not None and len(text) > self.max_length:
            raise CellError(f"最多{self.max_length}个字（当前{len(text)}个字）")
        if len(text) < self.min_length:
            raise CellError(f"至少{self.min_length}个字")
        return text


# Separators typed inside minority names (阿依古丽·买买提): full stop, bullet, katakana dot.
_NAME_DOTS = re.compile("[.•・∙]")
_DIGIT = re.compile(r"\d")


class PersonName(Field):
    """A person's name as on the resident ID card.

    Sheets pad two-character names to line them up ("张  三"); spaces between Chinese characters
    are removed. The middle dot of minority names is unified to "·".
    """

    hint = "姓名，与身份证一致"

    def __init__(self, max_length: int = 50) -> None:
        self.max_length = max_length

    def __call__(self, value: Any) -> str:
        text = as_text(value)
        words = text.split()
        text = "".join(words) if len(words) > 1 and not text.isascii() else " ".join(words)
        if not text.isascii():
            text = _NAME_DOTS.sub("·", text)
        if _DIGIT.search(text):
            raise CellError("姓名不能包含数字")
        if len(text) > self.max_length:
            raise CellError(f"最多{self.max_length}个字（当前{len(text)}个字）")
        return text
