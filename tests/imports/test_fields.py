"""Cell parsers: what they accept from real sheets, and the exact reason when they refuse."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from stdnum import luhn

from tests.imports.sheets import bad_check_digit, resident_id
from yiguoji.imports import CellError, fields
from yiguoji.imports.fields.identity import luhn_valid

VALID_ID = resident_id("11022919900101123")  # 延庆 (old county code), born 1990-01-01
VALID_CARD = "6222020202020202" + luhn.calc_check_digit("6222020202020202")


def refuses(parser, value) -> str:
    with pytest.raises(CellError) as caught:
        parser(value)
    return caught.value.message


# --- resident ID (GB 11643) ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [VALID_ID, f" {VALID_ID[:6]} {VALID_ID[6:14]} {VALID_ID[14:]} ", VALID_ID.replace("-", "")],
)
def test_resident_id_accepts_spaced_and_returns_compact(typed):
    assert fields.resident_id()(typed) == VALID_ID


def test_resident_id_lowercase_x_becomes_upper():
    number = resident_id("11010519491231002")
    assert number.endswith("X")
    assert fields.resident_id()(number.lower()) == number


@pytest.mark.parametrize("cell", [1.10229199001011e17, 110229199001011234, 11022919900101.0])
def test_resident_id_stored_as_number_is_refused_with_the_fix(cell):
    assert refuses(fields.resident_id(), cell) == (
        "身份证号码以数字格式保存，已丢失末位数字，请将该列设置为文本格式后重新填写"
    )


def test_resident_id_in_scientific_notation_text_is_refused():
    assert "科学计数法" in refuses(fields.resident_id(), "1.10229E+17")


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (bad_check_digit(VALID_ID), "校验码错误，请核对号码"),
        (VALID_ID[:17], "应为18位（当前17位）"),
        (VALID_ID + "1", "应为18位（当前19位）"),
        ("110229900101123", "这是15位旧身份证号码，请填写18位公民身份号码"),
        (VALID_ID[:10] + "O" + VALID_ID[11:], "只能包含数字，末位可为X"),
        (resident_id("11022919901301123"), "出生日期无效"),  # month 13
        (resident_id("11022919900230123"), "出生日期无效"),  # 30 February
        (resident_id("11022921000101123"), "出生日期无效"),  # born in 2100
        (resident_id("11022918890101123"), "出生日期无效"),
    ],
)
def test_resident_id_refusals_say_why(typed, reason):
    assert refuses(fields.resident_id(), typed) == reason


def test_resident_id_checks_agree_with_stdnum():
    from stdnum.cn import ric

    rng = random.Random(7)
    for _ in range(300):
        prefix = "1101" + "".join(rng.choice("0123456789") for _ in range(2)) + "19800101"
        prefix += "".join(rng.choice("0123456789") for _ in range(3))
        number = prefix + rng.choice("0123456789X")
        try:
            ours = fields.resident_id()(number) == number
        except CellError:
            ours = False
        assert ours == (ric.calc_check_digit(number) == number[-1])


# --- bank card -------------------------------------------------------------------------------


def test_bank_card_strips_spaces_and_dashes():
    spaced = " ".join(VALID_CARD[i : i + 4] for i in range(0, len(VALID_CARD), 4))
    assert fields.bank_card()(spaced) == VALID_CARD
    assert fields.bank_card()(VALID_CARD.replace("0202", "0202-", 1)) == VALID_CARD


def test_bank_card_stored_as_number_over_15_digits_is_refused():
    assert refuses(fields.bank_card(), float(VALID_CARD)) == (
        "银行卡号以数字格式保存，已丢失末位数字，请将该列设置为文本格式后重新填写"
    )


def test_bank_card_short_number_cell_is_exact_and_accepted():
    card = "62220202020" + luhn.calc_check_digit("62220202020")  # 12 digits
    assert fields.bank_card()(float(card)) == card


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        (
            VALID_CARD[:-1] + str((int(VALID_CARD[-1]) + 1) % 10),
            "不是有效的银行卡号（Luhn校验失败），请核对号码",
        ),
        ("12345", "应为12至19位（当前5位）"),
        ("6222O20202020202", "只能包含数字"),
    ],
)
def test_bank_card_refusals(typed, reason):
    assert refuses(fields.bank_card(), typed) == reason


def test_bank_card_luhn_can_be_switched_off_for_passbooks():
    assert fields.bank_card(check_luhn=False)("622202020202020201") == "622202020202020201"


def test_fast_luhn_agrees_with_stdnum_luhn():
    rng = random.Random(11)
    for _ in range(5000):
        number = "".join(rng.choice("0123456789") for _ in range(rng.randint(12, 19)))
        assert luhn_valid(number) == luhn.is_valid(number), number


# --- phone -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        (13800138000.0, "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("010-69101234", "010-69101234"),
        ("(010)69101234", "010-69101234"),
        ("01069101234", "010-69101234"),
        ("0371-62345678", "0371-62345678"),
        ("010-69101234转8001", "010-69101234-8001"),
    ],
)
def test_phone_accepts_mobile_and_landline(typed, stored):
    assert fields.phone()(typed) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12345678901", "不是有效的手机号码"),
        ("1380013800", "应为11位手机号码或带区号的固定电话"),
        ("无", "应为11位手机号码或带区号的固定电话"),
    ],
)
def test_phone_refusals(typed, reason):
    assert refuses(fields.phone(), typed) == reason


# --- numbers and money -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,234.50", Decimal("1234.50")),
        ("1234.5元", Decimal("1234.50")),
        ("¥80", Decimal("80.00")),
        (150.5, Decimal("150.50")),
        (3 * 50.1, Decimal("150.30")),  # 150.29999999999998 from a formula, shown as 150.30
        # A formula's result Excel shows rounded: read by its shortest decimal form and
        # rounded half up to the fen, as the ledger rounds days x rate.
        (1578.675, Decimal("1578.68")),  # shown by Excel as 1578.68 (issue 10, item 13)
        (7.5 * 210.49, Decimal("1578.68")),  # 1578.6750000000002
        (2.675, Decimal("2.68")),  # the float is 2.67499999999999982236431605997495353221893310
        (1.005, Decimal("1.01")),
        (0.125, Decimal("0.13")),
        (0.1 + 0.2, Decimal("0.30")),  # 0.30000000000000004
        (200, Decimal("200.00")),
        (".5", Decimal("0.50")),
    ],
)
def test_money_accepts_what_sheets_hold(typed, amount):
    value = fields.money()(typed)
    assert value == amount
    assert isinstance(value, Decimal)
    assert value.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("150.505", "金额最多两位小数"),  # typed text is never rounded
        ("1578.675", "金额最多两位小数"),
        (1e30, "数值过大"),
        ("-1", "不能小于0"),
        ("一百", "应为数字"),
        ("1e5", "应为数字"),
        ("NaN", "应为数字"),
        ("12.3.4", "应为数字"),
        (True, "应为数字"),
    ],
)
def test_money_refusals(typed, reason):
    assert refuses(fields.money(), typed) == reason


def test_other_decimals_are_not_rounded():
    """Days and hours with more decimals than allowed are refused, not rounded: rounding 10.25
    days to 10.3 would only lead to a stranger message."""
    days = fields.decimal(1, 0, 31, label="天数")
    assert days(10.5) == Decimal("10.5")
    assert days(0.1 * 3) == Decimal("0.3")  # 0.30000000000000004 is within 1e-9
    assert refuses(days, 10.25) == "天数最多一位小数"


def test_decimal_bounds_and_places():
    field = fields.decimal(places=4, max_value=Decimal("10000"))
    assert field("12.3456") == Decimal("12.3456")
    assert refuses(field, "12.34567") == "数字最多四位小数"
    assert refuses(field, 10001) == "不能大于10000"


@pytest.mark.parametrize(("typed", "number"), [(22.0, 22), ("22", 22), ("22天", 22), (" 3.0", 3)])
def test_integer_accepts(typed, number):
    assert (
        fields.integer(0, 31, unit="天")(typed.strip() if isinstance(typed, str) else typed)
        == number
    )


@pytest.mark.parametrize(
    ("typed", "reason"),
    [(22.5, "应为整数"), ("两天", "应为数字"), (32, "不能大于31"), (-1, "不能小于0")],
)
def test_integer_refusals(typed, reason):
    assert refuses(fields.integer(0, 31), typed) == reason


# --- dates -----------------------------------------------------------------------------------

JAN5 = dt.date(2026, 1, 5)


@pytest.mark.parametrize(
    "typed",
    [
        JAN5,
        dt.datetime(2026, 1, 5, 8, 30),
        46027.0,  # Excel serial number of a date typed into a number-formatted cell
        46027,
        20260105,
        20260105.0,
        "2026-01-05",
        "2026/1/5",
        "2026.1.5",
        "2026年1月5日",
        "2026 年 1 月 5 日",
        "20260105",
        "2026-01-05 00:00:00",
    ],
)
def test_date_accepts_every_spelling(typed):
    assert fields.date()(typed) == JAN5


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("2026-02-30", "日期不存在（2026年2月30日）"),
        ("明天", "日期格式不正确，应填写如 2026-01-05"),
        (dt.time(8, 30), "日期格式不正确，应填写如 2026-01-05"),
        (99999999.0, "日期格式不正确，应填写如 2026-01-05"),
    ],
)
def test_date_refusals(typed, reason):
    assert refuses(fields.date(), typed) == reason


def test_date_bounds():
    field = fields.date(min_value=dt.date(2026, 1, 1))
    assert refuses(field, "2025-12-31") == "不能早于2026-01-01"


@pytest.mark.parametrize(
    "typed",
    ["2026-01", "2026/1", "2026.01", "2026年1月", "2026年01月份", "202601", 202601, JAN5, 46027.0],
)
def test_month_accepts(typed):
    assert fields.month()(typed) == dt.date(2026, 1, 1)


def test_month_refuses_month_13():
    assert refuses(fields.month(), "2026-13") == "月份不存在（13月）"


# --- choices ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("是", True), ("√", True), ("Y", True), (1.0, True), (False, False), ("否", False),
     ("×", False), ("n", False)],
)  # fmt: skip
def test_boolean(typed, value):
    assert fields.boolean()(typed) is value


def test_boolean_refusal():
    assert refuses(fields.boolean(), "也许") == "应填写“是”或“否”"


def test_choice_maps_label_code_and_synonym():
    field = fields.choice(
        [("general", "一般劳动环节"), ("services", "服务保障环节")], {"普工": "general"}
    )
    assert field("一般劳动环节") == "general"
    assert field(" 服务保障 环节") == "services"
    assert field("GENERAL") == "general"
    assert field("普工") == "general"
    assert refuses(field, "管理") == "“管理”不是可选的值，应为：一般劳动环节、服务保障环节"
    assert field.choices == ("一般劳动环节", "服务保障环节")


def test_choice_from_mapping():
    assert fields.choice({"男": "m", "女": "f"})("女") == "f"


def test_multi_choice_splits_on_every_separator():
    field = fields.multi_choice(
        [("p", "脱贫人口"), ("m", "防止返贫监测对象"), ("d", "因灾需救助")], {"脱贫户": "p"}
    )
    assert field("脱贫人口、防止返贫监测对象") == ["p", "m"]
    assert field("脱贫户,因灾需救助;脱贫人口") == ["p", "d"]
    assert field("脱贫人口 / 因灾需救助") == ["p", "d"]
    assert field("无") == []
    assert refuses(field, "脱贫人口、低保户、五保户") == (
        "“低保户”、“五保户”不是可选的值，应为：脱贫人口、防止返贫监测对象、因灾需救助"
    )


# --- text ------------------------------------------------------------------------------------


def test_text_collapses_inner_whitespace_and_limits_length():
    assert fields.text(max_length=10)("上水磨村\n 二组") == "上水磨村 二组"
    assert refuses(fields.text(max_length=3), "上水磨村") == "最多3个字（当前4个字）"
    assert fields.text()(110229.0) == "110229"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("张  三", "张三"),
        ("张 三 丰", "张三丰"),
        ("阿依古丽.买买提", "阿依古丽·买买提"),
        ("John Smith", "John Smith"),
    ],
)
def test_person_name(typed, name):
    assert fields.person_name()(typed) == name


def test_person_name_refuses_digits():
    assert refuses(fields.person_name(), "张三1") == "姓名不能包含数字"


def test_money_remembers_repeated_numeric_cells_but_still_refuses_bad_ones():
    field = fields.money(max_value=1000)
    assert field(150.5) is field(150.5)  # a ledger repeats its rates; parsed once
    for _ in range(2):
        assert refuses(field, 1500.0) == "不能大于1000"
        assert refuses(field, float("nan")) == "应为数字"
