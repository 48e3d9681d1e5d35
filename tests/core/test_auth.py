"""Sign-in: Chinese messages, lockout after five wrong passwords, idle timeout, password change."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_right_password_reaches_the_home_page(make_user):
    user = make_user(Role.TOWNSHIP, full_name="刘强")
    client = Client()
    response = _login(client, user.username, PASSWORD)
    assert response.status_code == 302 and response.headers["Location"] == reverse("home")
    assert "您好，刘强" in client.get(reverse("home")).content.decode()


def test_wrong_password_says_so_in_chinese(make_user):
    user = make_user()
    page = _login(Client(), user.username, "wrong").content.decode()
    assert "请输入一个正确的" in page


def test_five_wrong_passwords_lock_the_account_with_a_chinese_message(make_user):
    user = make_user()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert "已被锁定" not in _login(client, user.username, "wrong").content.decode()
    response = _login(client, user.username, "wrong")
    assert response.status_code == 403
    page = response.content.decode()
    assert "该账号因连续 5 次密码错误已被锁定" in page and "30 分钟后再试" in page

    # Even the right password is refused while locked, from any browser.
    response = _login(Client(), user.username, PASSWORD)
    assert response.status_code == 403 and "已被锁定" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_the_lockout_ends_after_the_cool_off(make_user):
    user = make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), user.username, "wrong")
    with time_machine.travel(timedelta(minutes=31)):
        response = _login(Client(), user.username, PASSWORD)
    assert response.status_code == 302


def test_a_lockout_of_one_account_does_not_lock_colleagues(make_user):
    locked, colleague = make_user(), make_user()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), locked.username, "wrong")
    assert _login(Client(), colleague.username, PASSWORD).status_code == 302


def test_idle_session_times_out(make_user):
    client = Client()
    _login(client, make_user().username, PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(timedelta(seconds=settings.SESSION_COOKIE_AGE + 60)):
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.headers["Location"].startswith("/login/")


def test_activity_keeps_the_session_alive(make_user):
    client = Client()
    _login(client, make_user().username, PASSWORD)
    step = timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)
    with time_machine.travel(step):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(step * 2):
        assert client.get(reverse("home")).status_code == 200


def test_password_change(make_user):
    user = make_user()
    client = Client()
    _login(client, user.username, PASSWORD)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Yanqing-2026-new",
            "new_password2": "Yanqing-2026-new",
        },
    )
    assert response.status_code == 302
    assert _login(Client(), user.username, "Yanqing-2026-new").status_code == 302


def test_logout_is_a_post(make_user, client_for):
    client = client_for(make_user())
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
