"""Shared fixtures: per-xdist-worker isolation of Redis, a user per role, signed-in clients."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from tests.factories import DistrictFactory, OrganisationFactory, TownshipFactory, UserFactory
from yiguoji.core.choices import OrgKind
from yiguoji.core.roles import Role


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


@pytest.fixture(autouse=True, scope="session")
def _isolated_redis():
    """Each xdist worker gets its own Celery queue and cache key prefix on the shared Redis."""
    from django.conf import settings

    from yiguoji import queues
    from yiguoji.celery import app

    queue = f"yiguoji-test-{_worker()}"
    queues.use_default(app, queue)  # and its imports, pdfs and reports queues
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{_worker()}"
    # Password hashing is deliberately slow; tests only need it to be a hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Messages left by an earlier run name jobs that no longer exist: start from an empty queue.
    with app.connection_for_write() as connection:
        for name in queues.names(queue):
            connection.default_channel.queue_purge(name)
    yield


@pytest.fixture(autouse=True, scope="session")
def _no_statement_timeout_at_teardown(django_db_setup):
    """The test client marks the process as serving web, so every later connection gets the web
    statement timeout; the test databases' teardown (DROP DATABASE on a loaded machine) must not."""
    from yiguoji.core import statement_timeout

    yield
    statement_timeout.serving_web(False)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread) consuming this test worker's queue on the real Redis.

    Tasks run against the test database through their own connection, so tests using it see
    committed data only (``transactional_db``).
    """
    from celery.contrib.testing.worker import start_worker

    from yiguoji.celery import app

    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=30, loglevel="WARNING"
    ) as worker:
        yield worker


@pytest.fixture(autouse=True)
def _district_words():
    """The district's words are kept per process (yiguoji.core.terms); a test's district (rolled
    back after it) must not leak into the next test."""
    from yiguoji.core.terms import forget

    forget()
    yield
    forget()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def district(db):
    return DistrictFactory()


@pytest.fixture
def township(db):
    return TownshipFactory(name="八达岭镇", code="06")


@pytest.fixture
def other_township(db):
    return TownshipFactory(name="张山营镇", code="09")


@pytest.fixture
def make_user(db, township):
    """make_user(role, **kwargs): a user of that role (township users sit in ``township``)."""

    def make(role: str = Role.DISTRICT_OFFICE, **kwargs):
        if role == Role.TOWNSHIP and "organisation" not in kwargs:
            kwargs["organisation"] = OrganisationFactory(
                name=f"{township.name}人民政府", kind=OrgKind.TOWNSHIP, township=township
            )
        return UserFactory(role=role, **kwargs)

    return make


@pytest.fixture
def client_for(db):
    """client_for(user): a test client signed in as ``user``."""

    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def fresh_cache():
    """Deletes this test worker's cache keys (cached public pages, rate-limit counters) before
    and after the test, never the whole Redis database (the Celery queues live there too)."""
    from django.core.cache import cache

    def clear():
        client = cache._cache.get_client(None, write=True)
        for key in client.scan_iter(match=cache.make_key("*"), count=500):
            client.delete(key)

    clear()
    yield clear
    clear()
