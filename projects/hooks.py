"""Where a higher app (payroll) gives the project pages the wages actually paid.

``projects`` never imports ``payroll``. Payroll registers one provider at start-up::

    from projects.hooks import WageFigures, register_wage_figures

    @register_wage_figures
    def wage_figures_for(projects) -> dict[int, WageFigures]:
        ...  # one or two queries for all of ``projects``

The project detail page, the list's figures and the permanent notice board (art. 31) read
through :func:`wage_figures` / :func:`wage_figures_for`. Until a provider is registered (or when
it has no figures for a project), they say plainly that no wages have been paid yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

Provider = Callable[[list], dict[int, "WageFigures"]]
_providers: list[Provider] = []


@dataclass(frozen=True)
class WageFigures:
    """What a project has actually paid: for the permanent notice and the wage share."""

    workers: int  # people who worked on the project
    wages_paid: Decimal  # yuan actually paid
    local_workers: int | None = None  # of them, local rural labour (art. 28)
    priority_workers: int | None = None  # of them, priority groups (art. 28)
    person_days: int | None = None
    as_of: datetime.date | None = None  # the latest month the figures cover


def register_wage_figures(provider: Provider) -> Provider:
    """Register ``provider(projects) -> {project_id: WageFigures}`` (batched: one call per page)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_wage_figures(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def wage_figures_for(projects: Iterable) -> dict[int, WageFigures]:
    """Figures for several projects at once; projects without figures are absent."""
    projects = list(projects)
    figures: dict[int, WageFigures] = {}
    if not projects:
        return figures
    for provider in _providers:
        figures.update(provider(projects))
    return figures


def wage_figures(project) -> WageFigures | None:
    return wage_figures_for([project]).get(project.pk)


# --- Preconditions that a higher app adds to a lifecycle step -------------------------------
TransitionCheck = Callable[[object], list[str]]
_transition_checks: dict[str, list[TransitionCheck]] = {}


def register_transition_check(action: str, check: TransitionCheck) -> TransitionCheck:
    """Add ``check(project) -> [what is missing, ...]`` to the lifecycle step ``action``.

    E.g. assessment registers, for ``accept``, that a project with unpaid wage lines, ledgers not
    yet submitted or open wage complaints cannot be accepted (art. 32, plan task 13).
    The lifecycle runs these with its own checks, so a refusal lists everything at once.
    """
    checks = _transition_checks.setdefault(action, [])
    if check not in checks:
        checks.append(check)
    return check


def transition_missing(action: str, project) -> list[str]:
    """What the registered checks of ``action`` find missing on ``project``."""
    return [message for check in _transition_checks.get(action, ()) for message in check(project)]


# --- Workers' pay on the public page (art. 31), when the district shows it ---------------------


@dataclass(frozen=True)
class PublicPayRow:
    """One worker as the public page may show them: a masked name, never an ID or a card."""

    masked_name: str
    person_days: Decimal
    paid: Decimal


PayRowsProvider = Callable[[object, int, int], tuple[list[PublicPayRow], int]]
_pay_rows: list[PayRowsProvider] = []


def register_public_pay_rows(provider: PayRowsProvider) -> PayRowsProvider:
    """Register ``provider(project, offset, limit) -> (rows, total)`` (payroll does)."""
    if provider not in _pay_rows:
        _pay_rows.append(provider)
    return provider


def public_pay_rows(project, offset: int, limit: int) -> tuple[list[PublicPayRow], int]:
    for provider in _pay_rows:
        return provider(project, offset, limit)
    return [], 0
