"""Production settings: refuse to start without secrets; `check --deploy` is clean when set.

These run ``manage.py`` in a subprocess with a production-like environment, exactly as an
operator would, against the same database and Redis as the test run.
"""

import os
import subprocess
import sys

from django.conf import settings

REAL_KEY = "k3J9x-Qp2LmZ8vT1wR6yN4bH7cF0dS5aE9gU2iO3pK8jM1nB6vC4xZ7"
DATA_KEY = "p8Rt2-Wq5NmX1zY7vB3cK9jH4gF6dS0aL2eU8iO5pQ1wM3nT7vC9xZ4"


def _manage(*args, **env):
    hidden = (
        "DEBUG",
        "SECRET_KEY",
        "PERSONAL_DATA_KEY",
        "PERSONAL_DATA_KEYS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    environment = {k: v for k, v in os.environ.items() if k not in hidden}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY=REAL_KEY,
        PERSONAL_DATA_KEY=DATA_KEY,
        ALLOWED_HOSTS="yiguoji.example.gov.cn",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key():
    result = _manage("check", DEBUG="false", ALLOWED_HOSTS="yiguoji.example.gov.cn")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_placeholder_secret_key():
    result = _manage(
        "check", DEBUG="false", SECRET_KEY="change-me", ALLOWED_HOSTS="yiguoji.example.gov.cn"
    )
    assert result.returncode != 0
    assert "placeholder" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage(
        "check", DEBUG="false", SECRET_KEY=REAL_KEY, PERSONAL_DATA_KEY=DATA_KEY, ALLOWED_HOSTS=""
    )
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_refuses_to_start_without_personal_data_key():
    """No fallback to SECRET_KEY (issue 17 item 5): rotating it would lose every number."""
    result = _manage(
        "check", DEBUG="false", SECRET_KEY=REAL_KEY, ALLOWED_HOSTS="yiguoji.example.gov.cn"
    )
    assert result.returncode != 0
    assert "PERSONAL_DATA_KEY is not set" in result.stderr
