"""Reusable cell parsers for import specs: ``Column("wage", "日工资", parse=fields.money())``.

Each parser takes one non-empty, already normalised cell value and returns the value to store,
or raises ``CellError`` with a specific Chinese reason. See ``base.py`` for the contract.
"""

from yiguoji.imports.fields.base import CellError, Field, as_text
from yiguoji.imports.fields.choices import Boolean, Choice, MultiChoice
from yiguoji.imports.fields.dates import Date, Month
from yiguoji.imports.fields.identity import BankCard, Phone, ResidentID
from yiguoji.imports.fields.numbers import DecimalField, Integer, money
from yiguoji.imports.fields.text import PersonName, Text

# Lower-case factories, so specs read as declarations: fields.text(max_length=50).
text = Text
person_name = PersonName
integer = Integer
decimal = DecimalField
date = Date
month = Month
boolean = Boolean
choice = Choice
multi_choice = MultiChoice
phone = Phone
resident_id = ResidentID
bank_card = BankCard

__all__ = [
    "BankCard",
    "Boolean",
    "CellError",
    "Choice",
    "Date",
    "DecimalField",
    "Field",
    "Integer",
    "Month",
    "MultiChoice",
    "PersonName",
    "Phone",
    "ResidentID",
    "Text",
    "as_text",
    "bank_card",
    "boolean",
    "choice",
    "date",
    "decimal",
    "integer",
    "money",
    "month",
    "multi_choice",
    "person_name",
    "phone",
    "resident_id",
    "text",
]
