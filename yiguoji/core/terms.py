"""The district's own words for itself and its bodies (区 / 县 / 旗; 区发展改革委 or 县发展改革局).

They come from the district's data file (``data/districts/<name>/district.csv``: ``level``,
``development_office``, ``labour_bureau``, ``finance_bureau``; loaded by ``load_district``) and
are kept on the one :class:`~yiguoji.core.models.District` row. Code never spells them: Python
reads :func:`terms` (``terms().office``), templates ``{{ terms.office }}`` (context processor and
every PDF), and the choices whose labels name a body (organisation kinds, roles, organiser
kinds, the district's own funds) take lazy labels from :func:`term`.

The row is read once per process and kept (like ``django.contrib.sites``' current site); saving
or deleting it clears the copy. Another process (a web worker) sees a reloaded district file after
its restart. Before any district is loaded the words are the national measures' generic ones
(县级发展改革部门 ...).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import psycopg.errors
from django.db import ProgrammingError
from django.utils.functional import lazy

# What each word falls back to when the district file does not say it (national measures art. 4:
# 县级发展改革部门 ...); derived from the level, so a 县 reads 县级财政部门.
LEVELS = ("区", "县", "旗", "市")


@dataclass(frozen=True)
class Terms:
    name: str = ""  # 延庆区
    full_name: str = ""  # 北京市延庆区
    level: str = "县"  # 区 / 县 / 旗 / 市: how the district calls itself (全区, 区级, 区领导)
    office: str = "县级发展改革部门"  # the work-relief lead office (区发展改革委 / 县发展改革局)
    labour_bureau: str = "县级人力社保部门"  # 区人力社保局 / 县人力资源和社会保障局
    finance_bureau: str = "县级财政部门"  # 区财政局 / 县财政局

    @property
    def leaders(self) -> str:
        """区领导 / 县领导."""
        return f"{self.level}领导"

    @property
    def government(self) -> str:
        """区人民政府 / 县人民政府 (national measures art. 36: 县级人民政府审定)."""
        return f"{self.level}人民政府"

    @property
    def whole(self) -> str:
        """全区 / 全县: the whole district, e.g. as the dashboard's "all townships"."""
        return f"全{self.level}"

    @property
    def own_funds(self) -> str:
        """区级资金 / 县级资金: the district's own budget as a funding source."""
        return f"{self.level}级资金"

    @property
    def within(self) -> str:
        """区内 / 县内."""
        return f"{self.level}内"

    @property
    def outside(self) -> str:
        """区外 / 县外."""
        return f"{self.level}外"


def defaults_for(level: str) -> dict[str, str]:
    """The bodies' words a district file may leave out, from its level."""
    return {
        "office": f"{level}级发展改革部门",
        "labour_bureau": f"{level}级人力社保部门",
        "finance_bureau": f"{level}级财政部门",
    }


def level_of(name: str) -> str:
    """The level a district's name ends in (延庆区 -> 区), else 县."""
    return name[-1] if name and name[-1] in LEVELS else "县"


_cached: Terms | None = None


def terms() -> Terms:
    """The district's words (read once per process; see the module's docstring)."""
    global _cached
    if _cached is None:
        from yiguoji.core.models import District

        try:
            district = District.objects.filter(singleton=True).first()
        except ProgrammingError as error:
            # Before the first migrate (e.g. makemigrations) the table is missing: the defaults.
            # Any other database error (a cancelled statement, a lost connection) is raised, not
            # swallowed and the query issued again by the next caller (issue 12).
            if not isinstance(error.__cause__, psycopg.errors.UndefinedTable):
                raise
            return Terms()
        # No district loaded yet: the generic words, kept until one is saved.
        _cached = district.terms if district is not None else Terms()
    return _cached


def forget() -> None:
    """Drop this process's copy (the district row changed, or a test starts)."""
    global _cached
    _cached = None


def _word(name: str) -> str:
    return str(getattr(terms(), name))


term = lazy(_word, str)
"""A lazy ``str`` of one word, for choice labels: ``term("office")`` reads 区发展改革委 in
Yanqing and 县发展改革局 in a county that says so, whenever it is shown."""

TERM_NAMES = tuple(f.name for f in fields(Terms))
