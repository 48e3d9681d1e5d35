"""Valid sample numbers for demo data, tests and benchmarks (never real people).

Resident IDs carry the real Yanqing area code 110229 and a correct GB 11643 check character;
bank cards pass the Luhn check.
"""

from __future__ import annotations

import datetime as dt
import random

from stdnum import luhn
from stdnum.cn import ric

YANQING = "110229"  # 延庆县 until 2015; 延庆区 has issued 110119 since
# Issuer prefixes of bank cards common in rural Beijing (农商银行, 邮储银行, 农业银行).
CARD_PREFIXES = ("621067", "622188", "622848")


def resident_id(birth: dt.date, order: int, *, area: str = YANQING, male: bool = True) -> str:
    """An 18-character ID; ``order`` (0-499) is made odd for men and even for women."""
    code = (order % 500) * 2 + (1 if male else 0)
    body = f"{area}{birth:%Y%m%d}{code:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function skips the last character


def bank_card(serial: int, *, prefix: str = CARD_PREFIXES[0], length: int = 19) -> str:
    body = f"{prefix}{serial:0{length - len(prefix) - 1}d}"
    return body + luhn.calc_check_digit(body)


def random_people(count: int, *, seed: int = 2026, area: str = YANQING):
    """``count`` distinct (resident ID, bank card, birth date, male) tuples, reproducibly."""
    rng = random.Random(seed)
    seen: set[str] = set()
    while len(seen) < count:
        birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 42))
        male = rng.random() < 0.62
        number = resident_id(birth, rng.randrange(500), male=male, area=area)
        if number in seen:
            continue
        seen.add(number)
        card = bank_card(rng.randrange(10**11), prefix=rng.choice(CARD_PREFIXES))
        yield number, card, birth, male
