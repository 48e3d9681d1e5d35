"""Yes/no, one-of and several-of columns.

Labels are what users type; codes are what is stored. Either may be given (a Django ``choices``
list of (code, label) pairs, or a mapping label -> code), plus synonyms for the words people
actually write ("脱贫户" for "脱贫人口"). Matching ignores spaces, width and case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from yiguoji.imports.fields.base import CellError, Field, as_text
from yiguoji.imports.text import squeeze

_TRUE = frozenset({"是", "√", "✓", "✔", "y", "yes", "true", "1", "有", "对"})
_FALSE = frozenset({"否", "×", "✗", "✘", "n", "no", "false", "0", "无", "不是"})
# Separators between several choices in one cell: 、,，;；/| and spaces (full-width forms have
# been folded to ASCII before parsing).
_SPLIT = re.compile(r"[、,;/|\s]+")

Choices = Mapping[str, Any] | Iterable[tuple[Any, str]]


def _key(text: str) -> str:
    return squeeze(text).casefold()


class Boolean(Field):
    """是/否, √/×, Y/N, 1/0, or a TRUE/FALSE cell."""

    hint = "填写“是”或“否”"
    choices = ("是", "否")

    def __call__(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        key = _key(as_text(value))
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise CellError("应填写“是”或“否”")


class Choice(Field):
    """One of a fixed list: returns the code for the label (or code, or synonym) typed."""

    def __init__(self, choices: Choices, synonyms: Mapping[str, Any] | None = None) -> None:
        pairs = (
            [(code, label) for label, code in choices.items()]
            if isinstance(choices, Mapping)
            else [(code, str(label)) for code, label in choices]
        )
        self.choices = tuple(label for _, label in pairs)
        self.lookup: dict[str, Any] = {}
        for code, _label in pairs:
            self.lookup.setdefault(_key(str(code)), code)
        for code, label in pairs:
            self.lookup[_key(label)] = code
        for word, code in (synonyms or {}).items():
            self.lookup[_key(word)] = code
        self.hint = "从下拉列表中选择：" + "、".join(self.choices)

    def _allowed(self) -> str:
        shown = "、".join(self.choices[:12])
        return shown + ("等" if len(self.choices) > 12 else "")

    def __call__(self, value: Any) -> Any:
        text = as_text(value)
        try:
            return self.lookup[_key(text)]
        except KeyError:
            raise CellError(f"“{text}”不是可选的值，应为：{self._allowed()}") from None


class MultiChoice(Choice):
    """Several of a fixed list in one cell ("脱贫人口、防止返贫监测对象"); returns a list of
    codes in the order given, without repeats. ``none_words`` ("无") mean an empty list."""

    def __init__(
        self,
        choices: Choices,
        synonyms: Mapping[str, Any] | None = None,
        *,
        none_words: Iterable[str] = ("无", "否", "没有"),
    ) -> None:
        super().__init__(choices, synonyms)
        self.none_words = frozenset(_key(word) for word in none_words)
        self.hint = "可填写多项，用顿号（、）分隔：" + "、".join(self.choices)

    def __call__(self, value: Any) -> list[Any]:
        text = as_text(value)
        if _key(text) in self.none_words:
            return []
        codes: list[Any] = []
        unknown: list[str] = []
        for part in _SPLIT.split(text):
            if not part:
                continue
            code = self.lookup.get(part.casefold())
            if code is None:
                unknown.append(part)
            elif code not in codes:
                codes.append(code)
        if unknown:
            listed = "、".join(f"“{part}”" for part in unknown)
            raise CellError(f"{listed}不是可选的值，应为：{self._allowed()}")
        return codes
