"""A statement timeout for web requests only, and a plain Chinese page when it fires (issue 12).

A page that asks the database for more than ``WEB_STATEMENT_TIMEOUT_SECONDS`` (per statement) is
cancelled by PostgreSQL instead of keeping database processes busy after the visitor has given
up; the visitor gets a 503 page that says so, and the query is not issued again.

Only processes that serve web requests set it: :class:`StatementTimeoutMiddleware` marks the
process when Django builds its request handler (gunicorn, runserver, the test client), and every
database connection opened afterwards in that process starts with ``SET statement_timeout``.
Migrations, Celery workers and management commands never build a request handler, so their
statements run without a limit (the nightly reports and imports are long by nature).
"""

from __future__ import annotations

import logging

import psycopg.errors
from django.conf import settings
from django.db import OperationalError
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.template.loader import render_to_string

log = logging.getLogger(__name__)

_serving_web = False


def serving_web(on: bool = True) -> None:
    """Mark this process as one that serves web requests (or not, for tests)."""
    global _serving_web
    _serving_web = on


def timeout_ms() -> int:
    return int(settings.WEB_STATEMENT_TIMEOUT_SECONDS * 1000)


@receiver(connection_created, dispatch_uid="yiguoji-web-statement-timeout")
def _limit_web_connections(sender, connection, **kwargs) -> None:
    if _serving_web and connection.vendor == "postgresql" and timeout_ms() > 0:
        with connection.cursor() as cursor:
            cursor.execute(f"SET statement_timeout = {timeout_ms()}")


def is_timeout(error: BaseException) -> bool:
    """Whether ``error`` is PostgreSQL cancelling a statement for taking too long."""
    return isinstance(error, OperationalError) and isinstance(
        error.__cause__, psycopg.errors.QueryCanceled
    )


class StatementTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        serving_web()

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_timeout(exception):
            return None  # every other database error reaches the error handler as it is
        log.warning("statement timeout on %s %s", request.method, request.get_full_path()[:300])
        # Rendered without the site's context processors: the transaction may be aborted, and
        # the page must not ask the database anything.
        seconds = settings.WEB_STATEMENT_TIMEOUT_SECONDS
        body = render_to_string("errors/statement_timeout.html", {"seconds": seconds})
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})
