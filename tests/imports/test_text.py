"""Normalisation of cell text and header labels."""

from __future__ import annotations

import unicodedata

import pytest

from yiguoji.imports.text import clean_text, halfwidth, header_label


def test_halfwidth_is_exactly_nfkc_on_the_full_width_ascii_block():
    for code in range(0xFF01, 0xFF5F):
        char = chr(code)
        assert halfwidth(char) == unicodedata.normalize("NFKC", char)


def test_halfwidth_leaves_names_alone():
    """Full NFKC would rewrite a compatibility ideograph (U+F9DC 隆 -> U+9686 隆) that an ID
    card system may have printed; a name must stay as on the card."""
    name = "王\uf9dc"
    assert unicodedata.normalize("NFKC", name) != name
    assert halfwidth(name) == name


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("　１２３４．５　", "1234.5"),
        ("\u00a0张三\u00a0", "张三"),
        ("张\u200b三", "张三"),
        ("（元）", "(元)"),
        ("￥８０", "¥80"),
        ("", None),
        ("   ", None),
        ("/", None),
        ("——", None),
        ("无", "无"),
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("公民身份\n号码", "公民身份号码"),
        ("姓  名", "姓名"),
        ("*日工资标准（元）", "日工资标准（元）"),
        ("Bank Card", "Bank Card"),
        (2026, "2026"),
        (None, ""),
    ],
)
def test_header_label_as_the_file_has_it(raw, label):
    assert header_label(raw) == label


def test_day_numbers_typed_as_numbers_read_as_whole_numbers():
    from yiguoji.imports.text import header_key, header_label

    assert header_label(31.0) == "31" and header_key(31.0) == "31"
    assert header_label(2.5) == "2.5"
