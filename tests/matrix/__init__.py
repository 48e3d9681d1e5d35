"""The role-by-URL matrix: every role against every page, asserting 200 / 302 / 403 / 404.

Each app adds a module ``tests/matrix/cases_<app>.py`` with two things:

* ``build(world)``: create the app's objects in the shared world (township A is the signed-in
  township's own, township B is someone else's), as attributes of ``world``;
* ``CASES``: a list of :class:`Case`, each a URL (a function of the world) and the status every
  role must get. Roles not named get ``default``. Anonymous visitors are always redirected to the
  login page (302), except for public URLs (``public=True``).

The world is built once per test module, inside a transaction rolled back at the end.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

# The roles of the matrix's columns: one signed-in user each, all in township A where it matters.
ROLES = (
    "district_office",
    "department",
    "labour_bureau",
    "finance",
    "township",
    "project_unit",
    "contractor",
    "leader",
    "auditor",
)
# Modules are built in dependency order (style.md: payroll builds on projects, and so on).
APP_ORDER = ("core", "projects", "payroll", "training", "assessment")


@dataclass(frozen=True)
class Case:
    name: str
    url: Callable[[SimpleNamespace], str]
    expect: dict[str, int] = field(default_factory=dict)
    default: int = 403
    method: str = "get"
    data: Callable[[SimpleNamespace], dict] | None = None
    public: bool = False

    def status_for(self, role: str) -> int:
        return self.expect.get(role, self.default)


def everyone(status: int = 200) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def only(*roles: str, status: int = 200) -> dict[str, int]:
    return dict.fromkeys(roles, status)


def case_modules():
    import tests.matrix as package

    found = {
        name.removeprefix("cases_"): importlib.import_module(f"tests.matrix.{name}")
        for _, name, _ in pkgutil.iter_modules(package.__path__)
        if name.startswith("cases_")
    }
    ordered = [found[app] for app in APP_ORDER if app in found]
    return ordered + [module for app, module in sorted(found.items()) if app not in APP_ORDER]


def all_cases() -> list[Case]:
    cases = [case for module in case_modules() for case in module.CASES]
    names = [case.name for case in cases]
    duplicates = {name for name in names if names.count(name) > 1}
    assert not duplicates, f"matrix case names must be unique: {duplicates}"
    return cases


def build_world() -> SimpleNamespace:
    world = SimpleNamespace()
    for module in case_modules():
        module.build(world)
    return world
