"""Resident ID and bank card numbers: checking them, and the columns that protect them.

Checking reuses the import engine's cell parsers (one definition of a valid number for forms and
uploads alike). Storing follows ``yiguoji.core.crypto``: ciphertext, blind index, masked form.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from payroll.choices import Sex
from yiguoji.core import crypto
from yiguoji.imports import fields
from yiguoji.imports.errors import CellError

ID_PURPOSE = "payroll.worker.id_number"
CARD_PURPOSE = "payroll.worker.bank_card"

_resident_id = fields.resident_id()
_bank_card = fields.bank_card()
_phone = fields.phone()


def _check(parser, value: str, label: str) -> str:
    try:
        return parser(value)
    except CellError as error:
        raise ValidationError(f"{label}{error.message}") from None


def clean_resident_id(value: str) -> str:
    """The 18-character ID (GB 11643: length, birth date, check digit), or ValidationError."""
    return _check(_resident_id, value.strip(), "公民身份号码")


def clean_bank_card(value: str) -> str:
    return _check(_bank_card, value.strip(), "银行卡号")


def clean_phone(value: str) -> str:
    return _check(_phone, value.strip(), "联系电话")


def birth_date_of(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_of(number: str) -> str:
    """The 17th digit (order code) is odd for men and even for women (GB 11643)."""
    return Sex.MALE if int(number[16]) % 2 else Sex.FEMALE


def age_on(birth_date: dt.date, day: dt.date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def home_of(number: str) -> tuple[str, str]:
    """(province, county) of the administrative division code that opens the ID (GB 11643;
    GB/T 2260 as python-stdnum keeps it), or ("", "") for a code it does not know. A county that
    was renamed carries its names by period; the newest is taken (art. 45: 户籍所在县)."""
    from stdnum import numdb

    info = {k: v for _, props in numdb.get("cn/loc").info(number[:6]) for k, v in props.items()}
    county = info.get("county", "").split(",")[-1]
    if county.startswith("["):
        county = county.split("]", 1)[1]
    if county == info.get("province"):
        county = ""  # a code that stops at the province
    return info.get("province", ""), county


def id_index(number: str) -> bytes:
    return crypto.blind_index(number, purpose=ID_PURPOSE)


def card_index(number: str) -> bytes:
    return crypto.blind_index(number, purpose=CARD_PURPOSE)


def id_masked(number: str) -> str:
    """The display form of a resident ID number (what a role without the reveal right sees)."""
    return crypto.mask(number, head=6, tail=4)


def id_indexes(number: str) -> list[bytes]:
    """The ID's index under every configured key (current first): what a look-up searches, so
    that a person is found while a key rotation is under way."""
    return crypto.blind_indexes(number, purpose=ID_PURPOSE)


def current_id_indexes(numbers) -> dict[bytes, bytes]:
    """Every configured key's index of each number -> its index under the current key: maps the
    indexes found in the register back to the caller's (current) ones during a rotation."""
    return {
        candidate: indexes[0]
        for number in numbers
        for indexes in (id_indexes(number),)
        for candidate in indexes
    }


def id_columns(number: str) -> dict:
    """The Worker columns that hold a (valid, compact) resident ID number."""
    return {
        "id_number_encrypted": crypto.seal(number, purpose=ID_PURPOSE),
        "id_index": id_index(number),
        "id_masked": id_masked(number),
        "birth_date": birth_date_of(number),
        "sex": sex_of(number),
        **dict(zip(("home_province", "home_county"), home_of(number), strict=True)),
    }


def card_columns(number: str | None) -> dict:
    """The Worker columns that hold a bank card number (all empty when there is none)."""
    if not number:
        return {"bank_card_encrypted": None, "bank_card_index": None, "bank_card_masked": ""}
    return {
        "bank_card_encrypted": crypto.seal(number, purpose=CARD_PURPOSE),
        "bank_card_index": card_index(number),
        "bank_card_masked": crypto.mask(number, head=4, tail=4),
    }
