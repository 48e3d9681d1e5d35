"""``/healthz``: is the database reachable, is Redis reachable? 200 when both, else 503."""

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

TIMEOUT_SECONDS = 2


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "down"; the class tells operators why
        return f"error: {type(error).__name__}"
    return "ok"


def _redis() -> str:
    url = settings.CACHES["default"]["LOCATION"]
    try:
        client = redis.Redis.from_url(
            url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS
        )
        client.ping()
        client.close()
    except Exception as error:
        return f"error: {type(error).__name__}"
    return "ok"


@login_not_required
@never_cache
def healthz(request):
    checks = {"database": _database(), "redis": _redis()}
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )
