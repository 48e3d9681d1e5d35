"""The typed settings readers refuse placeholders and missing production secrets."""

import json

import pytest
from django.core.exceptions import ImproperlyConfigured

from yiguoji import conf

REAL = "k3J9x-Qp2LmZ8vT1wR6yN4bH7cF0dS5aE9gU2iO3pK8jM1nB6vC4xZ7"


@pytest.mark.parametrize(
    "value", ["changeme", "django-insecure-abc", "please-change-me-now" * 3, "short", "a" * 60]
)
def test_secret_refuses_placeholders(value, tmp_path):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        conf.secret("SECRET_KEY", value, debug=False, dev_store=tmp_path / "s.json")


def test_secret_missing_in_production_refuses_to_start(tmp_path):
    with pytest.raises(ImproperlyConfigured, match="DEBUG=false"):
        conf.secret("SECRET_KEY", "", debug=False, dev_store=tmp_path / "s.json")


def test_secret_from_environment_is_used(tmp_path):
    assert conf.secret("SECRET_KEY", REAL, debug=False, dev_store=tmp_path / "s.json") == REAL


def test_development_secret_is_generated_once_and_kept(tmp_path):
    store = tmp_path / "var" / "dev.json"
    first = conf.secret("SECRET_KEY", "", debug=True, dev_store=store)
    second = conf.secret("SECRET_KEY", "", debug=True, dev_store=store)
    assert first == second and len(first) >= 50
    assert json.loads(store.read_text())["SECRET_KEY"] == first
    assert oct(store.stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    ("url", "broker", "cache"),
    [
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("unix:///x/redis.sock", "redis+socket:///x/redis.sock", "unix:///x/redis.sock"),
        ("/x/redis.sock", "redis+socket:///x/redis.sock", "unix:///x/redis.sock"),
    ],
)
def test_redis_urls(url, broker, cache):
    assert conf.redis_urls(url) == (broker, cache)


def test_redis_url_with_unknown_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        conf.redis_urls("http://localhost")


OTHER = "p8Rt2-Wq5NmX1zY7vB3cK9jH4gF6dS0aL2eU8iO5pQ1wM3nT7vC9xZ4"


def test_personal_data_key_is_required_in_production_with_no_secret_key_fallback():
    with pytest.raises(ImproperlyConfigured, match="PERSONAL_DATA_KEY is not set"):
        conf.personal_data_keys("", "", debug=False, dev_fallback=REAL)
    # development keeps working without one (make run, make test)
    assert conf.personal_data_keys("", "", debug=True, dev_fallback=REAL) == ((1, REAL),)


def test_personal_data_keys_are_versioned_current_first():
    assert conf.personal_data_keys("", REAL, debug=False, dev_fallback="") == ((1, REAL),)
    keys = conf.personal_data_keys(f"2:{OTHER}, 1:{REAL}", "", debug=False, dev_fallback="")
    assert keys == ((2, OTHER), (1, REAL))


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        (f"0:{REAL}", "VERSION 1-255"),
        (f"x:{REAL}", "VERSION 1-255"),
        (f"2:{REAL},2:{OTHER}", "given twice"),
        ("2:change-me-please-change-me-please-change-me-please", "placeholder"),
    ],
)
def test_bad_personal_data_keys_are_refused(keys, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        conf.personal_data_keys(keys, "", debug=False, dev_fallback="")


def test_personal_data_key_and_keys_together_are_refused():
    with pytest.raises(ImproperlyConfigured, match="not both"):
        conf.personal_data_keys(f"2:{OTHER}", REAL, debug=False, dev_fallback="")
