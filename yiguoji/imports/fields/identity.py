"""Resident ID numbers, bank card numbers and phone numbers.

These are digit strings, not numbers. Excel keeps only 15 significant digits of a number, so an
18-digit ID number typed into a cell formatted as a number is already ruined when we get it
(110229199001011234 becomes 1.10229199001011E+17): such cells are refused with the fix, never
"repaired" (domain.md: "An ID number stored as a number has lost digits: reject it and say so").
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from stdnum.cn import ric

from yiguoji.imports.fields.base import CellError, Field, as_text
from yiguoji.imports.text import squeeze

ID_AS_NUMBER = "身份证号码以数字格式保存，已丢失末位数字，请将该列设置为文本格式后重新填写"
CARD_AS_NUMBER = "银行卡号以数字格式保存，已丢失末位数字，请将该列设置为文本格式后重新填写"
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?E\+?\d+", re.IGNORECASE)
_DIGITS_ONLY = str.maketrans("", "", " -")
_DIGIT_VALUE = bytes.maketrans(b"0123456789", bytes(range(10)))
_DOUBLED_DIGIT = bytes.maketrans(b"0123456789", bytes((0, 2, 4, 6, 8, 1, 3, 5, 7, 9)))


def luhn_valid(digits: str) -> bool:
    """The Luhn check (ISO/IEC 7812) for an ASCII digit string.

    Gives the same answer as ``stdnum.luhn.is_valid`` (the tests compare them on random
    numbers) in a seventh of the time, which matters at 10,000 cards per upload.
    """
    data = digits.encode("ascii")
    odd = sum(data[-1::-2].translate(_DIGIT_VALUE))
    even = sum(data[-2::-2].translate(_DOUBLED_DIGIT))
    return (odd + even) % 10 == 0


def _digit_text(value: Any, as_number_message: str, *, exact_digits: int = 15) -> str:
    """The digits of a text cell; a numeric cell only if it cannot have lost digits."""
    if isinstance(value, bool):
        raise CellError("应为数字号码")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not value.is_integer():
            raise CellError(as_number_message)
        text = str(int(value))
        if len(text) > exact_digits:
            raise CellError(as_number_message)
        return text
    text = squeeze(as_text(value)).translate(_DIGITS_ONLY)
    if _SCIENTIFIC.fullmatch(text):
        raise CellError(as_number_message.replace("以数字格式保存", "显示为科学计数法"))
    return text


_THIS_YEAR = dt.date.today().year  # only a cheap pre-filter; today() is asked when it matters


class ResidentID(Field):
    """18-digit resident ID number per GB 11643-1999: 6-digit address code, 8-digit birth date,
    3-digit order code, ISO 7064 MOD 11-2 check character (0-9 or X).

    Checks the length, the digits, the check character (``stdnum.cn.ric``) and the birth date.
    The address code is not looked up: python-stdnum's GB/T 2260 table lags the official list,
    and refusing a real worker over a stale table is worse than the typo it would catch (the
    check character already catches single-digit typos). Returns the compact 18-character
    string with an upper-case X.
    """

    hint = "18位公民身份号码，末位可为X；请将该列设置为文本格式"
    number_format = "@"

    def __call__(self, value: Any) -> str:
        if value.__class__ is str and len(value) == 18 and value.isascii():
            number = value.upper()  # the common case, already clean
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            raise CellError(ID_AS_NUMBER)  # every 18-digit number has lost digits in Excel
        else:
            number = _digit_text(value, ID_AS_NUMBER).upper()
        if len(number) == 15 and number.isdigit():
            raise CellError("这是15位旧身份证号码，请填写18位公民身份号码")
        if len(number) != 18:
            raise CellError(f"应为18位（当前{len(number)}位）")
        if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
            raise CellError("只能包含数字，末位可为X")
        try:
            birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        except ValueError:
            raise CellError("出生日期无效") from None
        if birth.year < 1900 or (birth.year >= _THIS_YEAR - 1 and birth > dt.date.today()):
            raise CellError("出生日期无效")
        if number[17] != ric.calc_check_digit(number):
            raise CellError("校验码错误，请核对号码")
        return number


class BankCard(Field):
    """A bank card number: 12-19 digits passing the Luhn check (domain.md: "bank card (Luhn)").

    Spaces and dashes typed for readability are removed. A numeric cell is accepted only when it
    has 15 digits or fewer, the most Excel stores exactly.
    """

    hint = "银行卡号，12至19位数字；请将该列设置为文本格式"
    number_format = "@"

    def __init__(self, *, check_luhn: bool = True) -> None:
        self.check_luhn = check_luhn

    def __call__(self, value: Any) -> str:
        if value.__class__ is str and value.isdigit() and value.isascii():
            number = value
        else:
            number = _digit_text(value, CARD_AS_NUMBER)
        if not number.isdigit() or not number.isascii():
            raise CellError("只能包含数字")
        if not 12 <= len(number) <= 19:
            raise CellError(f"应为12至19位（当前{len(number)}位）")
        if self.check_luhn and not luhn_valid(number):
            raise CellError("不是有效的银行卡号（Luhn校验失败），请核对号码")
        return number


_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes 010 and 020-029 have three digits, all others four; the dash is optional.
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:(?:-|转)(\d{1,6}))?")
_PHONE_NOISE = str.maketrans({"(": "", ")": "-", " ": ""})


class Phone(Field):
    """A mainland mobile number (11 digits) or a landline with area code ("010-69101234").

    Returns the mobile number's 11 digits, or "区号-号码[-分机]" for a landline.
    """

    hint = "11位手机号码，或带区号的固定电话（如 010-69101234）"
    number_format = "@"

    def __call__(self, value: Any) -> str:
        if value.__class__ is str and len(value) == 11 and _MOBILE.fullmatch(value):
            return value
        if isinstance(value, bool):
            raise CellError("应为11位手机号码或带区号的固定电话")
        if isinstance(value, (int, float)):
            text = as_text(value)
        else:
            text = squeeze(as_text(value)).translate(_PHONE_NOISE)
        if text.startswith("+86"):
            text = text[3:].lstrip("-")
        elif text.startswith("86") and len(text) == 13:
            text = text[2:]
        if _MOBILE.fullmatch(text):
            return text
        landline = _LANDLINE.fullmatch(text)
        if landline:
            area, number, extension = landline.groups()
            return f"{area}-{number}" + (f"-{extension}" if extension else "")
        if text.isdigit() and len(text) == 11 and text.startswith("1"):
            raise CellError("不是有效的手机号码")
        raise CellError("应为11位手机号码或带区号的固定电话")
