"""Web requests only get a statement timeout; when it fires the visitor reads why (issue 12)."""

from __future__ import annotations

import pytest
from django.db import connection, connections
from django.urls import reverse

from yiguoji.core import statement_timeout
from yiguoji.core.roles import Role


def _timeout_of_a_new_connection() -> str:
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            return cursor.fetchone()[0]
    finally:
        fresh.close()


@pytest.fixture
def web_process():
    statement_timeout.serving_web(True)
    yield
    statement_timeout.serving_web(False)


def test_a_web_process_limits_its_new_connections(db, web_process, settings):
    settings.WEB_STATEMENT_TIMEOUT_SECONDS = 7
    assert _timeout_of_a_new_connection() == "7s"


def test_celery_migrations_and_commands_have_no_limit(db):
    statement_timeout.serving_web(False)  # a process that never built a request handler
    assert _timeout_of_a_new_connection() == "0"


def test_a_cancelled_page_says_so_in_chinese_and_is_not_run_again(
    make_user, client_for, monkeypatch
):
    calls = []

    def slow(user):
        calls.append(user)
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")

    from payroll.views import ledger_lists

    monkeypatch.setattr(ledger_lists.ArrearsView, "selector", staticmethod(slow))
    client = client_for(make_user(Role.DISTRICT_OFFICE))
    response = client.get(reverse("payroll:arrears"))
    assert response.status_code == 503
    page = response.content.decode()
    assert "查询超时" in page and "没有修改任何数据" in page and "请缩小范围" in page
    assert len(calls) == 1  # not issued again


def test_other_database_errors_are_not_turned_into_the_timeout_page(
    make_user, client_for, monkeypatch
):
    def broken(user):
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM no_such_table")

    from payroll.views import ledger_lists

    monkeypatch.setattr(ledger_lists.ArrearsView, "selector", staticmethod(broken))
    client = client_for(make_user(Role.DISTRICT_OFFICE))
    client.raise_request_exception = True
    with pytest.raises(Exception, match="no_such_table"):
        client.get(reverse("payroll:arrears"))


def test_the_district_words_raise_a_database_error_instead_of_swallowing_it(db, monkeypatch):
    from django.db import OperationalError

    from yiguoji.core import terms
    from yiguoji.core.models import District

    def cancelled(*args, **kwargs):
        raise OperationalError("canceling statement due to statement timeout")

    terms.forget()
    monkeypatch.setattr(District.objects, "filter", cancelled)
    with pytest.raises(OperationalError):
        terms.terms()
