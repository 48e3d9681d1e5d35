"""Fund rules as pure functions: wage share (art. 30), forbidden uses (art. 19), funding sums.

Services call these inside their transactions; pages and exports call them to show figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from projects.choices import (
    FORBIDDEN_FOR_SPECIAL_FUNDS,
    NATIONAL_SPECIAL_SOURCES,
    NON_FISCAL_SOURCES,
    ExpenditureCategory,
    FundSource,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")
CENTRAL_SOURCES = NATIONAL_SPECIAL_SOURCES  # 中央资金 (art. 13, art. 30)

# art. 30: "不得将租赁当地群众机械设备等费用计入劳务报酬". A wage line whose description names
# machinery or rent is refused and pointed to the machinery rental category.
MACHINERY_WORDS = ("机械", "设备", "租赁", "台班", "挖掘机", "铲车", "车辆", "租金")


def wage_share(wages: Decimal | None, funds: Decimal | None) -> Decimal | None:
    """Wages / funds, as a fraction rounded to 4 places; None without funds (not applicable).

    Art. 30 asks two ratios, each with its own denominator: wages against *central* funds
    (劳务报酬占中央资金比例, the special plan's requirement, which the year's target holds) and
    wages against *fiscal* funds (占财政资金的比例, as high as possible). Compare like with like:
    planned wages with the funds arranged, wages paid to date with the funds spent to date."""
    if wages is None or not funds:
        return None
    return (Decimal(wages) / Decimal(funds)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _lines_total(lines: Iterable, keep) -> Decimal:
    total = ZERO
    for line in lines:
        source = line["source"] if isinstance(line, dict) else line.source
        if keep(source):
            total += Decimal(line["amount"] if isinstance(line, dict) else line.amount)
    return total


def central_funds(lines: Iterable) -> Decimal:
    """中央资金 (art. 30): the national special funds (中央预算内投资, 中央财政衔接资金)."""
    return _lines_total(lines, lambda source: source in CENTRAL_SOURCES)


def fiscal_funds(lines: Iterable) -> Decimal:
    """财政资金 (art. 30): every budget's money — central, municipal and the district's own —
    not social or other funds."""
    return _lines_total(lines, lambda source: source not in NON_FISCAL_SOURCES)


def below_target(share: Decimal | None, target: Decimal | None) -> bool | None:
    """True/False against the year's target; None when either is unknown."""
    if share is None or target is None:
        return None
    return share < target


def special_fund_allowed(source: str, is_special_fund: bool) -> str | None:
    """Why a funding line's special-fund flag is wrong for its source, or None."""
    label = FundSource(source).label
    if source in NATIONAL_SPECIAL_SOURCES and not is_special_fund:
        return f"“{label}”属于国家以工代赈专项资金（第十三条），须计入专项资金"
    if source in NON_FISCAL_SOURCES and is_special_fund:
        return f"“{label}”不是财政资金，不能计为以工代赈专项资金"
    return None


def special_fund_total(lines: Iterable) -> Decimal:
    """Sum of the special-fund lines (objects or dicts with ``amount`` and ``is_special_fund``)."""
    total = ZERO
    for line in lines:
        amount = line["amount"] if isinstance(line, dict) else line.amount
        special = line["is_special_fund"] if isinstance(line, dict) else line.is_special_fund
        if special:
            total += Decimal(amount)
    return total


def funding_total(lines: Iterable) -> Decimal:
    return sum(
        (Decimal(line["amount"] if isinstance(line, dict) else line.amount) for line in lines),
        ZERO,
    )


def funding_mismatch(lines: Iterable, total_investment: Decimal) -> str | None:
    """Why the funding lines do not add up to the total investment (art. 9), or None."""
    lines = list(lines)
    total = funding_total(lines)
    if total != Decimal(total_investment):
        return f"各资金来源合计 {total:,.2f} 元，与总投资 {Decimal(total_investment):,.2f} 元不一致"
    return None


def expenditure_refusal(category: str, description: str, from_special_fund: bool) -> str | None:
    """Why an expenditure line is not allowed (art. 19, art. 30), in words, or None."""
    if from_special_fund and category in FORBIDDEN_FOR_SPECIAL_FUNDS:
        item = FORBIDDEN_FOR_SPECIAL_FUNDS[category]
        return (
            f"“{ExpenditureCategory(category).label}”属于《国家以工代赈管理办法》第十九条{item}"
            "规定的禁止支出，不得列支以工代赈专项资金"
        )
    if category == ExpenditureCategory.WAGES and any(w in description for w in MACHINERY_WORDS):
        return (
            "租赁当地群众机械设备等费用不得计入劳务报酬（第三十条），"
            "请将该支出归入“机械设备租赁”类别"
        )
    return None


def wage_lines_total(lines: Iterable) -> Decimal:
    """The planned wages in an expenditure plan: only the wages category counts (art. 30)."""
    return sum((line.amount for line in lines if line.category == ExpenditureCategory.WAGES), ZERO)


# --- funds disbursed against progress (safeguard (二), art. 21) --------------------------------


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one place; None when either is unknown."""
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class FundsProgress:
    """One project's money against its works: what the funding lines arrange, what has been
    disbursed (the disbursement ledger), what has been spent (累计完成投资) and the works'
    progress (形象进度), the last two as the project unit last confirmed them."""

    arranged: Decimal
    disbursed: Decimal
    spent: Decimal | None = None
    progress: int | None = None
    last_disbursed_on: dt.date | None = None
    reported_month: dt.date | None = None

    @property
    def disbursed_pct(self) -> Decimal | None:
        return percent(self.disbursed, self.arranged)

    @property
    def spent_pct(self) -> Decimal | None:
        return percent(self.spent, self.arranged)

    @property
    def idle(self) -> Decimal | None:
        """Disbursed and not yet spent (never negative)."""
        if self.spent is None:
            return None
        return max(self.disbursed - self.spent, ZERO)


@dataclass(frozen=True)
class FundsWarning:
    code: str  # idle | lag | ahead
    label: str
    text: str


WARNING_LABELS = {
    "idle": "资金闲置",
    "lag": "拨付滞后于进度",
    "ahead": "支出超前于进度",
}


def funds_warnings(figures: FundsProgress, programme, today: dt.date) -> list[FundsWarning]:
    """The district's warnings on one project (safeguard (二): 对资金使用、项目进度……进行督导;
    art. 21: 及时、准确、规范使用), each threshold the district's data in 年度参数
    (``ProgrammeYear``); a blank threshold gives no warning.

    * idle (资金闲置): the part of the disbursed money not yet spent exceeds ``idle_share`` of
      it, and the last transfer is at least ``idle_days`` old;
    * lag (拨付滞后): the works' progress is more than ``lag_points`` percentage points ahead of
      the money disbursed (work going on while the funds are not disbursed);
    * ahead (支出超前): the money spent is more than ``ahead_points`` points ahead of the works.
    """
    found: list[FundsWarning] = []
    if programme is None:
        return found
    idle = figures.idle
    if programme.idle_share is not None and idle and figures.disbursed > 0:
        share = idle / figures.disbursed
        days = (today - figures.last_disbursed_on).days if figures.last_disbursed_on else None
        wait = programme.idle_days
        old_enough = wait is None or (days is not None and days >= wait)
        if share > programme.idle_share and old_enough:
            found.append(
                FundsWarning(
                    "idle",
                    WARNING_LABELS["idle"],
                    f"已拨付 {figures.disbursed:,.2f} 元，累计完成投资 {figures.spent:,.2f} 元，"
                    f"{idle:,.2f} 元（占已拨付 {share * 100:.1f}%）尚未支出"
                    + (f"，最近一次拨付已 {days} 天" if days is not None else ""),
                )
            )
    progress, disbursed_pct, spent_pct = figures.progress, figures.disbursed_pct, figures.spent_pct
    if programme.lag_points is not None and progress is not None and disbursed_pct is not None:
        gap = Decimal(figures.progress) - disbursed_pct
        if gap > programme.lag_points:
            found.append(
                FundsWarning(
                    "lag",
                    WARNING_LABELS["lag"],
                    f"形象进度 {figures.progress}%，拨付进度 {disbursed_pct}%，"
                    f"拨付滞后 {gap} 个百分点",
                )
            )
    if programme.ahead_points is not None and progress is not None and spent_pct is not None:
        gap = spent_pct - Decimal(figures.progress)
        if gap > programme.ahead_points:
            found.append(
                FundsWarning(
                    "ahead",
                    WARNING_LABELS["ahead"],
                    f"支出进度 {spent_pct}%（累计完成投资÷计划资金），"
                    f"形象进度 {figures.progress}%，"
                    f"支出超前 {gap} 个百分点",
                )
            )
    return found


# --- wages paid to date against the funds spent to date (art. 30, like with like) ------------


def spent_part(spent: Decimal | None, part: Decimal | None, total_investment) -> Decimal | None:
    """The part of what has been spent (累计完成投资) that came from ``part`` (the central or the
    fiscal funds), in proportion to the funding: min(spent, total) × part ÷ total, to the fen.
    None when nothing was reported, or the project has no such funds."""
    if spent is None or not part or not total_investment:
        return None
    spent = min(Decimal(spent), Decimal(total_investment))
    return (spent * Decimal(part) / Decimal(total_investment)).quantize(CENT, ROUND_HALF_UP)


def expenditure_plan_refusal(
    existing: Iterable,
    *,
    category: str,
    description: str,
    amount: Decimal,
    from_special_fund: bool,
    total_investment: Decimal,
    special_funds: Decimal | None,
) -> dict[str, str] | None:
    """Why a new line does not fit the project's expenditure plan, as ``{field: message}``
    naming the line, or None (issue 10 item 18; art. 9 total investment and sources, art. 19
    and art. 24 fund compliance: a plan cannot spend more than the project has).

    ``existing`` are the plan's lines (objects with ``category``, ``description``, ``amount``,
    ``from_special_fund``). Refused: an exact duplicate of a line already planned; a plan whose
    total would exceed the total investment (the funding lines, when given, add up to it:
    ``funding_mismatch``); lines charged to the special funds beyond the special funds
    (``special_funds`` None: no funding recorded yet, left to the art. 24 review's
    ``expenditure_plan_consistent``)."""
    existing = list(existing)
    amount = Decimal(amount)
    name = f"“{ExpenditureCategory(category).label}·{description}”{amount:,.2f} 元"
    for seq, line in enumerate(existing, start=1):
        if (
            line.category == category
            and line.description.strip() == description.strip()
            and Decimal(line.amount) == amount
            and bool(line.from_special_fund) == bool(from_special_fund)
        ):
            return {
                "description": f"{name}与支出计划第{seq}行完全相同，不能重复添加；"
                "如确有两笔相同支出，请合并金额或写明区别"
            }
    total = sum((Decimal(line.amount) for line in existing), ZERO) + amount
    investment = Decimal(total_investment or 0)
    if total > investment:
        return {
            "amount": f"{name}：加上这一行，支出计划合计 {total:,.2f} 元，"
            f"超过项目总投资 {investment:,.2f} 元"
        }
    if from_special_fund and special_funds is not None:
        charged = (
            sum((Decimal(line.amount) for line in existing if line.from_special_fund), ZERO)
            + amount
        )
        special = Decimal(special_funds)
        if charged > special:
            return {
                "amount": f"{name}：加上这一行，列支以工代赈专项资金的支出合计 {charged:,.2f} 元，"
                f"超过以工代赈专项资金 {special:,.2f} 元"
            }
    return None
