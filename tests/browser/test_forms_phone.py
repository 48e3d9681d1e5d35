"""In Chromium (issue 10): submitting a wage ledger asks first and sends once (item 17), and the
main pages fit a 390 px phone without scrolling sideways (item 20)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from payroll.choices import LedgerStatus
from payroll.services.ledgers import ledger_replace_lines
from projects.choices import ProjectStatus
from tests.browser.conftest import ARTIFACTS, sign_in
from tests.factories import PASSWORD
from tests.payroll.ledger_site import MAY, build_site
from tests.projects.factories import ProjectFactory
from yiguoji.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def ledger(make_user):
    site = build_site(make_user)
    ledger = ledger_replace_lines(
        acting_user=site.unit, project=site.project, month=MAY, lines=site.lines()
    )
    return site, ledger


def test_submitting_a_ledger_asks_first_and_sends_once(live_server, page, ledger):
    site, ledger = ledger
    url = reverse("payroll:ledger_submit", args=[ledger.pk])
    sign_in(page, live_server.url, site.unit.username, PASSWORD)
    page.goto(live_server.url + reverse("payroll:ledger_detail", args=[ledger.pk]))
    asked, posts = [], []
    answer = {"accept": False}

    def on_dialog(dialog):
        asked.append((dialog.type, dialog.message))
        dialog.accept() if answer["accept"] else dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("request", lambda r: r.method == "POST" and r.url.endswith(url) and posts.append(r))
    button = page.get_by_role("button", name="提交台账")

    button.click()  # cancelled: nothing sent
    assert asked == [("confirm", "提交后台账不能再修改（退回后才能修改），确定提交吗？")]
    assert posts == [] and button.is_enabled()

    answer["accept"] = True
    button.click()
    page.wait_for_load_state("networkidle")
    assert len(posts) == 1
    assert "已提交" in page.get_by_role("alert").first.inner_text()
    ledger.refresh_from_db()
    assert ledger.status == LedgerStatus.SUBMITTED


PHONE = {"width": 390, "height": 844}


def _fits(page, base: str, path: str, name: str) -> int:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(ARTIFACTS / f"phone-{name}.png"), full_page=True)
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_main_pages_fit_a_phone(live_server, browser, ledger, make_user):
    """The project page with its wage table and the annual list with its summary and
    candidates (the two pages the issue names), and a handful of other main pages, for the
    project unit and the district office: nothing wider than the screen."""
    ARTIFACTS.mkdir(exist_ok=True)
    site, ledger = ledger
    office = make_user(Role.DISTRICT_OFFICE, username="office")
    long_name = "岔道村至八达岭镇石峡村山区防火道及配套排水边沟修缮工程（二期）"
    for status in (ProjectStatus.REVIEWED, ProjectStatus.LISTED):
        ProjectFactory(name=long_name, status=status, funding=Decimal("1250000"))
    pages = {
        "project": reverse("projects:detail", args=[site.project.pk]),
        "annual": reverse("projects:annual") + "?year=2026",
        "ledger": reverse("payroll:ledger_detail", args=[ledger.pk]),
        "ledgers": reverse("payroll:ledgers"),
        "projects": reverse("projects:list"),
        "home": "/",
        "project-form": reverse("projects:edit", args=[site.project.pk]),
    }
    too_wide = {}
    for user in (site.unit, office):
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        context.set_default_timeout(15_000)
        page = context.new_page()
        sign_in(page, live_server.url, user.username, PASSWORD)
        for name, path in pages.items():
            width = _fits(page, live_server.url, path, f"{user.username}-{name}")
            if width > PHONE["width"]:
                too_wide[f"{user.username} {path}"] = width
        # The wage table is there on the project page, in its scrolling frame.
        page.goto(live_server.url + pages["project"])
        wages = page.locator(".table-responsive table", has_text="应发（元）")
        assert wages.count() == 1
        context.close()
    assert too_wide == {}
