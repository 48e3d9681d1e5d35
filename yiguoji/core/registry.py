"""What apps add to the shared shell, registered from each app's ``portal.py``.

The core knows no app (style.md, "Which way the imports run"): apps register their menu entries,
home-page tasks, periodic Celery jobs, page slots and demo data here, in ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from yiguoji.core import access

# Menu sections in the order they appear; apps name one of these.
SECTIONS = ("工作台", "项目管理", "务工人员", "劳务报酬", "技能培训", "监测考核", "系统管理")


@dataclass(frozen=True)
class NavItem:
    section: str
    label: str
    url_name: str
    capability: str
    icon: str = "circle"
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass
class HomeTask:
    """One line of a home page's to-do list: "3 个储备项目待审查"."""

    label: str
    url: str
    count: int | None = None
    level: str = "warning"  # info / warning / danger
    hint: str = ""


@dataclass
class _Registry:
    nav: list[NavItem] = field(default_factory=list)
    home: list[Callable] = field(default_factory=list)
    seeders: list[tuple[int, str, Callable]] = field(default_factory=list)
    slots: dict[str, list[Callable]] = field(default_factory=dict)


_registry = _Registry()


def nav(
    section: str,
    label: str,
    url_name: str,
    *,
    capability: str,
    icon: str = "circle",
    order: int = 100,
) -> None:
    if section not in SECTIONS:
        raise ValueError(f"unknown menu section {section!r}")
    item = NavItem(section, label, url_name, capability, icon, order)
    if item not in _registry.nav:
        _registry.nav.append(item)


def menu_for(user) -> list[tuple[str, list[NavItem]]]:
    """The menu sections and entries this user's role may use, in display order."""
    visible = [item for item in _registry.nav if access.has(user, item.capability)]
    return [
        (section, sorted((i for i in visible if i.section == section), key=lambda i: i.order))
        for section in SECTIONS
        if any(i.section == section for i in visible)
    ]


def home_tasks(provider: Callable) -> Callable:
    """Register ``provider(user) -> list[HomeTask]`` for the home page's to-do list."""
    if provider not in _registry.home:
        _registry.home.append(provider)
    return provider


def tasks_for(user) -> list[HomeTask]:
    tasks: list[HomeTask] = []
    for provider in _registry.home:
        tasks.extend(provider(user))
    return tasks


def periodic(name: str, task: str, schedule, *, args: tuple = (), kwargs: dict | None = None):
    """Add a Celery beat entry (``schedule`` is a celery.schedules.crontab or seconds)."""
    from yiguoji.celery import app

    # In place: with the CELERY_ settings namespace, ``app.conf.beat_schedule`` reads
    # settings.CELERY_BEAT_SCHEDULE first, so assigning a new dict would be shadowed by it and
    # beat would schedule nothing.
    app.conf.beat_schedule[name] = {
        "task": task,
        "schedule": schedule,
        "args": args,
        "kwargs": kwargs or {},
    }


def demo_seeder(order: int, name: str) -> Callable:
    """Register ``seeder(stdout)`` for ``manage.py seed_demo``; lower ``order`` runs first."""

    def register(function: Callable) -> Callable:
        if all(existing is not function for _, _, existing in _registry.seeders):
            _registry.seeders.append((order, name, function))
        return function

    return register


def seeders() -> list[tuple[int, str, Callable]]:
    return sorted(_registry.seeders, key=lambda entry: entry[0])


def slot(name: str) -> Callable:
    """Let a higher app render part of a lower app's page: ``provider(request, obj) -> str``."""

    def register(provider: Callable) -> Callable:
        providers = _registry.slots.setdefault(name, [])
        if provider not in providers:
            providers.append(provider)
        return provider

    return register


def slot_providers(name: str) -> list[Callable]:
    return list(_registry.slots.get(name, []))
