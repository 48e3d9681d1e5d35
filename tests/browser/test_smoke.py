"""Every demo role signs in through the browser and reaches its home page (screenshots kept)."""

import io

import pytest

from tests.browser.conftest import sign_in
from yiguoji.core.demo import demo_password, demo_users, seed_core
from yiguoji.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_each_demo_role_signs_in_and_sees_its_home(live_server, page, artifacts):
    seed_core(io.StringIO())
    roles = {label: value for value, label in Role.choices}
    seen_roles = set()
    for row in demo_users():
        sign_in(page, live_server.url, row["username"], demo_password())
        assert page.url.rstrip("/") == live_server.url, f"{row['username']} stayed on {page.url}"
        heading = page.locator("h1").first.inner_text()
        assert heading == f"您好，{row['full_name']}"
        assert page.get_by_test_id("home-tasks").is_visible()
        assert row["role"] in page.locator("header").inner_text()
        page.screenshot(path=str(artifacts / f"home-{row['username']}.png"), full_page=True)
        seen_roles.add(roles[row["role"]])
        page.locator("header .dropdown-toggle").click()
        page.get_by_role("button", name="退出登录").click()
        page.wait_for_url(f"{live_server.url}/login/")
    assert seen_roles == set(Role.values)


def test_five_wrong_passwords_lock_the_account_in_the_browser(live_server, page, artifacts):
    seed_core(io.StringIO())
    for _ in range(5):
        sign_in(page, live_server.url, "township_bdl", "wrong-password")
    alert = page.get_by_role("alert").inner_text()
    assert "已被锁定" in alert
    page.screenshot(path=str(artifacts / "login-locked.png"))
