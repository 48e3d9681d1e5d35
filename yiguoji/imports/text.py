"""Text normalisation shared by cell values and header labels.

Sheets typed in Chinese input methods carry full-width digits and punctuation ("１２３４．５",
"（元）"), the ideographic space U+3000, non-breaking spaces pasted from web pages, and zero-width
characters. We fold exactly the width-related part of Unicode NFKC (full-width ASCII forms and
the odd spaces). Full NFKC is *not* applied to whole values: it would also rewrite CJK
compatibility ideographs and enclosed characters, and a person's name must stay as printed on
the ID card.
"""

from __future__ import annotations

import re

_WIDTH_TABLE: dict[int, int | None] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE.update(dict.fromkeys((0x3000, 0x00A0, 0x2007, 0x202F, 0x205F), 0x20))
_WIDTH_TABLE.update(dict.fromkeys(range(0x2000, 0x200B), 0x20))
# Zero-width space / joiners, word joiner and the byte-order mark are invisible: drop them.
_WIDTH_TABLE.update(dict.fromkeys((0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)))
_WIDTH_TABLE[0xFFE5] = ord("¥")  # full-width yen sign, typed for ￥ (renminbi)
_WIDTH_TABLE[0x2212] = ord("-")  # minus sign

# Characters the table changes; searching for them is far cheaper than translating every string.
_NEEDS_FOLDING = re.compile("[" + re.escape("".join(map(chr, _WIDTH_TABLE))) + "]")

#: Strings that mean "nothing here" in hand-filled sheets.
PLACEHOLDERS = frozenset({"/", "-", "--", "—", "——", "_"})

_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】|<[^<>]*>")
_REQUIRED_MARKS = "*＊※★"
_HEADER_MARKS = str.maketrans("", "", _REQUIRED_MARKS)


def halfwidth(value: str) -> str:
    """Fold full-width ASCII forms and odd spaces to plain ASCII (the width part of NFKC)."""
    if value.isascii() or not _NEEDS_FOLDING.search(value):
        return value
    return value.translate(_WIDTH_TABLE)


def clean_text(value: str) -> str | None:
    """Normalise one text cell: fold widths, strip ends; empty or placeholder -> None."""
    if not value.isascii() and _NEEDS_FOLDING.search(value):
        value = value.translate(_WIDTH_TABLE)
    value = value.strip()
    if not value or value in PLACEHOLDERS:
        return None
    return value


def squeeze(value: str) -> str:
    """Remove every whitespace character (line breaks in header cells, spaces in numbers)."""
    return "".join(value.split())


def _cell_text(value: object) -> str:
    """A header cell as text; a day number typed as a number reads "31", not "31.0"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def header_label(value: object) -> str:
    """Header text as the file has it, for messages: line breaks and padding inside Chinese
    text removed ("公民身份\n号码" -> "公民身份号码"), "*" required markers dropped, widths left
    as typed."""
    if value in (None, ""):
        return ""
    parts = _cell_text(value).split()
    if not parts:
        return ""
    text = parts[0]
    for part in parts[1:]:
        text += (" " if text[-1].isascii() and part[0].isascii() else "") + part
    return text.strip(_REQUIRED_MARKS) or text


def header_key(value: object) -> str:
    """Comparable form of a header label: no spaces, no required-markers, case-folded."""
    text = squeeze(halfwidth(_cell_text(value))).translate(_HEADER_MARKS).casefold()
    return text.rstrip(":")


def header_key_loose(key: str) -> str:
    """A header key without bracketed notes: "身份证号码(18位)" -> "身份证号码"."""
    return _BRACKETED.sub("", key)
